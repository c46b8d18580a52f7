module "region" {
  source   = "./modules/region"
  for_each = toset(["eastus", "westus"])
  location = each.key
}

moved {
  from = module.region
  to   = module.region["eastus"]
}

output "rgs" {
  value = [for k in ["eastus", "westus"] : module.region[k].rg]
}
