# A boolean variable toggles `count` between 0 and 1 with a conditional;
# outputs use try() and length() to cope with the missing instance.
variable "enabled" {
  type    = bool
  default = false
}

resource "terraform_data" "feature" {
  count = var.enabled ? 1 : 0
  input = "feature-on"
}

output "feature" {
  value = try(terraform_data.feature[0].output, "disabled")
}

output "instances" {
  value = length(terraform_data.feature)
}
