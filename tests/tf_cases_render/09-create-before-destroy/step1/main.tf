# create_before_destroy: the replacement is made first (+/-).
resource "terraform_data" "x" {
  input            = "a"
  triggers_replace = ["1"]
  lifecycle {
    create_before_destroy = true
  }
}
