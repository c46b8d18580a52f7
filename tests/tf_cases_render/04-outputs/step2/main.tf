variable "n" {
  default = 2
}

resource "terraform_data" "x" {
  input = var.n
}

output "nested" {
  value = { list = [1, 3], name = "b", obj = { k = "v", k2 = "w" } }
}

output "later" {
  value = terraform_data.x.output
}

output "added" {
  value = "new"
}
