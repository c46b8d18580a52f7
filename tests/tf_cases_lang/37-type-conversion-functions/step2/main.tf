# Type conversion functions: tostring, tonumber (decimal, exponent and
# string forms), tobool, tolist/toset (element types unified, so numbers
# become strings), tomap of mixed values, and null passing through. Step 2
# converts a list to a bool, "Invalid function argument".
resource "terraform_data" "r" {
  input = tonumber("8") * 2
}

output "strings" {
  value = [tostring(5), tostring(1.50), tostring(true), tostring("x")]
}

output "numbers" {
  value = [tonumber("42"), tonumber("-1.5"), tonumber("1e3"), tonumber(7)]
}

output "bools" {
  value = [tobool("true"), tobool("false"), tobool(true)]
}

output "nulls" {
  value = [tostring(null) == null, tonumber(null) == null, tobool(null) == null]
}

output "list_from_set" {
  value = tolist(toset(["b", "a", "b"]))
}

output "unified_list" {
  value = tolist([1, "a", true])
}

output "unified_set" {
  value = toset([1, "1", 2])
}

output "map" {
  value = tomap({ a = 1, b = "x", c = true })
}

output "r" {
  value = terraform_data.r.output
}

output "bad" {
  value = tobool(["true"])
}
