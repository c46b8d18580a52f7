terraform {
  required_version = ">= 1.5"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.0"
    }
  }
}

variable "regions" {
  description = "Primary and secondary regions"
  type        = list(string)
  default     = ["eastus", "westus"]
  validation {
    condition     = length(var.regions) == 2
    error_message = "Exactly two regions."
  }
}

locals {
  prefix = "dr-${var.env}"
  common_tags = merge(var.tags, {
    managed_by  = "hadr" # who
    environment = var.env
  })
  region_map = { for i, r in var.regions : r => i == 0 ? "primary" : "secondary" }
}

module "region" {
  for_each   = toset(var.regions)
  source     = "./modules/region"
  name       = "${local.prefix}-${each.key}"
  role       = local.region_map[each.key]
  depends_on = [azure_resource_group.shared]
}

resource "azure_resource_group" "shared" {
  name     = "${local.prefix}-shared"
  location = var.regions[0]
  tags     = local.common_tags
  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags["updated"]]
  }
}

output "endpoints" {
  value     = { for k, m in module.region : k => m.endpoint }
  sensitive = false
}
