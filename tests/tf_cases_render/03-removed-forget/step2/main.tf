removed {
  from = terraform_data.keep
  lifecycle {
    destroy = false
  }
}

removed {
  from = terraform_data.drop
}
