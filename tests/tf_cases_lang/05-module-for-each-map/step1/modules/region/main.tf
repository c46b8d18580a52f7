variable "location" {
  type = string
}

variable "nodes" {
  type = number
}

resource "terraform_data" "node" {
  count = var.nodes
  input = "${var.location}-${count.index}"
}

output "nodes" {
  value = terraform_data.node[*].output
}
