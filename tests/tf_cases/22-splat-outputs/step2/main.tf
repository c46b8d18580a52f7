# Splat expressions over counted resources and over values() of a for_each
# resource; in step 2 count drops to 0 and the splats become empty lists.
variable "n" {
  type    = number
  default = 3
}

resource "terraform_data" "worker" {
  count = var.n
  input = { name = "w${count.index}", port = 8000 + count.index }
}

resource "terraform_data" "zone" {
  for_each = toset(["b", "a", "c"])
  input    = "zone-${each.key}"
}

output "names" {
  value = terraform_data.worker[*].output.name
}

output "ports" {
  value = terraform_data.worker[*].output["port"]
}

output "zones" {
  value = values(terraform_data.zone)[*].output
}
