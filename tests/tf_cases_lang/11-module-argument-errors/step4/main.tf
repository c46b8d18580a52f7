module "m" {
  source = "./modules/m"
  name   = "ok"
}

output "value" {
  value = module.m.missing
}
