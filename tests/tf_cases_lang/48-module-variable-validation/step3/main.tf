# Validation blocks inside a module check the values its callers pass:
# valid values plan (step 1); a value failing one of a module variable's
# validations is "Invalid value for variable", whether it is the first
# (step 2) or the second block of two (step 3).
variable "sku" {
  type    = string
  default = "standard"
}

variable "retention" {
  type    = number
  default = 14
}

module "db" {
  source         = "./modules/db"
  sku            = var.sku
  retention_days = var.retention
}

output "db" {
  value = module.db.db
}
