# Modules nest: modules/outer calls ../inner (a source path is relative to
# the calling module's directory), giving the address
# module.outer.module.inner.terraform_data.leaf; outputs pass up two levels.
module "outer" {
  source = "./modules/outer"
  prefix = "prod"
}

output "leaf" {
  value = module.outer.leaf
}

output "both" {
  value = module.outer.both
}
