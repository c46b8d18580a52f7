# for_each requires a map or a set of strings; a list (tuple) literal is
# rejected with "Invalid for_each argument". Wrapping it in toset() works.
resource "terraform_data" "x" {
  for_each = ["a", "b"]
  input    = each.value
}
