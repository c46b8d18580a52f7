# Collection functions (length, toset, tolist, tomap, keys, values, lookup,
# merge, concat, contains, element, flatten, distinct, zipmap, range) go
# into `input` and are checked through outputs.
variable "tags" {
  type    = map(string)
  default = { team = "core", env = "dev" }
}

locals {
  defaults = { env = "prod", owner = "ops" }
  merged   = merge(local.defaults, var.tags)
  letters  = ["c", "a", "b", "a"]
}

resource "terraform_data" "coll" {
  input = {
    merged    = local.merged
    keys      = keys(local.merged)
    values    = values(local.merged)
    owner     = lookup(local.merged, "owner", "nobody")
    missing   = lookup(local.merged, "cost", "n/a")
    set       = tolist(toset(local.letters))
    distinct  = distinct(local.letters)
    concat    = concat(local.letters, ["z"], [])
    has_b     = contains(local.letters, "b")
    wrap      = element(local.letters, 5)
    flat      = flatten([[1, 2], [], [3, [4, 5]]])
    zipped    = zipmap(["x", "y"], [10, 20])
    range3    = range(3)
    range_by  = range(1, 10, 4)
    as_map    = tomap({ a = 1, b = "two" })
    n_letters = length(local.letters)
  }
}

output "coll" {
  value = terraform_data.coll.output
}
