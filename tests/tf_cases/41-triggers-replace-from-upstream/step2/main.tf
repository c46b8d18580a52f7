# triggers_replace referencing another resource's output: updating the
# upstream input makes the trigger unknown, so the downstream resource is
# replaced, not updated.
variable "version_tag" {
  type    = string
  default = "1.0"
}

resource "terraform_data" "release" {
  input = var.version_tag
}

resource "terraform_data" "deploy" {
  input            = "deploy"
  triggers_replace = [terraform_data.release.output]
}

output "deployed" {
  value = terraform_data.deploy.output
}
