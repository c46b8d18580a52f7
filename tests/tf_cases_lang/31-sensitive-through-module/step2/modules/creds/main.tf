variable "key" {
  type = string
}

variable "user" {
  type = string
}

resource "terraform_data" "user" {
  input = var.user
}

output "conn" {
  value = "${var.user}:${var.key}"
}

output "user" {
  value = terraform_data.user.output
}
