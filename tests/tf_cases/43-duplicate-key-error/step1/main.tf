# A `for` expression producing an object with the same key twice fails
# ("Duplicate object key"); distinct() on the source fixes it.
variable "names" {
  type    = list(string)
  default = ["web", "api", "web"]
}

resource "terraform_data" "svc" {
  for_each = { for n in var.names : n => upper(n) }
  input    = each.value
}
