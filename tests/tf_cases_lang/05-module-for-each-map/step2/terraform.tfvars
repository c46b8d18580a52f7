regions = {
  eastus = 3
}
