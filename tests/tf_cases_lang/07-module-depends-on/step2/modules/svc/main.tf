variable "name" {
  type = string
}

resource "terraform_data" "svc" {
  input = var.name
}

output "name" {
  value = terraform_data.svc.output
}
