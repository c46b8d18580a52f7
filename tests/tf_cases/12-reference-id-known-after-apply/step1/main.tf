# A resource whose input references another's id/output is created in the
# same plan (values known after apply). Replacing the upstream makes both
# dependents update in place.
resource "terraform_data" "network" {
  input            = "10.0.0.0/16"
  triggers_replace = "net-v1"
}

resource "terraform_data" "by_id" {
  input = terraform_data.network.id
}

resource "terraform_data" "by_output" {
  input = { cidr = terraform_data.network.output }
}

output "id_length" {
  value = length(terraform_data.by_id.output)
}

output "id_matches" {
  value = terraform_data.by_id.output == terraform_data.network.id
}

output "cidr" {
  value = terraform_data.by_output.output.cidr
}
