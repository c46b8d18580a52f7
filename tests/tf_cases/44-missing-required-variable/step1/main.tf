# A variable without a default must be given a value; with -input=false the
# plan fails ("No value for required variable"). Step 2 supplies it in
# terraform.tfvars.
variable "region" {
  type = string
}

resource "terraform_data" "r" {
  input = "region=${var.region}"
}

output "r" {
  value = terraform_data.r.output
}
