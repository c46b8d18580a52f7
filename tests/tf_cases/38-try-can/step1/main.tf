# try() falls back on evaluation errors and can() turns them into false:
# missing object attributes, out-of-range indexes, lookup() without a
# default and element() on an empty list.
variable "settings" {
  type    = object({ name = string })
  default = { name = "svc" }
}

locals {
  parts = split(",", "a,b")
}

resource "terraform_data" "safe" {
  input = {
    name        = try(var.settings.name, "none")
    port        = try(var.settings.port, 80)
    third       = try(local.parts[2], "no third")
    lookup      = try(lookup({ a = 1 }, "b"), "missing")
    has_name    = can(var.settings.name)
    has_port    = can(var.settings.port)
    empty_elem  = can(element([], 0))
    first_valid = try(local.parts[5], local.parts[1], "x")
  }
}

output "safe" {
  value = terraform_data.safe.output
}
