# A Kubernetes product in two regions: the active copy runs, the DR copy is
# deployed but scaled to zero replicas with its scheduler paused. Its data is
# in a geo-redundant storage account that fails over with it; clients reach it
# through a DNS CNAME that moves to the new active ingress last.

dr {
  regions = ["eastus", "westus"]
  primary = "eastus"

  objectives {
    rto = "30m"
    rpo = "15m"
  }
}

variable "prefix" {
  type    = string
  default = "kz"
}

variable "replicas" {
  type        = number
  default     = 3
  description = "Replicas of the product in the active region."
}

locals {
  regions = toset(["eastus", "westus"])
}

resource "azure_resource_group" "region" {
  for_each = local.regions
  name     = "${var.prefix}-${each.key}-rg"
  location = each.key
}

resource "azure_kubernetes_cluster" "region" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-aks"
  resource_group_name = each.value.name
  location            = each.key
  dns_prefix          = "${var.prefix}-${each.key}"

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
  }

  identity {
    type = "SystemAssigned"
  }
}

# The product: full size where active, zero replicas and a paused scheduler where passive.
resource "azure_kubernetes_workload" "product" {
  for_each              = azure_kubernetes_cluster.region
  name                  = "product"
  namespace             = "product"
  kubernetes_cluster_id = each.value.id
  image                 = "registry.example.com/product:7.4.2"
  replicas              = each.key == dr.active ? var.replicas : 0
}

resource "azure_kubernetes_workload" "scheduler" {
  for_each              = azure_kubernetes_cluster.region
  name                  = "scheduler"
  namespace             = "product"
  kubernetes_cluster_id = each.value.id
  image                 = "registry.example.com/product-scheduler:7.4.2"
  replicas              = 1
  paused                = each.key != dr.active
}

resource "azure_storage_account" "data" {
  name                     = "${var.prefix}proddata"
  resource_group_name      = azure_resource_group.region["eastus"].name
  location                 = "eastus"
  account_tier             = "Standard"
  account_replication_type = "RAGRS"
  # Writes go to the active region: switching it is a storage account failover.
  primary_location = dr.active
}

resource "azure_resource" "zone" {
  type      = "Microsoft.Network/dnsZones@2018-05-01"
  parent_id = azure_resource_group.region["eastus"].id
  name      = "product.example.com"
  location  = "global"
}

resource "azure_dns_cname_record" "app" {
  name                = "app"
  zone_name           = azure_resource.zone.name
  resource_group_name = azure_resource_group.region["eastus"].name
  ttl                 = 60
  record              = azure_kubernetes_cluster.region[dr.active].fqdn
}

output "app_fqdn" {
  value = azure_dns_cname_record.app.fqdn
}
