# Sensitivity crosses module boundaries: a module output computed from a
# sensitive input must itself be declared sensitive (step 1 fails inside
# the module with "Output refers to sensitive values"); once it is, the
# root output must be sensitive too, while a non-secret output of the same
# module is plain (step 2).
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
  value     = module.creds.conn
  sensitive = true
}

output "user" {
  value = module.creds.user
}
