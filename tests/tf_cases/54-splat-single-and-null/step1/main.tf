# A splat on a resource without count yields a one-element list; a splat on
# a null value yields an empty list; [*] on a list of objects picks an
# attribute from each.
variable "maybe" {
  type    = object({ name = string })
  default = null
}

variable "people" {
  type    = list(object({ name = string, age = number }))
  default = [{ name = "ann", age = 31 }, { name = "bob", age = 42 }]
}

resource "terraform_data" "single" {
  input = "only"
}

output "single_splat" {
  value = terraform_data.single[*].output
}

output "null_splat" {
  value = var.maybe[*].name
}

output "ages" {
  value = var.people[*].age
}
