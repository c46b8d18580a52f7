variable "x" {
  type    = number
  default = 7
}

resource "terraform_data" "ops" {
  input = {
    precedence = 1 + 2 * 3 - 4 / 2
    parens     = (1 + 2) * 3
    modulo     = var.x % 4 + 1
    logic      = !false && 1 < 2 || false
    chained    = var.x > 5 ? (var.x > 10 ? "big" : "medium") : "small"
    str_eq     = "1" == 1
    list_eq    = [1, 2] == [1, 2]
    neg        = -var.x + 10
    bad        = "a" < "b"
  }
}

output "ops" {
  value = terraform_data.ops.output
}
