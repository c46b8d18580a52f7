# Changing `triggers_replace` replaces the resource (delete then create,
# reason replace_because_cannot_update); changing only `input` afterwards is
# an in-place update again.
resource "terraform_data" "server" {
  input            = "web"
  triggers_replace = "version-2"
}

output "server" {
  value = terraform_data.server.output
}
