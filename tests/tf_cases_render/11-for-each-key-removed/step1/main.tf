# for_each loses a key: that instance is destroyed with its reason.
resource "terraform_data" "k" {
  for_each = toset(["a", "b"])
  input    = each.key
}
