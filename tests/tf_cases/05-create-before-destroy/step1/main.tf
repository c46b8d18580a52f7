# With lifecycle create_before_destroy a forced replacement is planned as
# create,delete instead of delete,create.
resource "terraform_data" "cbd" {
  input            = "cbd"
  triggers_replace = 1

  lifecycle {
    create_before_destroy = true
  }
}

resource "terraform_data" "plain" {
  input            = "plain"
  triggers_replace = 1
}

output "values" {
  value = [terraform_data.cbd.output, terraform_data.plain.output]
}
