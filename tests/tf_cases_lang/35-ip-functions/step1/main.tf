# IP network functions: cidrsubnets (consecutive allocation with padding
# for alignment), cidrsubnet, cidrhost (negative numbers count from the
# end), cidrnetmask, and IPv6 prefixes. Step 2 asks for a host number
# beyond the prefix, "Error in function call".
variable "vnet" {
  type    = string
  default = "10.20.0.0/16"
}

resource "terraform_data" "subnets" {
  input = cidrsubnets(var.vnet, 8, 4, 8)
}

output "subnets" {
  value = terraform_data.subnets.output
}

output "mixed" {
  value = cidrsubnets("10.0.0.0/8", 8, 16, 8)
}

output "subnet" {
  value = [cidrsubnet(var.vnet, 8, 0), cidrsubnet(var.vnet, 8, 255), cidrsubnet("10.1.2.0/24", 0, 0)]
}

output "hosts" {
  value = [cidrhost("10.0.1.0/24", 5), cidrhost("10.0.1.0/24", -1), cidrhost("10.0.1.0/24", 0)]
}

output "netmasks" {
  value = [cidrnetmask("172.16.0.0/12"), cidrnetmask("10.0.0.0/32"), cidrnetmask("0.0.0.0/0")]
}

output "ipv6" {
  value = {
    subnets = cidrsubnets("fd00:fd12:3456:7890::/56", 8, 8)
    subnet  = cidrsubnet("2001:db8::/32", 16, 10)
    host    = cidrhost("2001:db8::/64", 255)
  }
}
