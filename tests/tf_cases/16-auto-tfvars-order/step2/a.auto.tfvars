color = "red"
size  = 1
