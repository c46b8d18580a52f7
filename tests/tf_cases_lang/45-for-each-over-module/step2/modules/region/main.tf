variable "location" {
  type = string
}

resource "terraform_data" "vnet" {
  input = "vnet-${var.location}"
}

output "vnet_id" {
  value = terraform_data.vnet.id
}

output "vnet_name" {
  value = terraform_data.vnet.output
}
