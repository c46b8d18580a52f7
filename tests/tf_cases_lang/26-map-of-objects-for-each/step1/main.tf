# for_each over a map(object({...})) variable with optional attributes:
# each.value is the converted object; changing one entry's size updates
# only that instance, and an added key creates one instance.
variable "clusters" {
  type = map(object({
    size = number
    zone = optional(string, "1")
  }))
  default = {
    eastus = { size = 3 }
    westus = { size = 2, zone = "2" }
  }
}

resource "terraform_data" "cluster" {
  for_each = var.clusters
  input    = "${each.key}/${each.value.zone}/${each.value.size}"
}

output "clusters" {
  value = { for k, c in terraform_data.cluster : k => c.output }
}

output "total_size" {
  value = sum([for c in var.clusters : c.size])
}
