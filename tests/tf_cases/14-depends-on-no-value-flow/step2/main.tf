# depends_on only orders operations: replacing the dependency does not
# change or replace the dependent resource.
resource "terraform_data" "first" {
  input            = "first"
  triggers_replace = "b"
}

resource "terraform_data" "second" {
  input      = "second"
  depends_on = [terraform_data.first]
}

output "second" {
  value = terraform_data.second.output
}
