# sensitive propagates through expressions: an output built from a
# sensitive variable without sensitive = true is an error ("Output refers
# to sensitive values", step 1); with it the output is stored as sensitive
# (step 2). nonsensitive() lifts the mark (step 3).
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
