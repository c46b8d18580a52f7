resource "terraform_data" "database" {
  input = "db-v2"
}

moved {
  from = terraform_data.old
  to   = terraform_data.db
}

moved {
  from = terraform_data.db
  to   = terraform_data.database
}

output "db" {
  value = terraform_data.database.output
}
