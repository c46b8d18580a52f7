# Numeric functions and arithmetic through outputs: abs, ceil, floor, log,
# pow, signum, parseint (bases 2 and 16), min/max of expanded lists, modulo
# of negative numbers and division. signum of a fraction is an error
# (step 2, "Error in function call"), and so is parseint of digits invalid
# in the base (step 3).
resource "terraform_data" "r" {
  input = pow(2, 10)
}

output "numbers" {
  value = {
    abs    = [abs(-3.5), abs(0), abs(7)]
    ceil   = [ceil(1.2), ceil(-1.2), ceil(5)]
    floor  = [floor(1.8), floor(-1.2)]
    log    = [log(16, 2), log(1, 10)]
    pow    = [pow(3, 2), pow(4, 0.5), pow(2, -1)]
    signum = [signum(-7), signum(0), signum(12)]
    parse  = [parseint("ff", 16), parseint("-101", 2), parseint("777", 8), parseint("zz", 36)]
    minmax = [min([3, 1, 2]...), max(-1, -5)]
    mod    = [7 % 3, -7 % 3, 7.5 % 2]
    div    = [10 / 4, 9 / 3, -1 / 8]
  }
}

output "r" {
  value = terraform_data.r.output
}
