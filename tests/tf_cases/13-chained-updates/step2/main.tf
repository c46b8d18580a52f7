# A chain a -> b -> c through `output`: changing a's input updates all three
# in place, since each downstream input becomes unknown until apply.
variable "base" {
  type    = string
  default = "one"
}

resource "terraform_data" "a" {
  input = var.base
}

resource "terraform_data" "b" {
  input = "${terraform_data.a.output}-b"
}

resource "terraform_data" "c" {
  input = "${terraform_data.b.output}-c"
}

output "c" {
  value = terraform_data.c.output
}
