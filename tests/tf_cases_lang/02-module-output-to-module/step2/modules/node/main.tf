variable "label" {
  type = string
}

variable "upstream" {
  type    = string
  default = null
}

resource "terraform_data" "node" {
  input = {
    label    = var.label
    upstream = var.upstream
  }
}

output "id" {
  value = terraform_data.node.id
}

output "label" {
  value = terraform_data.node.output.label
}

output "has_upstream" {
  value = var.upstream != null
}
