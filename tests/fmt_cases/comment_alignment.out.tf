locals {
  a   = 1                 # one
  bbb = 22                # two
  cc  = "long value here" # three

  d = 4 # four
  e = {
    f = 1 # inner
  }       # closing
}
