variable "sku" {
  type = string

  validation {
    condition     = contains(["basic", "standard", "premium"], var.sku)
    error_message = "sku must be basic, standard or premium."
  }
}

variable "retention_days" {
  type    = number
  default = 7

  validation {
    condition     = var.retention_days >= 7 && var.retention_days <= 35
    error_message = "retention_days must be between 7 and 35."
  }

  validation {
    condition     = floor(var.retention_days) == var.retention_days
    error_message = "retention_days must be a whole number."
  }
}

resource "terraform_data" "db" {
  input = "${var.sku}/${var.retention_days}"
}

output "db" {
  value = terraform_data.db.output
}
