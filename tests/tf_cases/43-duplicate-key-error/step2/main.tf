variable "names" {
  type    = list(string)
  default = ["web", "api", "web"]
}

resource "terraform_data" "svc" {
  for_each = { for n in distinct(var.names) : n => upper(n) }
  input    = each.value
}
