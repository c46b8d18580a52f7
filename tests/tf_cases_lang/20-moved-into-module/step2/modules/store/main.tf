variable "kind" {
  type = string
}

resource "terraform_data" "this" {
  input = var.kind
}

output "kind" {
  value = terraform_data.this.output
}
