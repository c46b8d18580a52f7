# A module output that only passes an input through is known during plan,
# so the root can use it for count and for_each even when the module's
# resources do not exist yet. An output that is unknown until apply (a new
# resource's id) cannot decide count (step 2, "Invalid count argument").
module "plan" {
  source = "./modules/plan"
  zones  = ["1", "2", "3"]
}

resource "terraform_data" "by_count" {
  count = length(module.plan.zones)
  input = module.plan.zones[count.index]
}

resource "terraform_data" "by_key" {
  for_each = toset(module.plan.zones)
  input    = "zone-${each.key}"
}

output "by_count" {
  value = terraform_data.by_count[*].output
}
