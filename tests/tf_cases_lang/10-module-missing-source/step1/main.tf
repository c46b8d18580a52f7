# A module call whose local source directory does not exist is an error
# (Terraform reports it when installing modules during init).
module "net" {
  source = "./modules/network"
}

resource "terraform_data" "x" {
  input = "x"
}
