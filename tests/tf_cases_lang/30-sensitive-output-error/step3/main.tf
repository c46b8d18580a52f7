variable "password" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

resource "terraform_data" "db" {
  input = "db"
}

output "password_length" {
  value = nonsensitive(length(var.password))
}

output "password_hash" {
  value = nonsensitive(sha256(var.password))
}
