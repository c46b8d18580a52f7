count_str = "41"
flags     = ["true", false, "false"]
weights   = { a = "heavy", b = 2 }
owner     = { name = "ana", team = 7 }
