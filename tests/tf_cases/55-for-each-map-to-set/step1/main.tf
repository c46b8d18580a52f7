# Instance addresses depend only on the keys: switching for_each from a map
# to toset() of the same keys, with the same inputs, is "No changes.".
resource "terraform_data" "env" {
  for_each = { dev = "dev", prod = "prod" }
  input    = "env-${each.value}"
}

output "envs" {
  value = [for e in terraform_data.env : e.output]
}
