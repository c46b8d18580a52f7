configs = {
  eastus = "e1"
  westus = "w2"
}
