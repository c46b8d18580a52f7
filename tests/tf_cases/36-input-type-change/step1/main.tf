# `input` is dynamically typed: "1" -> 1 is an update (string vs number),
# 1 -> 1.0 is no change, and tolist(["a"]) -> ["a"] (list vs tuple) is an
# update even though the JSON looks the same.
resource "terraform_data" "num" {
  input = "1"
}

resource "terraform_data" "seq" {
  input = tolist(["a"])
}

output "num" {
  value = terraform_data.num.output
}

output "seq" {
  value = terraform_data.seq.output
}
