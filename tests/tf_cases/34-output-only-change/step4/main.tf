resource "terraform_data" "r" {
  input = "fixed"
}

output "r" {
  value = terraform_data.r.output
}
