# lifecycle ignore_changes = [input]: changing input afterwards plans no
# change and the stored value stays the original (step 2), while a change
# to triggers_replace still replaces it, taking the new input (step 3).
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
    ignore_changes = [input]
  }
}

output "stored" {
  value = terraform_data.r.output
}
