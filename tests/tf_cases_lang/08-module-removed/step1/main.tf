# Removing a module call destroys the resources it had. The reason is
# delete_because_no_resource_config, not delete_because_no_module (that one
# is for instances of a module call that still exists; the module's own
# files staying on disk make no difference).
module "cache" {
  source = "./modules/cache"
}

resource "terraform_data" "keep" {
  input = "keep"
}

output "cache" {
  value = module.cache.size
}
