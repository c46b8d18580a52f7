# A moved block renames a resource without destroying it: the plan says
# "terraform_data.old has moved to terraform_data.db" and changes nothing
# (step 2). Chained moved blocks plus a changed input give an in-place
# update of the new address, "(moved from terraform_data.db)" (step 3).
# Once applied, the moved blocks can go (step 4: no changes).
resource "terraform_data" "old" {
  input = "db"
}

output "db" {
  value = terraform_data.old.output
}
