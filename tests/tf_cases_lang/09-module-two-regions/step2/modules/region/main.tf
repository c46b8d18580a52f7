variable "location" {
  type = string
}

variable "active" {
  type = bool
}

locals {
  role = var.active ? "primary" : "secondary"
}

resource "terraform_data" "db" {
  input = {
    location = var.location
    role     = local.role
  }
}

resource "terraform_data" "app" {
  count = var.active ? 2 : 1
  input = "${var.location}-app-${count.index}"
}

output "role" {
  value = terraform_data.db.output.role
}

output "app_nodes" {
  value = terraform_data.app[*].output
}
