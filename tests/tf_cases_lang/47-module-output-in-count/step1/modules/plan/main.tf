variable "zones" {
  type = list(string)
}

resource "terraform_data" "marker" {
  input = length(var.zones)
}

output "zones" {
  value = var.zones
}

output "marker_id" {
  value = terraform_data.marker.id
}
