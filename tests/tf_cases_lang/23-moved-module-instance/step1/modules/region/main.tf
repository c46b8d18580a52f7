variable "location" {
  type = string
}

resource "terraform_data" "rg" {
  input = "rg-${var.location}"
}

output "rg" {
  value = terraform_data.rg.output
}
