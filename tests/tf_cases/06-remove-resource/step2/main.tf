resource "terraform_data" "keep" {
  input = "keep"
}

output "keep" {
  value = terraform_data.keep.output
}
