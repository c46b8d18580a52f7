# A local module with an input variable and an output: its resource is
# addressed module.app.terraform_data.this, the root reads module.app.name,
# and changing the module's input updates the resource inside it in place.
module "app" {
  source = "./modules/app"
  name   = "web"
}

output "name" {
  value = module.app.name
}

output "id_length" {
  value = length(module.app.id)
}
