resource "terraform_data" "svc" {
  for_each = toset(["svc-0", "svc-1"])
  input    = each.key
}

output "svc" {
  value = [for s in terraform_data.svc : s.output]
}
