# lifecycle ignore_changes = all: neither a new input nor a new
# triggers_replace value changes the resource after it is created.
variable "input" {
  type    = string
  default = "first"
}

variable "trigger" {
  type    = number
  default = 1
}

resource "terraform_data" "r" {
  input            = var.input
  triggers_replace = var.trigger

  lifecycle {
    ignore_changes = all
  }
}

output "stored" {
  value = terraform_data.r.output
}
