# Refactoring a root resource into a module: moved { from =
# terraform_data.store, to = module.store.terraform_data.this } keeps the
# object (step 2: "has moved to", nothing to add or destroy). Without the
# moved block the same refactoring destroys and recreates it (step 3 moves
# it back out without one: a delete and a create).
resource "terraform_data" "store" {
  input = "blob"
}

output "store" {
  value = terraform_data.store.output
}
