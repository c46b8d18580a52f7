variable "password" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

resource "terraform_data" "db" {
  input = "db"
}

output "connection" {
  value     = "user:${var.password}@db"
  sensitive = true
}

output "password_length" {
  value     = length(var.password)
  sensitive = true
}
