resource "terraform_data" "db" {
  count = 1
  input = "db"
}

output "db" {
  value = terraform_data.db[0].output
}
