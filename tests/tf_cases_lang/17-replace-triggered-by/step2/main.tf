# lifecycle replace_triggered_by: when terraform_data.config is updated in
# place (step 2), the resources naming it (whole resource or its output
# attribute) are replaced with reason replace_by_triggers; one naming an
# unchanged resource is not. Step 3 changes nothing, and nothing is replaced.
variable "setting" {
  type    = string
  default = "a"
}

resource "terraform_data" "config" {
  input = var.setting
}

resource "terraform_data" "stable" {
  input = "stable"
}

resource "terraform_data" "by_resource" {
  input = "r"

  lifecycle {
    replace_triggered_by = [terraform_data.config]
  }
}

resource "terraform_data" "by_attribute" {
  input = "a"

  lifecycle {
    replace_triggered_by = [terraform_data.config.output]
  }
}

resource "terraform_data" "by_stable" {
  input = "s"

  lifecycle {
    replace_triggered_by = [terraform_data.stable]
  }
}

output "setting" {
  value = terraform_data.config.output
}
