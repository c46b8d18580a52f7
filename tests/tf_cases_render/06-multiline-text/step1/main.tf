# Multi-line text created, then changed line by line.
resource "terraform_data" "cfg" {
  input = {
    user   = "admin"
    script = <<-EOT
      #!/bin/sh
      echo one
    EOT
  }
}
