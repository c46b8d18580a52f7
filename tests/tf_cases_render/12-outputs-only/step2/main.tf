output "nested" {
  value = { text = "a\nc", list = ["x", "y"] }
}

output "top" {
  value = "one\n"
}
