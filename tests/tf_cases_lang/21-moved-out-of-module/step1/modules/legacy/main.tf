resource "terraform_data" "keep" {
  input = "keep"
}

resource "terraform_data" "other" {
  input = "other"
}

output "kept" {
  value = terraform_data.keep.output
}
