# Locals referencing locals and resource outputs, count.index arithmetic,
# and an index into another counted resource ([count.index]).
variable "prefix" {
  type    = string
  default = "app"
}

locals {
  name    = "${var.prefix}-svc"
  ports   = [for i in range(3) : 8080 + i * 10]
  summary = "${local.name}:${join(",", local.ports)}"
}

resource "terraform_data" "port" {
  count = length(local.ports)
  input = { name = "${local.name}-${count.index}", port = local.ports[count.index] }
}

resource "terraform_data" "listener" {
  count = length(terraform_data.port)
  input = "${terraform_data.port[count.index].output.name} -> ${terraform_data.port[count.index].output.port}"
}

output "summary" {
  value = local.summary
}

output "listeners" {
  value = terraform_data.listener[*].output
}
