app = {
  name     = "web"
  replicas = 3
  tier     = "gold"
  tags     = { env = "prod" }
  backup   = { days = 30 }
}
