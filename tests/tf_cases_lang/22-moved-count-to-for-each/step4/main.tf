variable "names" {
  type    = list(string)
  default = ["a", "c"]
}

resource "terraform_data" "node" {
  for_each = toset(var.names)
  input    = each.key
}

output "nodes" {
  value = [for k in sort(keys(terraform_data.node)) : terraform_data.node[k].output]
}
