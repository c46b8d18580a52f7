# Filesystem functions, relative to path.module: file, fileexists, fileset,
# templatefile (with for and if directives) in the root and inside a module
# (whose path.module is "modules/site"), and basename/dirname. Editing the
# template file alone (step 2) updates the resource that renders it; a
# template that uses a variable not passed to templatefile is an error
# (step 3, "Invalid function argument").
locals {
  config = templatefile("${path.module}/templates/app.tftpl", {
    name  = "web"
    ports = [80, 443]
    tls   = true
  })
}

module "site" {
  source = "./modules/site"
}

resource "terraform_data" "config" {
  input = local.config
}

output "config" {
  value = terraform_data.config.output
}

output "motd" {
  value = file("${path.module}/motd.txt")
}

output "motd_chomped" {
  value = chomp(file("motd.txt"))
}

output "exists" {
  value = [fileexists("${path.module}/motd.txt"), fileexists("${path.module}/missing.txt")]
}

output "templates" {
  value = fileset(path.module, "templates/*.tftpl")
}

output "paths" {
  value = {
    module = path.module
    root   = path.root
    site   = module.site.path
  }
}

output "site" {
  value = module.site.banner
}

output "names" {
  value = [basename("modules/site/banner.txt"), dirname("modules/site/banner.txt")]
}
