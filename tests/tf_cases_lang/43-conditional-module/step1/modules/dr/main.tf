variable "site" {
  type = string
}

resource "terraform_data" "site" {
  input = var.site
}

resource "terraform_data" "replication" {
  input = "to-${var.site}"
}

output "site" {
  value = terraform_data.site.output
}
