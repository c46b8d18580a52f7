# Switching a resource from count to for_each: the numbered instances are
# destroyed and keyed instances created (no automatic move).
resource "terraform_data" "svc" {
  count = 2
  input = "svc-${count.index}"
}

output "svc" {
  value = [for s in terraform_data.svc : s.output]
}
