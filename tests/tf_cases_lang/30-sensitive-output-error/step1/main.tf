# sensitive propagates through expressions: an output built from a
# sensitive variable without sensitive = true is an error ("Output refers
# to sensitive values", step 1); with it the output is stored as sensitive
# (step 2). nonsensitive() lifts the mark (step 3). An attribute the
# provider computes from a sensitive argument is not sensitive: step 4
# outputs terraform_data's output, set from the sensitive input, without
# sensitive = true, and Terraform stores it in plain text.
variable "password" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

resource "terraform_data" "db" {
  input = "db"
}

output "connection" {
  value = "user:${var.password}@db"
}
