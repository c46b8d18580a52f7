# Turning a single module call into a for_each over regions: moved { from =
# module.region, to = module.region["eastus"] } keeps the existing region's
# resources and only the new region's are created.
module "region" {
  source   = "./modules/region"
  location = "eastus"
}

output "rgs" {
  value = [module.region.rg]
}
