locals {
  ñame      = "é"
  long_name = "日本語"
  x         = "😀" # emoji
  yyyy      = "z" # aligned
}
