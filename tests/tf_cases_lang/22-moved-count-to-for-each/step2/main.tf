variable "names" {
  type    = list(string)
  default = ["a", "b", "c"]
}

resource "terraform_data" "node" {
  for_each = toset(var.names)
  input    = each.key
}

moved {
  from = terraform_data.node[0]
  to   = terraform_data.node["a"]
}

moved {
  from = terraform_data.node[1]
  to   = terraform_data.node["b"]
}

moved {
  from = terraform_data.node[2]
  to   = terraform_data.node["c"]
}

output "nodes" {
  value = [for k in sort(keys(terraform_data.node)) : terraform_data.node[k].output]
}
