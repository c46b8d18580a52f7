# WebSphere Liberty on AKS across the East US / West US pair: a SQL failover
# group for the data tier, an AKS cluster and Application Gateway per region,
# Traffic Manager in front (Priority routing), and an Azure Backup vault that
# protects each cluster so the passive one can be restored at failover.

dr {
  regions = ["eastus", "westus"]
  primary = "eastus"

  objectives {
    rto = "1h"
    rpo = "4h"
  }
}

variable "prefix" {
  type    = string
  default = "liberty"
}

variable "regions" {
  type    = list(string)
  default = ["eastus", "westus"]
}

variable "node_count" {
  type    = number
  default = 3
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
  default   = "Change-me-2026!"
}

locals {
  prefix16 = { eastus = "10.10", westus = "10.20" }
  cidr     = { for r, p in local.prefix16 : r => "${p}.0.0/16" }
  tags     = { app = var.prefix, managed_by = "hadr" }
}

resource "azure_resource_group" "region" {
  for_each = { for r in var.regions : r => r }
  name     = "${var.prefix}-${each.key}-rg"
  location = each.key
  tags     = local.tags
}

resource "azure_virtual_network" "region" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-vnet"
  resource_group_name = each.value.name
  location            = each.key
  address_space       = [local.cidr[each.key]]
}

resource "azure_subnet" "aks" {
  for_each           = azure_virtual_network.region
  name               = "aks"
  virtual_network_id = each.value.id
  address_prefixes   = ["${local.prefix16[each.key]}.0.0/20"]
}

resource "azure_subnet" "appgw" {
  for_each           = azure_virtual_network.region
  name               = "appgw"
  virtual_network_id = each.value.id
  address_prefixes   = ["${local.prefix16[each.key]}.16.0/24"]
}

resource "azure_public_ip" "appgw" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-appgw-pip"
  resource_group_name = each.value.name
  location            = each.key
  allocation_method   = "Static"
  domain_name_label   = "${var.prefix}-${each.key}"
}

resource "azure_kubernetes_cluster" "region" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-aks"
  resource_group_name = each.value.name
  location            = each.key
  dns_prefix          = "${var.prefix}-${each.key}"

  default_node_pool {
    name           = "system"
    vm_size        = "Standard_D4s_v5"
    node_count     = var.node_count
    vnet_subnet_id = azure_subnet.aks[each.key].id
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azure_application_gateway" "region" {
  for_each             = azure_resource_group.region
  name                 = "${var.prefix}-${each.key}-appgw"
  resource_group_name  = each.value.name
  location             = each.key
  sku_name             = "Standard_v2"
  sku_tier             = "Standard_v2"
  sku_capacity         = 2
  subnet_id            = azure_subnet.appgw[each.key].id
  public_ip_address_id = azure_public_ip.appgw[each.key].id
  backend_fqdns        = [azure_kubernetes_cluster.region[each.key].fqdn]
}

# The data tier: a SQL server per region and a failover group that follows dr.active.
module "sql" {
  source               = "../../modules/sql-failover-pair"
  prefix               = var.prefix
  resource_group_names = { for r, rg in azure_resource_group.region : r => rg.name }
  admin_login          = "libertyadmin"
  admin_password       = var.sql_admin_password
}

# Traffic Manager (Priority): the active region's gateway gets the traffic.
module "traffic" {
  source              = "../../modules/priority-traffic"
  name                = "${var.prefix}-tm"
  relative_name       = var.prefix
  resource_group_name = azure_resource_group.region["eastus"].name
  endpoints           = { for r, ip in azure_public_ip.appgw : r => ip.id }
  probe               = { protocol = "HTTPS", port = 443, path = "/health" }
}

resource "azure_backup_vault" "region" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-bv"
  resource_group_name = each.value.name
  location            = each.key
  datastore_type      = "VaultStore"
  redundancy          = "GeoRedundant"
}

resource "azure_backup_policy" "aks" {
  for_each                        = azure_backup_vault.region
  name                            = "aks-daily"
  vault_id                        = each.value.id
  backup_repeating_time_intervals = ["R/2026-01-01T00:00:00+00:00/PT4H"]
  default_retention_duration      = "P7D"
}

resource "azure_backup_instance_kubernetes" "region" {
  for_each                     = azure_backup_vault.region
  name                         = "${var.prefix}-${each.key}-aks"
  vault_id                     = each.value.id
  backup_policy_id             = azure_backup_policy.aks[each.key].id
  kubernetes_cluster_id        = azure_kubernetes_cluster.region[each.key].id
  snapshot_resource_group_name = azure_resource_group.region[each.key].name
  # At failover, the old active cluster's backup is restored into the new active cluster.
  restore_target_cluster_id = each.key == dr.passive ? azure_kubernetes_cluster.region[dr.active].id : null
}

# The Liberty application: running in the active region, scaled to zero in the passive one.
resource "azure_kubernetes_workload" "liberty" {
  for_each              = azure_kubernetes_cluster.region
  name                  = "liberty-app"
  namespace             = "liberty"
  kubernetes_cluster_id = each.value.id
  image                 = "icr.io/appcafe/open-liberty:full-java17-openj9-ubi"
  replicas              = each.key == dr.active ? 3 : 0
}

output "traffic_manager_fqdn" {
  value = module.traffic.fqdn
}

output "sql_servers" {
  value = module.sql.server_fqdns
}
