# count over a list: removing the first list element shifts every index, so
# the remaining instances are updated in place and the last one is deleted.
variable "names" {
  type    = list(string)
  default = ["alpha", "beta", "gamma"]
}

resource "terraform_data" "user" {
  count = length(var.names)
  input = var.names[count.index]
}

output "users" {
  value = terraform_data.user[*].output
}
