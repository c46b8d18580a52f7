# The HA/DR idiom: one module called twice, once per region. The active
# region runs two app nodes and the passive one a single node. Failing
# over (step 2, active = "westus") swaps the roles: databases update in
# place, app nodes are added on one side and removed
# (delete_because_count_index) on the other.
variable "active" {
  type    = string
  default = "eastus"
}

locals {
  regions = ["eastus", "westus"]
  passive = [for r in local.regions : r if r != var.active][0]
}

module "east" {
  source   = "./modules/region"
  location = "eastus"
  active   = var.active == "eastus"
}

module "west" {
  source   = "./modules/region"
  location = "westus"
  active   = var.active == "westus"
}

output "roles" {
  value = {
    eastus = module.east.role
    westus = module.west.role
  }
}

output "app_nodes" {
  value = concat(module.east.app_nodes, module.west.app_nodes)
}

output "passive" {
  value = local.passive
}
