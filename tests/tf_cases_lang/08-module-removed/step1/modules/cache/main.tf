variable "sizes" {
  type    = list(string)
  default = ["small", "large"]
}

resource "terraform_data" "c" {
  for_each = toset(var.sizes)
  input    = each.key
}

output "size" {
  value = [for c in terraform_data.c : c.output]
}
