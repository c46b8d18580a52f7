# Removing `count` from a resource that had two instances: [0] is
# implicitly moved to the no-key address and [1] is destroyed.
resource "terraform_data" "node" {
  count = 2
  input = "node"
}

output "count" {
  value = length(terraform_data.node)
}
