# Values are converted to the declared variable type; a value that cannot be
# converted fails with "Invalid value for input variable" (step 2), and a
# wrongly typed default is an "Invalid default value for variable" (step 3).
variable "port" {
  type    = number
  default = "eighty"
}

resource "terraform_data" "r" {
  input = var.port + 1
}

output "r" {
  value = terraform_data.r.output
}
