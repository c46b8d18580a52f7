# for_each over a module's instances (for_each = module.region): the keys
# are known at plan even though each instance's vnet id is unknown until
# apply, so peerings are planned per region; adding a region (step 2)
# creates its module resources and its peering only.
variable "regions" {
  type    = set(string)
  default = ["eastus", "westus"]
}

module "region" {
  source   = "./modules/region"
  for_each = var.regions
  location = each.key
}

resource "terraform_data" "peering" {
  for_each = module.region
  input = {
    name   = "peer-${each.key}"
    target = each.value.vnet_id
  }
}

output "peerings" {
  value = sort([for p in terraform_data.peering : p.output.name])
}

output "vnets" {
  value = { for k, m in module.region : k => m.vnet_name }
}
