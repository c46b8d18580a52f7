# Escapes in quoted strings and templates: $${ and %%{ produce literal
# ${ and %{, plus \" \\ \t \n and \u escapes. A literal "$" or "%" not
# followed by "{" needs no escape.
resource "terraform_data" "esc" {
  input = {
    dollar  = "cost: $${price} or $5"
    percent = "100% and %%{if}"
    quotes  = "say \"hi\" \\ bye"
    control = "a\tb\nc"
    unicode = "caf\u00e9 \U0001F600"
  }
}

output "esc" {
  value = terraform_data.esc.output
}
