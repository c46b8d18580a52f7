# An id survives in-place updates: when the upstream input changes, a
# resource referencing its `id` is left alone, while one referencing its
# `output` is updated.
variable "setting" {
  type    = string
  default = "blue"
}

resource "terraform_data" "upstream" {
  input = var.setting
}

resource "terraform_data" "uses_id" {
  input = terraform_data.upstream.id
}

resource "terraform_data" "uses_output" {
  input = "color=${terraform_data.upstream.output}"
}

output "color" {
  value = terraform_data.uses_output.output
}

output "same_id" {
  value = terraform_data.uses_id.output == terraform_data.upstream.id
}
