# While an upstream resource is being created its `output` is unknown, but
# has the type of `input`: length() of an unknown 3-element tuple is known
# (3), so count works in the first plan. Growing the tuple in step 2 updates
# the existing items and creates the new one.
variable "items" {
  type    = list(string)
  default = ["x", "y", "z"]
}

resource "terraform_data" "list" {
  input = [for i in var.items : i]
}

resource "terraform_data" "item" {
  count = length(terraform_data.list.output)
  input = terraform_data.list.output[count.index]
}

output "items" {
  value = terraform_data.item[*].output
}
