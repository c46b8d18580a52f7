# for_each over a map filtered by a for expression with a condition, and
# over a set built from setproduct: changing a filtered-out entry's flag
# (step 2) adds that entry's instances and keeps the others; a set of
# objects is not a valid for_each value (step 3, "Invalid for_each set
# argument").
variable "services" {
  type = map(object({
    enabled = bool
    port    = number
  }))
  default = {
    api    = { enabled = true, port = 8080 }
    web    = { enabled = true, port = 80 }
    worker = { enabled = false, port = 0 }
  }
}

locals {
  enabled = { for name, s in var.services : name => s if s.enabled }
  matrix  = toset([for p in setproduct(["eastus", "westus"], keys(local.enabled)) : join("/", p)])
}

resource "terraform_data" "svc" {
  for_each = local.enabled
  input    = "${each.key}:${each.value.port}"
}

resource "terraform_data" "placement" {
  for_each = local.matrix
  input    = each.value
}

output "svc" {
  value = { for k, v in terraform_data.svc : k => v.output }
}

output "placements" {
  value = sort(keys(terraform_data.placement))
}
