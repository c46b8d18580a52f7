# count on a module: instances are module.replica[0], [1], ...; shrinking the
# count deletes the resources of the removed module instance with reason
# delete_because_no_module, and count = 0 removes them all.
variable "replicas" {
  type    = number
  default = 3
}

module "replica" {
  source = "./modules/replica"
  count  = var.replicas
  index  = count.index
}

output "names" {
  value = module.replica[*].name
}

output "count" {
  value = length(module.replica)
}
