# Variable value precedence: default < terraform.tfvars < *.auto.tfvars <
# -var on the command line. Removing the files falls back to the default.
variable "env" {
  type    = string
  default = "from-default"
}

resource "terraform_data" "env" {
  input = var.env
}

output "env" {
  value = terraform_data.env.output
}
