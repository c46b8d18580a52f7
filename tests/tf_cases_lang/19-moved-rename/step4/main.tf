resource "terraform_data" "database" {
  input = "db-v2"
}

output "db" {
  value = terraform_data.database.output
}
