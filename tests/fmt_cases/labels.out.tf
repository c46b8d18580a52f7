resource "aws_instance" "web" {
  ami = "x"
}
module "m" {
  source = "./m"
}
data "a" "b" {
}
terraform {
  required_version = ">= 1.0"
}
