# Sensitive values inside nested inputs, and multi-line text.
variable "password" {
  type      = string
  default   = "s3cret"
  sensitive = true
}

resource "terraform_data" "cfg" {
  input = {
    user     = "admin"
    password = var.password
    script   = <<-EOT
      #!/bin/sh
      echo one
    EOT
  }
}
