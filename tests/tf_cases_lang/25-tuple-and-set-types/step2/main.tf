# tuple([...]) converts each element to its own type; set(string) and
# set(number) drop duplicates and are ordered (strings lexically, numbers
# numerically). Step 2 passes a tuple of the wrong length, an error.
variable "spec" {
  type    = tuple([string, number, bool])
  default = ["a", "2", "true"]
}

variable "zones" {
  type    = set(string)
  default = ["3", "1", "2", "1", "10"]
}

variable "ports" {
  type    = set(number)
  default = [443, 80, 8080, 80]
}

resource "terraform_data" "spec" {
  input = var.spec
}

output "spec" {
  value = var.spec
}

output "zones" {
  value = var.zones
}

output "ports" {
  value = var.ports
}

output "zone_count" {
  value = length(var.zones)
}

output "stored" {
  value = terraform_data.spec.output
}
