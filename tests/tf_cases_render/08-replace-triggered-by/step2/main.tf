variable "v" {
  default = "two"
}

resource "terraform_data" "up" {
  input = var.v
}

resource "terraform_data" "down" {
  input = "fixed"
  lifecycle {
    replace_triggered_by = [terraform_data.up]
  }
}
