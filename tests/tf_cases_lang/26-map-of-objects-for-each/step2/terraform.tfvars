clusters = {
  eastus     = { size = 3 }
  westus     = { size = 5, zone = "2" }
  northeurope = { size = 1 }
}
