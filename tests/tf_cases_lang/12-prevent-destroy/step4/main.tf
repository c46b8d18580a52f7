resource "terraform_data" "other" {
  input = "other"
}
