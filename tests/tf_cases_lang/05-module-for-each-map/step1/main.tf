# for_each over a map on a module: module.region["eastus"] and
# module.region["westus"], each with counted resources inside, giving
# addresses like module.region["eastus"].terraform_data.node[0]. Removing a
# key (step 2) deletes that instance's resources (delete_because_no_module);
# changing a value updates in place.
variable "regions" {
  type = map(number)
  default = {
    eastus = 2
    westus = 1
  }
}

module "region" {
  source   = "./modules/region"
  for_each = var.regions
  location = each.key
  nodes    = each.value
}

output "nodes" {
  value = { for k, m in module.region : k => m.nodes }
}

output "keys" {
  value = keys(module.region)
}
