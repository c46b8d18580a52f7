locals {
  via_local = terraform_data.c.output
}

resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = local.via_local
}

resource "terraform_data" "c" {
  input = terraform_data.b.output
}
