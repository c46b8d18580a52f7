# Output changes with nested values.
variable "n" {
  default = 1
}

resource "terraform_data" "x" {
  input = var.n
}

output "nested" {
  value = { list = [1, 2], name = "a", obj = { k = "v" } }
}

output "later" {
  value = terraform_data.x.output
}

output "gone" {
  value = ["x"]
}
