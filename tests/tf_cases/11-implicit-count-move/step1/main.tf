# Adding `count = 1` to a resource that had no count: Terraform implicitly
# moves terraform_data.db to terraform_data.db[0] instead of replacing it, and
# removing count again moves it back.
resource "terraform_data" "db" {
  input = "db"
}

output "db" {
  value = terraform_data.db.output
}
