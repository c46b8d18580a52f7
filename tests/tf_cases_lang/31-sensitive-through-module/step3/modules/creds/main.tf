variable "key" {
  type      = string
  sensitive = true
}

variable "user" {
  type = string
}

resource "terraform_data" "user" {
  input = var.user
}

output "conn" {
  value     = "${var.user}:${var.key}"
  sensitive = true
}

output "user" {
  value = terraform_data.user.output
}
