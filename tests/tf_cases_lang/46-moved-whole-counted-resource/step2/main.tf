resource "terraform_data" "nodes" {
  count = 3
  input = "node-${count.index}"
}

moved {
  from = terraform_data.old
  to   = terraform_data.nodes
}

moved {
  from = terraform_data.single
  to   = terraform_data.nodes[2]
}

output "nodes" {
  value = terraform_data.nodes[*].output
}
