resource "terraform_data" "nodes" {
  count = 2
  input = "node-${count.index}"
}

moved {
  from = terraform_data.nodes[2]
  to   = terraform_data.nodes[1]
}

output "nodes" {
  value = terraform_data.nodes[*].output
}
