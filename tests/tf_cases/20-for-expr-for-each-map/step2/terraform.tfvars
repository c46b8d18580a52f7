users = [
  { name = "ana", role = "admin", enabled = false },
  { name = "bo", role = "admin", enabled = true },
  { name = "cy", role = "dev", enabled = true },
]
