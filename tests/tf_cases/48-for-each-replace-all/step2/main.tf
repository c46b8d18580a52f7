# A shared triggers_replace on a for_each resource: bumping it replaces
# every instance, while an input change to one value updates only that one.
variable "generation" {
  type    = number
  default = 1
}

variable "sizes" {
  type    = map(number)
  default = { small = 1, large = 4 }
}

resource "terraform_data" "vm" {
  for_each         = var.sizes
  input            = each.value * 2
  triggers_replace = var.generation
}

output "cpus" {
  value = { for k, vm in terraform_data.vm : k => vm.output }
}
