# A network appliance pair across the two regions: the primary holds the
# floating address (a DNS name clients use), the standby takes it over at
# failover. After an outage, the old primary comes back stand-alone and is
# re-designated secondary by `hadr reprotect` before it protects anything.

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
  default = "fw"
}

variable "admin_ssh_public_key" {
  type    = string
  default = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHadrExampleKeyOnlyForTheSimulator fw@hadr"
}

locals {
  address_space = { eastus = "10.50.0.0/16", westus = "10.60.0.0/16" }
}

# Each region's resource group, network and subnet, from the reusable module.
module "site" {
  source        = "../../modules/region-network"
  for_each      = toset(["eastus", "westus"])
  prefix        = var.prefix
  region        = each.key
  address_space = local.address_space[each.key]
  subnets       = { outside = 0 }
}

resource "azure_public_ip" "appliance" {
  for_each            = module.site
  name                = "${var.prefix}-${each.key}-pip"
  resource_group_name = each.value.resource_group_name
  location            = each.key
  allocation_method   = "Static"
  sku                 = "Standard"
  domain_name_label   = "${var.prefix}-${each.key}"
}

resource "azure_virtual_machine" "appliance" {
  for_each             = module.site
  name                 = "${var.prefix}-${each.key}-nva"
  resource_group_name  = each.value.resource_group_name
  location             = each.key
  size                 = "Standard_D2s_v5"
  admin_username       = "fwadmin"
  admin_ssh_public_key = var.admin_ssh_public_key
  subnet_id            = each.value.subnet_ids["outside"]

  source_image_reference {
    publisher = "paloaltonetworks"
    offer     = "vmseries-flex"
    sku       = "byol"
    version   = "latest"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}

# Each appliance's HA role: the active region's is primary.
resource "azure_ha_appliance" "member" {
  for_each   = azure_virtual_machine.appliance
  vm_id      = each.value.id
  peer_vm_id = azure_virtual_machine.appliance[each.key == "eastus" ? "westus" : "eastus"].id
  role       = each.key == dr.active ? "primary" : "secondary"
}

resource "azure_resource" "zone" {
  type      = "Microsoft.Network/dnsZones@2018-05-01"
  parent_id = module.site["eastus"].resource_group_id
  name      = "edge.example.com"
  location  = "global"
}

# The floating address clients use: it follows the primary appliance.
resource "azure_dns_cname_record" "floating" {
  name                = "gateway"
  zone_name           = azure_resource.zone.name
  resource_group_name = module.site["eastus"].resource_group_name
  ttl                 = 30
  record              = azure_public_ip.appliance[dr.active].fqdn
}

output "gateway" {
  value = azure_dns_cname_record.floating.fqdn
}
