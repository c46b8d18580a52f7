# Multi-line text created, then changed line by line.
resource "terraform_data" "cfg" {
  input = {
    user   = "root"
    script = <<-EOT
      #!/bin/sh
      echo one
      echo two
    EOT
  }
}
