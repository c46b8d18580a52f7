resource "terraform_data" "store" {
  input = "blob"
}

output "store" {
  value = terraform_data.store.output
}
