region         = "eastus"
instance_count = 3
tags = {
  env  = "prod"
  team = "sre" # owner
}
zones = ["1", "2",
"3"]
