# count shrinks: the extra instances are destroyed with their reason.
resource "terraform_data" "n" {
  count = 3
  input = "n${count.index}"
}
