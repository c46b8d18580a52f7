# Removing a resource block from the configuration destroys it (reason
# delete_because_no_resource_config); its output disappears too.
resource "terraform_data" "keep" {
  input = "keep"
}

resource "terraform_data" "drop" {
  input = "drop"
}

output "keep" {
  value = terraform_data.keep.output
}

output "drop" {
  value = terraform_data.drop.output
}
