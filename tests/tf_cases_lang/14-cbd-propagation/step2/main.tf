# create_before_destroy propagates to dependencies: terraform_data.app has
# it and depends on terraform_data.base, which does not; when both are
# replaced (step 2), Terraform replaces base create-then-delete as well.
# terraform_data.unrelated, with no cbd dependent, is delete-then-create.
variable "version_tag" {
  type    = string
  default = "v1"
}

resource "terraform_data" "base" {
  triggers_replace = var.version_tag
}

resource "terraform_data" "app" {
  triggers_replace = terraform_data.base.id

  lifecycle {
    create_before_destroy = true
  }
}

resource "terraform_data" "unrelated" {
  triggers_replace = var.version_tag
}

output "tag" {
  value = var.version_tag
}
