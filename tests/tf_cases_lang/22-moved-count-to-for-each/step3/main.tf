variable "names" {
  type    = list(string)
  default = ["a", "b", "c"]
}

resource "terraform_data" "node" {
  for_each = toset(var.names)
  input    = each.key
}

resource "terraform_data" "extra" {
  input = "extra"
}

moved {
  from = terraform_data.extra
  to   = terraform_data.node["d"]
}

output "nodes" {
  value = [for k in sort(keys(terraform_data.node)) : terraform_data.node[k].output]
}
