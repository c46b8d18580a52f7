# Referencing a variable that is not declared fails the plan ("Reference to
# undeclared input variable"); so does passing -var for an undeclared
# variable ("Value for undeclared variable"). Neither touches the state.
variable "name" {
  type    = string
  default = "ok"
}

resource "terraform_data" "r" {
  input = var.name
}

output "r" {
  value = terraform_data.r.output
}
