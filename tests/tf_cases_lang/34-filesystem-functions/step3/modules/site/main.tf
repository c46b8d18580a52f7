resource "terraform_data" "banner" {
  input = trimspace(file("${path.module}/banner.txt"))
}

output "banner" {
  value = terraform_data.banner.output
}

output "path" {
  value = path.module
}
