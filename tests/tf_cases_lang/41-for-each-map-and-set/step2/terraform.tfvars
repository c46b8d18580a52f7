services = {
  api    = { enabled = true, port = 8080 }
  web    = { enabled = true, port = 80 }
  worker = { enabled = true, port = 9000 }
}
