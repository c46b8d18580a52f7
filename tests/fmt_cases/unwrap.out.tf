resource "x" "y" {
  a = var.a
  b = "${var.a}-suffix"
  c = var.c
  d = "${var.a}${var.b}"
  e = var.e
  f = (var.f ?
  1 : 2)
  g = format("%s", "${var.g}")
  h = ["${var.h}"]
  i = { j = "${var.i}" }
}
