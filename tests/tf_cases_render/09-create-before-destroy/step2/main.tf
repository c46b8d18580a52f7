resource "terraform_data" "x" {
  input            = "a"
  triggers_replace = ["2"]
  lifecycle {
    create_before_destroy = true
  }
}
