# Only outputs change: nested values, a heredoc, and the note that nothing real changes.
output "nested" {
  value = { text = "a\nb", list = ["x"] }
}

output "top" {
  value = "one\ntwo\n"
}
