# for_each over a set of strings on a module (each.key == each.value), and a
# module output read through the instance map; adding an element creates
# only the new instance's resources.
variable "zones" {
  type    = set(string)
  default = ["1", "2"]
}

module "zone" {
  source   = "./modules/zone"
  for_each = var.zones
  zone     = each.value
}

output "zones" {
  value = sort([for z in module.zone : z.label])
}

output "zone_2" {
  value = module.zone["2"].label
}
