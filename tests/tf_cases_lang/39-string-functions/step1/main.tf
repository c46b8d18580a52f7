# String functions through outputs: regex (a string, a list of captures,
# a map of named captures), regexall, replace with a /regex/, title,
# trimprefix/trimsuffix/trim, indent (not the first line), startswith,
# endswith, strrev (grapheme-aware), formatlist, format verbs, chomp,
# substr with a negative offset, strcontains.
locals {
  name = "eastus-web-042"
}

resource "terraform_data" "label" {
  input = title(replace(local.name, "/-\\d+$/", ""))
}

output "label" {
  value = terraform_data.label.output
}

output "regex" {
  value = {
    whole   = regex("[a-z]+", local.name)
    groups  = regex("^(\\w+)-(\\w+)-(\\d+)$", local.name)
    named   = regex("^(?P<region>\\w+)-(?P<tier>\\w+)", local.name)
    numbers = regexall("\\d", "a1b22c333")
    count   = length(regexall("-", local.name))
  }
}

output "trims" {
  value = [
    trimprefix("eastus-web", "eastus-"),
    trimprefix("eastus-web", "west"),
    trimsuffix("web.tf", ".tf"),
    trim("--a-b--", "-"),
    trimspace("  x \n"),
    chomp("line\n\n"),
  ]
}

output "indented" {
  value = "items:\n  ${indent(2, "- a\n- b\n- c")}"
}

output "checks" {
  value = [startswith(local.name, "east"), endswith(local.name, "42"), strcontains(local.name, "web")]
}

output "misc" {
  value = [
    title("hello wide-world of hcl"),
    strrev("héllo"),
    substr("abcdef", -3, 2),
    substr("abc", 1, -1),
    upper("straße"),
  ]
}

output "formatted" {
  value = [
    format("%05.1f|%-4s|%q|%t|%x|%d%%", 3.14159, "ab", "q\"t", true, 255, 50),
    format("%s has %d nodes", "eastus", 3),
  ]
}

output "formatlist" {
  value = formatlist("%s-%02d", ["web", "db"], [1, 2])
}
