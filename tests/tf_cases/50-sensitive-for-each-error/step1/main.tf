# A sensitive value cannot be used as for_each (its keys would be shown as
# instance addresses): "Invalid for_each argument".
variable "secret_names" {
  type      = list(string)
  sensitive = true
  default   = ["alpha", "beta"]
}

resource "terraform_data" "s" {
  for_each = toset(var.secret_names)
  input    = each.key
}
