variable "name" {
  type = string
}

variable "tier" {
  type    = string
  default = "standard"
}

resource "terraform_data" "this" {
  input = "${var.name}-${var.tier}"
}

output "name" {
  value = terraform_data.this.output
}

output "id" {
  value = terraform_data.this.id
}
