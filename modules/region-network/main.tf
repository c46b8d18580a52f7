# One region's network foundation: a resource group, a virtual network and
# its subnets. Instantiate it once per DR region (for_each over dr.regions).

variable "prefix" {
  type        = string
  description = "Name prefix, e.g. the application's name."
}

variable "region" {
  type        = string
  description = "Azure region, e.g. eastus."
}

variable "address_space" {
  type        = string
  description = "The virtual network's CIDR, e.g. 10.50.0.0/16."
}

variable "subnets" {
  type        = map(number)
  description = "Subnet name => index of its /24 inside the address space."
  default     = { default = 0 }
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "azure_resource_group" "this" {
  name     = "${var.prefix}-${var.region}-rg"
  location = var.region
  tags     = merge(var.tags, { region = var.region })
}

resource "azure_virtual_network" "this" {
  name                = "${var.prefix}-${var.region}-vnet"
  resource_group_name = azure_resource_group.this.name
  location            = var.region
  address_space       = [var.address_space]
}

resource "azure_subnet" "this" {
  for_each           = var.subnets
  name               = each.key
  virtual_network_id = azure_virtual_network.this.id
  address_prefixes   = [cidrsubnet(var.address_space, 8, each.value)]
}

output "resource_group_name" {
  value = azure_resource_group.this.name
}

output "resource_group_id" {
  value = azure_resource_group.this.id
}

output "vnet_id" {
  value = azure_virtual_network.this.id
}

output "subnet_ids" {
  value = { for k, s in azure_subnet.this : k => s.id }
}
