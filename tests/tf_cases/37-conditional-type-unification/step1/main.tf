# Conditional results are unified to one type: `c ? 5 : "x"` is the string
# "5", and two objects with different attributes become a map of strings.
variable "flag" {
  type    = bool
  default = true
}

resource "terraform_data" "pick" {
  input = {
    mixed   = var.flag ? 5 : "x"
    objects = var.flag ? { a = 1 } : { b = "x" }
    lists   = var.flag ? [] : ["a", "b"]
    numbers = var.flag ? 1 : 2.5
  }
}

output "pick" {
  value = terraform_data.pick.output
}
