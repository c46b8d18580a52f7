locals {
  a = <<EOT
keep   trailing spaces   
	tabs	inside
EOT   
  bb = 1
  c = <<-EOT
      %{ if var.x }yes%{ endif }
      ${ join(",", [ for s in var.l: s ]) }
    EOT
  d = [<<EOT
item
EOT
  , "after"]
  e = 2
}
