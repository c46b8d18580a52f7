# Conversion to declared types: strings that look like numbers and bools
# convert (step 1); a map(number) given a word (step 2) and an object
# missing a required attribute (step 3) are "Invalid value for input
# variable"; tonumber of a word is "Invalid function argument" (step 4);
# adding a word to a number is "Invalid operand" (step 5).
variable "count_str" {
  type = number
}

variable "flags" {
  type = list(bool)
}

variable "weights" {
  type = map(number)
}

variable "owner" {
  type = object({
    name = string
    team = string
  })
}

resource "terraform_data" "r" {
  input = {
    n     = var.count_str + 1
    flags = var.flags
    total = sum(values(var.weights))
    owner = "${var.owner.name}@${var.owner.team}"
  }
}

output "r" {
  value = terraform_data.r.output
}

output "bad" {
  value = tonumber("forty-two")
}
