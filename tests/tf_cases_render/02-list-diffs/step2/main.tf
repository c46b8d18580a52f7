resource "terraform_data" "l1" { input = ["a", "c"] }
resource "terraform_data" "l2" { input = ["x", "y", "z"] }
resource "terraform_data" "l3" { input = ["t2"] }
resource "terraform_data" "l4" { input = ["a","b","c","d","e","X","g","h","i","j"] }
resource "terraform_data" "l5" { input = [{ p = 1, q = 2 }, { p = 3, q = 5 }] }
resource "terraform_data" "l6" { input = ["b"] }
resource "terraform_data" "m1" { input = { a = 1, b = 20, c = 3 } }
resource "terraform_data" "m2" { input = tomap({ a = "1", b = "3", "with space" = "x" }) }
resource "terraform_data" "n1" { input = { inner = { x = 1, y = 3 }, z = [1, 2, 3] } }
resource "terraform_data" "s1" { input = toset(["a", "c"]) }
