# One module instance's output feeds another's input: module.b's input is
# module.a's id, unknown until apply. Updating module.a in place (step 2)
# keeps its id, so module.b is not changed.
module "a" {
  source = "./modules/node"
  label  = "first-renamed"
}

module "b" {
  source   = "./modules/node"
  label    = "second"
  upstream = module.a.id
}

output "labels" {
  value = [module.a.label, module.b.label]
}

output "b_has_upstream" {
  value = module.b.has_upstream
}

output "a_has_upstream" {
  value = module.a.has_upstream
}
