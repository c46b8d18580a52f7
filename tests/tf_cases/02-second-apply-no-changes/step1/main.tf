# Applying the same configuration twice: the second plan is "No changes."
# for a plain, a counted and a for_each resource.
variable "names" {
  type    = list(string)
  default = ["a", "b"]
}

resource "terraform_data" "single" {
  input = { name = "single", size = 3 }
}

resource "terraform_data" "counted" {
  count = 2
  input = "item-${count.index}"
}

resource "terraform_data" "each" {
  for_each = toset(var.names)
  input    = upper(each.value)
}

output "single" {
  value = terraform_data.single.output
}

output "counted" {
  value = terraform_data.counted[*].output
}

output "each" {
  value = { for k, r in terraform_data.each : k => r.output }
}
