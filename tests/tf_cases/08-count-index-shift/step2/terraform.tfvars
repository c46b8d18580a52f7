names = ["beta", "gamma"]
