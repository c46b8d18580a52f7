# object types with optional attributes: optional(T) fills null,
# optional(T, default) fills the default, and a nested optional object whose
# default is {} gets its own attribute defaults applied. Step 2 sets some
# of them explicitly, which updates the resource in place.
variable "app" {
  type = object({
    name     = string
    replicas = optional(number, 1)
    tier     = optional(string)
    tags     = optional(map(string), {})
    backup = optional(object({
      enabled = optional(bool, true)
      days    = optional(number, 7)
    }), {})
  })
}

resource "terraform_data" "app" {
  input = var.app
}

output "app" {
  value = var.app
}

output "tier_is_null" {
  value = var.app.tier == null
}

output "stored_replicas" {
  value = terraform_data.app.output.replicas
}
