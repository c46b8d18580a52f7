# Lowering count from 3 to 2 destroys only the highest index
# (reason delete_because_count_index); raising it to 4 creates [2] and [3].
variable "n" {
  type    = number
  default = 3
}

resource "terraform_data" "node" {
  count = var.n
  input = "node-${count.index + 1}"
}

output "nodes" {
  value = terraform_data.node[*].output
}

output "count" {
  value = length(terraform_data.node)
}
