# null handling: `input = null` is allowed and the output is null; outputs
# whose value is null are absent from `terraform output -json`; coalesce()
# skips nulls and empty strings; `== null` tests work. Step 2 sets the
# variable, step 3 unsets it again.
variable "nickname" {
  type    = string
  default = null
}

resource "terraform_data" "maybe" {
  input = var.nickname
}

resource "terraform_data" "named" {
  input = coalesce(var.nickname, "", "anonymous")
}

output "raw" {
  value = terraform_data.maybe.output
}

output "named" {
  value = terraform_data.named.output
}

output "is_null" {
  value = var.nickname == null ? "unset" : "set"
}
