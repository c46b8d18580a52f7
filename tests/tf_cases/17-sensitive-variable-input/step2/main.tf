# A sensitive variable flows into `input`. Outputs that read it back through
# terraform_data.db.output are not marked sensitive; changing the secret is an
# update; outputting var.password directly without `sensitive = true` fails.
variable "password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}

resource "terraform_data" "db" {
  input = { user = "admin", password = var.password }
}

output "user" {
  value = terraform_data.db.output.user
}

output "password_length" {
  value = length(terraform_data.db.output.password)
}

output "password_via_output" {
  value = terraform_data.db.output.password
}

output "password_masked" {
  value     = var.password
  sensitive = true
}
