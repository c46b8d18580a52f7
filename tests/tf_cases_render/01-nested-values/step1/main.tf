# Nested values created, updated element by element, then destroyed; a replacement.
resource "terraform_data" "a" {
  input = {
    name  = "x"
    list  = ["a", "b"]
    map   = { k1 = "v1", k2 = 2 }
    empty = []
    emap  = {}
    nul   = null
    objs  = [{ p = 1, q = "z" }]
    text  = "line1\nline2\n"
  }
}
resource "terraform_data" "b" {
  input = ["x", "y"]
}
resource "terraform_data" "c" {
  input = "plain"
  triggers_replace = ["t1"]
}
