regions = ["eastus", "westus", "northeurope"]
