# lifecycle prevent_destroy: a plan that would replace the resource fails
# ("Instance cannot be destroyed", step 2), an in-place update is fine
# (step 3), and removing the resource block removes the guard with it, so
# the resource is then destroyed without complaint (step 4).
variable "generation" {
  type    = number
  default = 1
}

variable "label" {
  type    = string
  default = "primary"
}

resource "terraform_data" "failover_group" {
  input            = var.label
  triggers_replace = var.generation

  lifecycle {
    prevent_destroy = true
  }
}

resource "terraform_data" "other" {
  input = "other"
}

output "label" {
  value = terraform_data.failover_group.output
}
