locals {
  script = <<EOT
#!/bin/bash
  echo "${var.name}"
    if [ x ]; then echo; fi
EOT
  other  = <<-EOF2
    indented
      more ${local.x}
    EOF2
  short  = 1
  policy = jsonencode({
    a = <<EOT
${var.x}
EOT
  })
}
