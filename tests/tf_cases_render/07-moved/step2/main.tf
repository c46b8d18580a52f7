resource "terraform_data" "b" {
  input = "same"
}

moved {
  from = terraform_data.a
  to   = terraform_data.b
}

resource "terraform_data" "d" {
  input = "new"
}

moved {
  from = terraform_data.c
  to   = terraform_data.d
}
