# Two resources that reference each other's output form a dependency cycle;
# the plan fails with a "Cycle:" error. (Terraform starts the list at an
# arbitrary node; generate.py rotates it to start at the smallest name.)
resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = terraform_data.a.output
}
