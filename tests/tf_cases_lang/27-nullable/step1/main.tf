# nullable = false: a null value (here from terraform.tfvars) is replaced by
# the default; a nullable variable keeps the null, so an output of it is
# absent. A non-nullable variable without a default set to null is an
# error (step 2).
variable "strict" {
  type     = string
  default  = "strict-default"
  nullable = false
}

variable "loose" {
  type    = string
  default = "loose-default"
}

variable "tags" {
  type     = map(string)
  default  = {}
  nullable = false
}

resource "terraform_data" "r" {
  input = {
    strict = var.strict
    loose  = var.loose
    ntags  = length(var.tags)
  }
}

output "strict" {
  value = var.strict
}

output "loose" {
  value = var.loose
}

output "loose_is_null" {
  value = var.loose == null
}

output "ntags" {
  value = length(var.tags)
}
