# A single terraform_data resource is created from an empty state; after apply
# its output mirrors its input.
resource "terraform_data" "hello" {
  input = "hello, world"
}

output "hello" {
  value = terraform_data.hello.output
}
