# When only output values change (a local used only by an output, or an
# output added or removed) there is no "Plan:" line; Terraform prints
# "Changes to Outputs:" and generate.py records "Changes to Outputs.".
locals {
  greeting = "bonjour"
}

resource "terraform_data" "r" {
  input = "fixed"
}

output "greeting" {
  value = local.greeting
}
