resource "terraform_data" "csv" {
  input = "x,y,z"
}

resource "terraform_data" "item" {
  count = length(split(",", terraform_data.csv.output))
  input = split(",", terraform_data.csv.output)[count.index]
}

output "items" {
  value = terraform_data.item[*].output
}
