# prevent_destroy also stops a count decrease from deleting an instance: the
# plan fails naming the instance, and nothing is applied (step 2); growing
# the count is fine (step 3).
variable "n" {
  type    = number
  default = 2
}

resource "terraform_data" "vault" {
  count = var.n
  input = "vault-${count.index}"

  lifecycle {
    prevent_destroy = true
  }
}

output "n" {
  value = length(terraform_data.vault)
}
