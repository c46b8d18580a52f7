resource "terraform_data" "db" {
  input = "db"
}

moved {
  from = terraform_data.old
  to   = terraform_data.db
}

output "db" {
  value = terraform_data.db.output
}
