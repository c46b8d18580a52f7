count_str = "41"
flags     = ["true", false, "false"]
weights   = { a = "1.5", b = 2 }
owner     = { name = "ana", team = 7 }
