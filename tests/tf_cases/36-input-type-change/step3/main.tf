resource "terraform_data" "num" {
  input = 1.0
}

resource "terraform_data" "seq" {
  input = ["a"]
}

output "num" {
  value = terraform_data.num.output
}

output "seq" {
  value = terraform_data.seq.output
}
