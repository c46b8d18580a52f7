# Outputs declared `sensitive = true` are reported as "(sensitive value)"
# even when the value itself is not secret; changing their value is still an
# update of the underlying resource.
variable "token" {
  type    = string
  default = "abc123"
}

resource "terraform_data" "api" {
  input = "token=${var.token}"
}

output "token" {
  value     = terraform_data.api.output
  sensitive = true
}

output "token_length" {
  value = length(terraform_data.api.output)
}
