variable "required" {
  type     = string
  nullable = false
}

resource "terraform_data" "r" {
  input = var.required
}
