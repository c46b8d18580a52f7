# The data tier of a DR pair: an Azure SQL server in each region, the
# application's database on the primary region's server, and a failover
# group whose primary follows dr.active. A failover switches it by an action
# (never by replacing it); the group's endpoint keeps the application's
# connection string the same in both regions.

variable "prefix" {
  type        = string
  description = "Name prefix, e.g. the application's name."
}

variable "resource_group_names" {
  type        = map(string)
  description = "Region => resource group for that region's server (both regions of the dr block)."
}

variable "admin_login" {
  type        = string
  description = "The servers' administrator login."
}

variable "admin_password" {
  type        = string
  sensitive   = true
  description = "The servers' administrator password."
}

variable "database_sku" {
  type    = string
  default = "S1"
}

variable "minimum_tls_version" {
  type    = string
  default = "1.2"
}

resource "azure_sql_server" "region" {
  for_each                     = var.resource_group_names
  name                         = "${var.prefix}-${each.key}-sql"
  resource_group_name          = each.value
  location                     = each.key
  version                      = "12.0"
  administrator_login          = var.admin_login
  administrator_login_password = var.admin_password
  minimum_tls_version          = var.minimum_tls_version

  lifecycle {
    precondition {
      condition     = contains(keys(var.resource_group_names), dr.primary) && length(var.resource_group_names) == 2
      error_message = "resource_group_names needs one entry for each region of the dr block."
    }
  }
}

resource "azure_sql_database" "app" {
  name      = "${var.prefix}-db"
  server_id = azure_sql_server.region[dr.primary].id
  sku_name  = var.database_sku
}

resource "azure_sql_failover_group" "app" {
  name              = "${var.prefix}-fog"
  server_id         = azure_sql_server.region[dr.primary].id
  partner_server_id = azure_sql_server.region[[for r in dr.regions : r if r != dr.primary][0]].id
  # Follows the active region by failover (an action), never by replacement.
  primary_server_id = azure_sql_server.region[dr.active].id
  databases         = [azure_sql_database.app.id]

  read_write_endpoint_failover_policy {
    mode = "Manual"
  }
}

output "server_fqdns" {
  description = "Region => the server's fully qualified domain name."
  value       = { for k, s in azure_sql_server.region : k => s.fully_qualified_domain_name }
}

output "failover_group_id" {
  value = azure_sql_failover_group.app.id
}
