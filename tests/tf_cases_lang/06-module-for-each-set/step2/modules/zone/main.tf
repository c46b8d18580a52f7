variable "zone" {
  type = string
}

resource "terraform_data" "z" {
  input = "zone-${var.zone}"
}

output "label" {
  value = terraform_data.z.output
}
