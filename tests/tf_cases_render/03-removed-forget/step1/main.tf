# Forgetting with a removed block, next to an ordinary delete.
resource "terraform_data" "keep" {
  input = { name = "keep me", tags = ["a"] }
}

resource "terraform_data" "drop" {
  input = 1
}
