resource "terraform_data" "db" {
  input = "db"
}

output "db" {
  value = terraform_data.db.output
}
