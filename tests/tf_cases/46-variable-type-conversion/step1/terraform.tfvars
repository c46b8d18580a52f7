server = { name = "web", port = "8080", enabled = "true", extra = "dropped" }
ids    = ["1", "2"]
labels = { tier = 1, public = true }
