module "m" {
  source = "./modules/m"
  size   = 2
}

output "value" {
  value = module.m.value
}
