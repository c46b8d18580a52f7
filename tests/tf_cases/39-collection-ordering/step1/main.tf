# Ordering rules a user sees: for_each instances, keys() and map iteration
# are in lexical byte order ("B" < "a", "10" < "9"), toset() of numbers is
# numeric order, and toset() removes duplicates.
resource "terraform_data" "item" {
  for_each = toset(["b", "B", "a", "10", "9", "a"])
  input    = "item ${each.value}"
}

output "keys" {
  value = keys(terraform_data.item)
}

output "inputs" {
  value = [for k, v in terraform_data.item : v.output]
}

output "numbers" {
  value = tolist(toset([10, 9, 100, 9.5]))
}

output "map_order" {
  value = [for k, v in { zeta = 1, alpha = 2, Mid = 3 } : "${k}=${v}"]
}
