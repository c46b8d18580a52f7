# file header comment   
// another header
/* block
   comment */
resource "azure_resource_group" "rg" { # after brace
  name = "rg" # trailing
  location = var.region // trailing slash
  tags = { # open
    env = "dev" # env
    /* inline */ team = "dr"
    owner = /* who */ "me"
  }
  # before closing
}

/* between */ resource "x" "y" {
  list = [
    1, # one
    2, /* two */
    # alone
    3,
  ]
  call = merge(
    local.a, # first
    local.b  // second
  )
}
# trailing comment at end
