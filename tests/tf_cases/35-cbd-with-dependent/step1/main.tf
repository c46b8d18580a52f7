# A create_before_destroy resource is replaced (create,delete) while a
# resource referencing its id is updated in place.
variable "image" {
  type    = string
  default = "img-1"
}

resource "terraform_data" "template" {
  input            = var.image
  triggers_replace = var.image

  lifecycle {
    create_before_destroy = true
  }
}

resource "terraform_data" "group" {
  input = { template_id = terraform_data.template.id, image = terraform_data.template.output }
}

output "image" {
  value = terraform_data.group.output.image
}
