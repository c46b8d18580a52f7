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
