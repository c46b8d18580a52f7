# A singleton service (a job coordinator) that may run in exactly one region.
# It holds a blob lease in a storage account outside the pair (Central US),
# so the lease stays reachable when either region fails. Migration moves the
# lease and the service together: release where it ran, acquire where it goes.
# Failing back is an explicit plan (`hadr failback`), never automatic.

dr {
  regions = ["eastus", "westus"]
  primary = "eastus"

  objectives {
    rto = "15m"
    rpo = "0s"
  }
}

variable "prefix" {
  type    = string
  default = "single"
}

locals {
  regions = toset(["eastus", "westus"])
}

resource "azure_resource_group" "region" {
  for_each = local.regions
  name     = "${var.prefix}-${each.key}-rg"
  location = each.key
}

resource "azure_resource_group" "shared" {
  name     = "${var.prefix}-shared-rg"
  location = "centralus"
}

resource "azure_storage_account" "leases" {
  name                     = "${var.prefix}leases"
  resource_group_name      = azure_resource_group.shared.name
  location                 = "centralus"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
}

resource "azure_blob_lease" "coordinator" {
  name               = "coordinator"
  storage_account_id = azure_storage_account.leases.id
  holder             = dr.active
}

resource "azure_kubernetes_cluster" "region" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-aks"
  resource_group_name = each.value.name
  location            = each.key
  dns_prefix          = "${var.prefix}-${each.key}"

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D2s_v5"
    node_count = 2
  }

  identity {
    type = "SystemAssigned"
  }
}

# The singleton: one replica where the lease is held, none elsewhere.
resource "azure_kubernetes_workload" "coordinator" {
  for_each              = azure_kubernetes_cluster.region
  name                  = "coordinator"
  namespace             = "jobs"
  kubernetes_cluster_id = each.value.id
  image                 = "registry.example.com/coordinator:3.1.0"
  replicas              = each.key == azure_blob_lease.coordinator.holder ? 1 : 0
}

output "lease_holder" {
  value = azure_blob_lease.coordinator.holder
}
