# Moving counted instances to for_each keys with moved blocks, one per
# index (node[0] to node["a"], ...): no object is replaced (step 2). A
# moved block whose source is still declared by the configuration is an
# error (step 3). Removing a key afterwards deletes just that instance
# (step 4).
variable "names" {
  type    = list(string)
  default = ["a", "b", "c"]
}

resource "terraform_data" "node" {
  count = length(var.names)
  input = var.names[count.index]
}

output "nodes" {
  value = terraform_data.node[*].output
}
