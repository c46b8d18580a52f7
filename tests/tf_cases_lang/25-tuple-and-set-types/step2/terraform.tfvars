spec = ["a", 2]
