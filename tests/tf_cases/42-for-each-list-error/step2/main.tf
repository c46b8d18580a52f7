resource "terraform_data" "x" {
  for_each = toset(["a", "b"])
  input    = each.value
}

output "x" {
  value = { for k, v in terraform_data.x : k => v.output }
}
