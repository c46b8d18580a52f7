# Moving resources out of a module and renaming the module: a moved block
# from module.legacy.terraform_data.keep to terraform_data.keep, and one
# from module.legacy to module.current (which moves every resource in it).
module "legacy" {
  source = "./modules/legacy"
}

output "kept" {
  value = module.legacy.kept
}
