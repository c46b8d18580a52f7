module "store" {
  source = "./modules/store"
  kind   = "blob"
}

moved {
  from = terraform_data.store
  to   = module.store.terraform_data.this
}

output "store" {
  value = module.store.kind
}
