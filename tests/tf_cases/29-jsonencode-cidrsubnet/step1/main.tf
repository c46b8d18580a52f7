# jsonencode() sorts object keys, writes whole numbers without ".0" and
# escapes <, > and & ; cidrsubnet() carves subnets that become for_each
# keys. Step 2 changes the base network, which changes every key.
variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

locals {
  subnets = { for i, name in ["app", "db"] : name => cidrsubnet(var.vpc_cidr, 8, i + 1) }
}

resource "terraform_data" "subnet" {
  for_each = { for name, cidr in local.subnets : cidr => name }
  input    = jsonencode({ name = each.value, cidr = each.key, public = false })
}

resource "terraform_data" "doc" {
  input = jsonencode({ b = 2, a = [true, null, "<x&y>"], c = 1.5, d = 10 / 2 })
}

output "subnets" {
  value = local.subnets
}

output "subnet_docs" {
  value = [for s in terraform_data.subnet : s.output]
}

output "doc" {
  value = terraform_data.doc.output
}

output "wide" {
  value = cidrsubnet("192.168.0.0/20", 4, 15)
}
