# List diffs: equal lengths compare by position, others by common subsequence; unchanged neighbours, hidden counts, objects and sets.
resource "terraform_data" "l1" { input = ["a", "b"] }
resource "terraform_data" "l2" { input = ["a", "b", "c"] }
resource "terraform_data" "l3" { input = ["t1"] }
resource "terraform_data" "l4" { input = ["a","b","c","d","e","f","g","h","i","j"] }
resource "terraform_data" "l5" { input = [{ p = 1, q = 2 }, { p = 3, q = 4 }] }
resource "terraform_data" "l6" { input = ["a", "b"] }
resource "terraform_data" "m1" { input = { a = 1, b = 2, c = 3 } }
resource "terraform_data" "m2" { input = tomap({ a = "1", b = "2" }) }
resource "terraform_data" "n1" { input = { inner = { x = 1, y = 2 }, z = [1, 2] } }
resource "terraform_data" "s1" { input = toset(["a", "b"]) }
