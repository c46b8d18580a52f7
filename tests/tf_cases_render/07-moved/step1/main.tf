# A rename with moved, and a rename with a change.
resource "terraform_data" "a" {
  input = "same"
}

resource "terraform_data" "c" {
  input = "old"
}
