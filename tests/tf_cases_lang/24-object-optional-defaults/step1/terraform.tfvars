app = {
  name = "web"
}
