# A `for` expression with an `if` filter builds the for_each map from a list
# of objects; disabling a user removes its instance.
variable "users" {
  type = list(object({
    name    = string
    role    = string
    enabled = bool
  }))
  default = [
    { name = "ana", role = "admin", enabled = true },
    { name = "bo", role = "dev", enabled = true },
    { name = "cy", role = "dev", enabled = false },
  ]
}

locals {
  active = { for u in var.users : u.name => u.role if u.enabled }
}

resource "terraform_data" "user" {
  for_each = local.active
  input    = "${each.key} is ${each.value}"
}

output "users" {
  value = [for k, u in terraform_data.user : u.output]
}

output "admins" {
  value = [for name, role in local.active : name if role == "admin"]
}
