variable "name" {
  type = string
}

resource "terraform_data" "leaf" {
  input = upper(var.name)
}

output "value" {
  value = terraform_data.leaf.output
}
