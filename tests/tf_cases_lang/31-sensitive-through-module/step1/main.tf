# Sensitivity crosses module boundaries: a module output computed from a
# sensitive input needs no sensitive = true inside the module, but the
# value stays sensitive, so a root output of it without sensitive = true
# fails ("Output refers to sensitive values", step 1). With it (step 2) the
# output is stored as sensitive, while a non-secret output of the same
# module is plain. Declaring the module's variable and output sensitive
# too changes nothing (step 3).
variable "key" {
  type      = string
  default   = "s3cr3t"
  sensitive = true
}

module "creds" {
  source = "./modules/creds"
  key    = var.key
  user   = "admin"
}

output "conn" {
  value = module.creds.conn
}

output "user" {
  value = module.creds.user
}
