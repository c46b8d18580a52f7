# Several *.auto.tfvars files are loaded in lexical filename order, so the
# last one wins per variable; with repeated -var flags the last one wins.
variable "color" {
  type    = string
  default = "none"
}

variable "size" {
  type    = number
  default = 0
}

resource "terraform_data" "box" {
  input = "${var.color}/${var.size}"
}

output "box" {
  value = terraform_data.box.output
}
