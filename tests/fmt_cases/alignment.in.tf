variable "region" {
type=string
    default     =   "eastus"
  description="The region"   
}

locals {
  a = 1
  bbbbbb = 2
  # a comment line ends the run
  cc = 3
  ddddd = 4

  eeeeeeeeee = 5
  f = {
    x = 1
    yyy = 2
  }
  g = 7
  hh = [1,2,
    3]
  i = 8
}
