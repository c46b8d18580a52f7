# for_each over a map: removing a key destroys that instance (reason
# delete_because_each_key), changing a value updates in place, adding a key
# creates.
variable "buckets" {
  type = map(string)
  default = {
    logs   = "30d"
    images = "90d"
    tmp    = "1d"
  }
}

resource "terraform_data" "bucket" {
  for_each = var.buckets
  input    = "${each.key}:${each.value}"
}

output "buckets" {
  value = { for k, b in terraform_data.bucket : k => b.output }
}
