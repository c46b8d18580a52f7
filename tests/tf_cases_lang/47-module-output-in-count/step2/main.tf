module "plan" {
  source = "./modules/plan"
  zones  = ["1", "2", "3"]
}

module "fresh" {
  source = "./modules/plan"
  zones  = ["9"]
}

resource "terraform_data" "by_count" {
  count = length(module.plan.zones)
  input = module.plan.zones[count.index]
}

resource "terraform_data" "by_key" {
  for_each = toset(module.plan.zones)
  input    = "zone-${each.key}"
}

resource "terraform_data" "from_id" {
  count = length(module.fresh.marker_id) > 0 ? 1 : 0
  input = "never"
}

output "by_count" {
  value = terraform_data.by_count[*].output
}
