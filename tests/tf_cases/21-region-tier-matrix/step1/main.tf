# The common "region x tier" matrix: nested `for` plus flatten() produce a
# list of objects that a second `for` turns into a for_each map. Adding a
# region in step 2 only creates the new combinations.
variable "regions" {
  type    = list(string)
  default = ["eu-west-1", "us-east-1"]
}

variable "tiers" {
  type = map(number)
  default = {
    web = 2
    db  = 1
  }
}

locals {
  pairs = flatten([
    for r in var.regions : [
      for t, size in var.tiers : {
        key    = "${r}-${t}"
        region = r
        tier   = t
        size   = size
      }
    ]
  ])
}

resource "terraform_data" "cell" {
  for_each = { for p in local.pairs : p.key => p }
  input    = "${each.value.tier} x${each.value.size} in ${each.value.region}"
}

output "keys" {
  value = keys(terraform_data.cell)
}

output "cells" {
  value = { for k, c in terraform_data.cell : k => c.output }
}
