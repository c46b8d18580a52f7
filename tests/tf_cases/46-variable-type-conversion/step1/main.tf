# Typed variables convert their values: string -> number/bool inside object
# and list types, numbers -> strings in map(string), and the object type
# drops attributes that are not declared.
variable "server" {
  type = object({
    name    = string
    port    = number
    enabled = bool
  })
}

variable "ids" {
  type = list(number)
}

variable "labels" {
  type = map(string)
}

resource "terraform_data" "conv" {
  input = {
    server = var.server
    ids    = var.ids
    labels = var.labels
    total  = var.ids[0] + var.ids[1]
  }
}

output "conv" {
  value = terraform_data.conv.output
}
