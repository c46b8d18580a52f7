resource "terraform_data" "node" {
  input = "node"
}

output "node" {
  value = terraform_data.node.output
}
