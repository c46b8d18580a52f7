# String functions (format, join, split, replace incl. the /regex/ form,
# lower, upper, trimspace, substr) feeding `input`; results are read back
# through the resource output. Step 2 changes the source string.
variable "raw" {
  type    = string
  default = "  Hello, Big World  "
}

locals {
  clean = trimspace(var.raw)
  words = split(" ", replace(local.clean, ",", ""))
}

resource "terraform_data" "text" {
  input = {
    clean   = local.clean
    lower   = lower(local.clean)
    upper   = upper(local.clean)
    words   = local.words
    joined  = join("-", local.words)
    slug    = lower(join("_", local.words))
    first5  = substr(local.clean, 0, 5)
    last3   = substr(local.clean, -3, -1)
    digits  = replace("a1b22c333", "/[0-9]+/", "#")
    fmt     = format("%s has %d words (%.1f%%)", local.words[0], length(local.words), 12.345)
    padded  = format("[%5s|%-5s|%03d]", "ab", "cd", 7)
    unicode = upper("straße é")
  }
}

output "text" {
  value = terraform_data.text.output
}
