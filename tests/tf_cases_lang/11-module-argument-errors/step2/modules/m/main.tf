variable "name" {
  type = string
}

variable "size" {
  type    = number
  default = 1
}

resource "terraform_data" "m" {
  input = "${var.name}-${var.size}"
}

output "value" {
  value = terraform_data.m.output
}
