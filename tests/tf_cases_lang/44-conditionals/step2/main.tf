# Conditional expressions: choosing a for_each map or an empty one, null
# in one branch (the output is then absent), a condition on a value
# unknown until apply (the result is unknown in the plan), and branches of
# different types unified: primitives to string, tuples to a list of
# strings, and objects with different attributes of primitive values to a
# map(string) (so 1 becomes "1"). Objects whose attributes cannot be
# unified are an error (step 3, "Inconsistent conditional result types").
variable "ha" {
  type    = bool
  default = true
}

resource "terraform_data" "seed" {
  input = "seed"
}

resource "terraform_data" "replica" {
  for_each = var.ha ? { east = "eastus", west = "westus" } : {}
  input    = each.value
}

resource "terraform_data" "after" {
  input = terraform_data.seed.id != "" ? "seeded" : "empty"
}

output "replicas" {
  value = sort(keys(terraform_data.replica))
}

output "secondary" {
  value = var.ha ? "westus" : null
}

output "after" {
  value = terraform_data.after.output
}

output "mixed" {
  value = [var.ha ? 1 : "none", var.ha ? true : "no"]
}

output "lists" {
  value = var.ha ? ["a"] : [1, 2]
}

output "objects" {
  value = var.ha ? { a = 1 } : { b = "x" }
}
