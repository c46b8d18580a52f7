# A module toggled with count = var.dr ? 1 : 0: disabling it (step 2)
# destroys its resources (delete_because_no_module) and one() of the empty
# splat is null, so that output disappears; enabling it again (step 3)
# recreates them.
variable "dr" {
  type    = bool
  default = true
}

module "dr" {
  source = "./modules/dr"
  count  = var.dr ? 1 : 0
  site   = "westus"
}

resource "terraform_data" "primary" {
  input = "eastus"
}

output "dr_site" {
  value = one(module.dr[*].site)
}

output "dr_enabled" {
  value = length(module.dr) > 0
}
