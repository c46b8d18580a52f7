resource "terraform_data" "k" {
  for_each = toset(["a"])
  input    = each.key
}
