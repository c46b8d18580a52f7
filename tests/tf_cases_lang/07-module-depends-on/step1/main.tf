# depends_on on modules (on a resource and on another module) orders the
# work but carries no values: replacing the resource a module depends on
# (step 2) does not change the module's resources. Step 3 makes the two
# modules depend on each other both ways, which is a cycle.
variable "gate_version" {
  type    = number
  default = 1
}

resource "terraform_data" "gate" {
  triggers_replace = var.gate_version
}

module "app" {
  source     = "./modules/svc"
  name       = "app"
  depends_on = [terraform_data.gate]
}

module "worker" {
  source     = "./modules/svc"
  name       = "worker"
  depends_on = [module.app]
}

output "names" {
  value = [module.app.name, module.worker.name]
}
