resource "terraform_data" "env" {
  for_each = toset(["dev", "prod"])
  input    = "env-${each.key}"
}

output "envs" {
  value = [for e in terraform_data.env : e.output]
}
