resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  for_each = { primary = terraform_data.a.id }
  input    = each.value
}

output "b_keys" {
  value = keys(terraform_data.b)
}

output "b_matches_a" {
  value = terraform_data.b["primary"].output == terraform_data.a.id
}
