# for_each keys derived from another resource's id are unknown during the
# first plan: "Invalid for_each argument". A map with static keys and
# unknown values (step 2) plans fine.
resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  for_each = toset([terraform_data.a.id])
  input    = each.key
}
