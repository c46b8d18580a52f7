# Collection functions through outputs: setproduct, setunion,
# setintersection, setsubtract, chunklist, transpose, one (of empty and
# one-element lists), alltrue/anytrue (of empty lists), sum, slice,
# reverse, compact, index, matchkeys, coalescelist, lookup with a default,
# range with a negative step, sort (lexical), distinct. Step 2 calls one()
# on two elements, "Invalid function argument".
locals {
  regions = ["eastus", "westus"]
  tiers   = ["web", "db"]
}

resource "terraform_data" "pairs" {
  for_each = { for p in setproduct(local.regions, local.tiers) : "${p[0]}-${p[1]}" => p }
  input    = each.value
}

output "pairs" {
  value = sort(keys(terraform_data.pairs))
}

output "product" {
  value = setproduct(["a", "b"], [1, 2])
}

output "sets" {
  value = {
    union        = setunion(["b", "a"], ["c", "a"])
    intersection = setintersection(["a", "b", "c"], ["b", "c", "d"])
    subtract     = setsubtract(["a", "b", "c"], ["b"])
  }
}

output "chunks" {
  value = chunklist(range(7), 3)
}

output "transposed" {
  value = transpose({ a = ["1", "2"], b = ["2", "3"] })
}

output "one" {
  value = [one([]) == null, one(["x"]), one(toset(["y"]))]
}

output "truth" {
  value = [alltrue([]), anytrue([]), alltrue([true, "true"]), anytrue([false, true])]
}

output "sums" {
  value = [sum([1, 2.5, -0.5]), sum([3])]
}

output "lists" {
  value = {
    slice    = slice(["a", "b", "c", "d"], 1, 3)
    reverse  = reverse([1, 2, 3])
    compact  = compact(["a", "", "b", null])
    index    = index(["x", "y", "z"], "y")
    range    = range(10, 0, -3)
    sort     = sort(["b", "10", "9", "A", "a"])
    distinct = distinct(["b", "a", "b", "c", "a"])
  }
}

output "matched" {
  value = matchkeys(["i-1", "i-2", "i-3"], ["east", "west", "east"], ["east"])
}

output "coalesced" {
  value = coalescelist([], ["x", "y"], ["z"])
}

output "lookups" {
  value = [lookup({ a = "1" }, "a", "none"), lookup({ a = "1" }, "b", "none")]
}
