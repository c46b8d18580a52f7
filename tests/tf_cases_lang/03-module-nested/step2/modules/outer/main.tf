variable "prefix" {
  type = string
}

module "inner" {
  source = "../inner"
  name   = "${var.prefix}-inner"
}

resource "terraform_data" "mid" {
  input = "${var.prefix}-mid"
}

output "leaf" {
  value = module.inner.value
}

output "both" {
  value = {
    mid  = terraform_data.mid.output
    leaf = module.inner.value
  }
}
