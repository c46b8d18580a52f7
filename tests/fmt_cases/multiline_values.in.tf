locals {
  a = 1
  b = [
    1,
  ]
  cc = 2
  ddd = merge(local.x,
    local.y)
  e = 3
  f = var.x ? "yes" : (
    "no"
  )
  gg = 4
  hhh = <<EOT
x
EOT
  i = 5
}
