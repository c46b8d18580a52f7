# Changing `input` updates the resource in place (no replacement) and the
# output follows; an unrelated resource stays untouched. Step 3 re-applies
# step 2 unchanged.
resource "terraform_data" "app" {
  input = "v2"
}

resource "terraform_data" "other" {
  input = "static"
}

output "app" {
  value = terraform_data.app.output
}

output "other" {
  value = terraform_data.other.output
}
