resource "terraform_data" "c" {
  input = "plain"
  triggers_replace = ["t2"]
}
