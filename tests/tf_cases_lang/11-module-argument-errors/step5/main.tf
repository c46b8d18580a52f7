module "m" {
  source = "./modules/m"
  name   = "ok"
  size   = "big"
}

output "value" {
  value = module.m.value
}
