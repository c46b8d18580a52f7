# count may not depend on a value known only after apply: the length of a
# list split from an unknown string is unknown ("Invalid count argument").
# Once the upstream resource exists (step 2), the same count expression is
# known at plan time (step 3).
resource "terraform_data" "csv" {
  input = "x,y,z"
}

resource "terraform_data" "item" {
  count = length(split(",", terraform_data.csv.output))
  input = split(",", terraform_data.csv.output)[count.index]
}
