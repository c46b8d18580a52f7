# A moved block between two counted resources moves every instance
# (old[0] to nodes[0], old[1] to nodes[1]); moving a plain resource to an
# index of a counted one (single to nodes[2]) keeps it too. Step 3 moves an
# instance onto an address that already has an object: Terraform does not
# move it (a warning, "Unresolved resource instance address changes") and
# plans as if the block were absent.
resource "terraform_data" "old" {
  count = 2
  input = "node-${count.index}"
}

resource "terraform_data" "single" {
  input = "node-2"
}

output "old" {
  value = terraform_data.old[*].output
}
