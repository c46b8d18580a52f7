# Number arithmetic and formatting: whole numbers print without a decimal
# point, fractions keep theirs, division is exact (arbitrary precision), %
# follows the dividend's sign, min/max. Step 2 rewrites 1 as 1.0 and 2.5 as
# 5/2: the same numbers, so no changes.
locals {
  one       = 1.0
  one_half  = 1.5
  quarter   = 5 / 2
}

resource "terraform_data" "num" {
  input = [local.one, local.one_half, local.quarter]
}

output "one" {
  value = terraform_data.num.output[0]
}

output "one_half" {
  value = terraform_data.num.output[1]
}

output "math" {
  value = {
    div      = 10 / 4
    third    = 1 / 3
    mod      = 7 % 3
    neg_mod  = -5 % 3
    mul      = 2 * 3.0
    sum      = 0.1 + 0.2
    big      = 1e20
    min      = min(3, 1.5, 9)
    max      = max(-1, -7)
    compare  = 2 > 1.5 && 3 >= 3 || false
    not_eq   = 1 != 1.0
    negative = -local.one_half
  }
}

output "as_text" {
  value = "${local.one} ${local.one_half} ${10 / 4} ${2.0} ${1e3} ${1 / 3}"
}
