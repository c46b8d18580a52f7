# Heredocs: <<EOT keeps indentation, <<-EOT strips the common leading
# whitespace; both keep the trailing newline. Editing one line of a heredoc
# input is an in-place update.
variable "name" {
  type    = string
  default = "world"
}

resource "terraform_data" "script" {
  input = <<EOT
#!/bin/sh
  echo "hello ${var.name}"
EOT
}

resource "terraform_data" "indented" {
  input = <<-EOT
    line one
      line two (edited)
    name: ${upper(var.name)}
    EOT
}

output "script" {
  value = terraform_data.script.output
}

output "indented" {
  value = terraform_data.indented.output
}
