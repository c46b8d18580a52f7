variable "index" {
  type = number
}

resource "terraform_data" "r" {
  input = "replica-${var.index}"
}

output "name" {
  value = terraform_data.r.output
}
