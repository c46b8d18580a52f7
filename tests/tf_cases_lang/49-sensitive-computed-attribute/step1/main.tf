# An attribute the provider computes from a sensitive argument is not
# sensitive in Terraform: terraform_data's output, set from a sensitive
# input, can be a root output without sensitive = true, and Terraform
# stores and prints it in plain text (step 1 creates, step 2 plans against
# the stored value: no changes).
variable "password" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

resource "terraform_data" "db" {
  input = var.password
}

output "stored" {
  value = terraform_data.db.output
}
