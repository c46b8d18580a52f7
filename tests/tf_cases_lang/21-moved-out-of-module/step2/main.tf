resource "terraform_data" "keep" {
  input = "keep"
}

module "current" {
  source = "./modules/legacy"
}

moved {
  from = module.legacy.terraform_data.keep
  to   = terraform_data.keep
}

moved {
  from = module.legacy
  to   = module.current
}

output "kept" {
  value = terraform_data.keep.output
}
