# Traffic Manager in front of a DR pair: Priority routing with a health
# probe, one endpoint per region, priority 1 for dr.active. A failover moves
# traffic last, by swapping the priorities.

variable "name" {
  type        = string
  description = "The profile's name; also its DNS label unless relative_name is set."
}

variable "resource_group_name" {
  type = string
}

variable "relative_name" {
  type    = string
  default = null
}

variable "endpoints" {
  type        = map(string)
  description = "Region => the resource id of that region's entry point (a public IP)."
}

variable "probe" {
  type = object({
    protocol = string
    port     = number
    path     = string
  })
  description = "The health probe that takes a failed region out of rotation."
}

resource "azure_traffic_manager_profile" "app" {
  name                   = var.name
  resource_group_name    = var.resource_group_name
  traffic_routing_method = "Priority"

  dns_config {
    relative_name = coalesce(var.relative_name, var.name)
    ttl           = 30
  }

  monitor_config {
    protocol                     = var.probe.protocol
    port                         = var.probe.port
    path                         = var.probe.path
    interval_in_seconds          = 30
    timeout_in_seconds           = 10
    tolerated_number_of_failures = 3
  }
}

resource "azure_traffic_manager_endpoint" "region" {
  for_each           = var.endpoints
  name               = each.key
  profile_id         = azure_traffic_manager_profile.app.id
  endpoint_type      = "AzureEndpoints"
  target_resource_id = each.value
  priority           = each.key == dr.active ? 1 : 2
}

output "fqdn" {
  value = azure_traffic_manager_profile.app.fqdn
}
