resource "terraform_data" "n" {
  count = 1
  input = "n${count.index}"
}
