module "m" {
  source = "./modules/m"
  name   = "ok"
  colour = "blue"
}

output "value" {
  value = module.m.value
}
