# WebSphere on VMs across East US / West US: a VM cluster in the active region
# protected by Azure Site Recovery into the other one, an Application Gateway
# per region, Traffic Manager (Priority) in front, and a SQL failover group.
# Failover = Site Recovery failover + commit; afterwards `hadr reprotect`
# replicates back, which failback requires.

dr {
  regions = ["eastus", "westus"]
  primary = "eastus"

  objectives {
    rto = "1h"
    rpo = "15m"
  }
}

variable "prefix" {
  type    = string
  default = "was"
}

variable "vm_count" {
  type    = number
  default = 2
}

variable "admin_ssh_public_key" {
  type    = string
  default = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHadrExampleKeyOnlyForTheSimulator was@hadr"
}

variable "sql_admin_password" {
  type      = string
  sensitive = true
  default   = "Was-Example-2026!"
}

locals {
  regions  = toset(["eastus", "westus"])
  prefix16 = { eastus = "10.30", westus = "10.40" }
}

resource "azure_resource_group" "region" {
  for_each = local.regions
  name     = "${var.prefix}-${each.key}-rg"
  location = each.key
}

resource "azure_virtual_network" "region" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-vnet"
  resource_group_name = each.value.name
  location            = each.key
  address_space       = ["${local.prefix16[each.key]}.0.0/16"]
}

resource "azure_subnet" "app" {
  for_each           = azure_virtual_network.region
  name               = "app"
  virtual_network_id = each.value.id
  address_prefixes   = ["${local.prefix16[each.key]}.1.0/24"]
}

resource "azure_subnet" "appgw" {
  for_each           = azure_virtual_network.region
  name               = "appgw"
  virtual_network_id = each.value.id
  address_prefixes   = ["${local.prefix16[each.key]}.2.0/24"]
}

# The WebSphere cluster runs in the primary region; Site Recovery keeps
# replicas of its disks in the other region and creates the VMs there at failover.
resource "azure_virtual_machine" "was" {
  count                = var.vm_count
  name                 = "${var.prefix}-node-${count.index}"
  resource_group_name  = azure_resource_group.region["eastus"].name
  location             = "eastus"
  size                 = "Standard_D4s_v5"
  admin_username       = "wasadmin"
  admin_ssh_public_key = var.admin_ssh_public_key
  subnet_id            = azure_subnet.app["eastus"].id

  source_image_reference {
    publisher = "ibm-usa-ny-armonk-hq-6275750-ibmcloud-aiops"
    offer     = "2023-03-27-twas-cluster-base-image"
    sku       = "2023-03-27-twas-cluster-base-image"
    version   = "latest"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}

resource "azure_recovery_services_vault" "dr" {
  name                = "${var.prefix}-asr-vault"
  resource_group_name = azure_resource_group.region["westus"].name
  location            = "westus"
  sku                 = "Standard"
}

resource "azure_site_recovery_replicated_vm" "was" {
  count                            = var.vm_count
  name                             = "${var.prefix}-node-${count.index}"
  recovery_vault_id                = azure_recovery_services_vault.dr.id
  source_vm_id                     = azure_virtual_machine.was[count.index].id
  target_resource_group_id         = azure_resource_group.region["westus"].id
  target_network_id                = azure_virtual_network.region["westus"].id
  recovery_point_frequency_minutes = 5
  # Where the node runs; switching it is a Site Recovery failover, then commit.
  active_location = dr.active == "eastus" ? "Primary" : "Recovery"
}

resource "azure_public_ip" "appgw" {
  for_each            = azure_resource_group.region
  name                = "${var.prefix}-${each.key}-appgw-pip"
  resource_group_name = each.value.name
  location            = each.key
  allocation_method   = "Static"
  domain_name_label   = "${var.prefix}-${each.key}"
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
  backend_ip_addresses = [for i in range(var.vm_count) : cidrhost("${local.prefix16[each.key]}.1.0/24", 10 + i)]
  backend_port         = 9080
}

# The data tier: a SQL server per region and a failover group that follows dr.active.
module "sql" {
  source               = "../../modules/sql-failover-pair"
  prefix               = var.prefix
  resource_group_names = { for r, rg in azure_resource_group.region : r => rg.name }
  admin_login          = "wasdb"
  admin_password       = var.sql_admin_password
  database_sku         = "S2"
}

# Traffic Manager (Priority): the active region's gateway gets the traffic.
module "traffic" {
  source              = "../../modules/priority-traffic"
  name                = "${var.prefix}-tm"
  relative_name       = var.prefix
  resource_group_name = azure_resource_group.region["eastus"].name
  endpoints           = { for r, ip in azure_public_ip.appgw : r => ip.id }
  probe               = { protocol = "HTTP", port = 80, path = "/ibm/console" }
}

output "url" {
  value = "http://${module.traffic.fqdn}/"
}
