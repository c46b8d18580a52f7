# replace_triggered_by with for_each: each app instance names the matching
# config instance (terraform_data.config[each.key]), so changing one
# region's config replaces only that region's app.
variable "configs" {
  type = map(string)
  default = {
    eastus = "e1"
    westus = "w1"
  }
}

resource "terraform_data" "config" {
  for_each = var.configs
  input    = each.value
}

resource "terraform_data" "app" {
  for_each = var.configs
  input    = "app-${each.key}"

  lifecycle {
    replace_triggered_by = [terraform_data.config[each.key]]
  }
}

output "apps" {
  value = { for k, a in terraform_data.app : k => a.output }
}
