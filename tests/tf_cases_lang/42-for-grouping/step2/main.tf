# for expressions with grouping (the ... suffix collects values sharing a
# key into lists, in input order), index/value iteration, filtering with
# if, nested for, and a for_each over the grouped map. Without the ...
# a repeated key is an error (step 2, "Duplicate object key").
locals {
  servers = [
    { name = "vm1", region = "eastus", size = 2 },
    { name = "vm2", region = "westus", size = 4 },
    { name = "vm3", region = "eastus", size = 8 },
    { name = "vm4", region = "northeurope", size = 2 },
  ]
  by_region = { for s in local.servers : s.region => s.name... }
  by_size   = { for s in local.servers : tostring(s.size) => s.name... }
}

resource "terraform_data" "region" {
  for_each = local.by_region
  input    = join(",", each.value)
}

output "by_region" {
  value = local.by_region
}

output "by_size" {
  value = local.by_size
}

output "indexed" {
  value = [for i, s in local.servers : "${i}:${s.name}" if i % 2 == 0]
}

output "big" {
  value = { for s in local.servers : s.name => s.size * 1024 if s.size > 2 }
}

output "nested" {
  value = flatten([for r, names in local.by_region : [for n in names : "${r}/${n}"]])
}

output "counts" {
  value = { for r, names in local.by_region : r => length(names) }
}

output "regions" {
  value = { for k, v in terraform_data.region : k => v.output }
}

output "bad" {
  value = { for s in local.servers : s.region => s.name }
}
