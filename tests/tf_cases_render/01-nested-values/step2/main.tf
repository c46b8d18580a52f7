resource "terraform_data" "a" {
  input = {
    name  = "y"
    list  = ["a", "c", "d"]
    map   = { k1 = "v1", k3 = 3 }
    empty = ["new"]
    emap  = {}
    nul   = "now"
    objs  = [{ p = 2, q = "z" }]
    text  = "line1\nline2 changed\nline3\n"
  }
}
resource "terraform_data" "b" {
  input = ["x"]
}
resource "terraform_data" "c" {
  input = "plain"
  triggers_replace = ["t2"]
}
