resource "terraform_data" "csv" {
  input = "x,y,z"
}
