# Encoding functions through outputs: base64encode/base64decode (UTF-8),
# jsonencode (object keys sorted, <, > and & escaped as \u003c...),
# jsondecode, yamlencode (every string quoted), yamldecode (an unquoted yes
# is the bool true, as in YAML 1.1), urlencode, csvdecode and
# textencodebase64.
locals {
  doc = {
    name  = "web"
    ports = [80, 443]
    html  = "<a href=\"x\">&</a>"
    ratio = 1.5
    empty = null
  }
}

resource "terraform_data" "encoded" {
  input = base64encode(jsonencode(local.doc))
}

output "b64" {
  value = base64encode("hello wörld")
}

output "b64_decoded" {
  value = base64decode("aGFkciDinJM=")
}

output "json" {
  value = jsonencode(local.doc)
}

output "json_scalars" {
  value = [jsonencode("a\"b"), jsonencode(10), jsonencode(true), jsonencode(null), jsonencode([])]
}

output "json_decoded" {
  value = jsondecode("{\"n\": 1.25, \"l\": [1, \"two\", false, null], \"o\": {\"k\": \"v\"}}")
}

output "yaml" {
  value = yamlencode(local.doc)
}

output "yaml_decoded" {
  value = yamldecode("a: 1\nb: [x, 'y']\nc: null\nd: yes\ne: true\nf: \"010\"\ng:\n  - k: v\n")
}

output "url" {
  value = urlencode("a b&c=d/é?x")
}

output "csv" {
  value = csvdecode("name,size\nweb,3\ndb,\"1,5\"\n")
}

output "utf16" {
  value = textencodebase64("hi", "UTF-16LE")
}

output "roundtrip" {
  value = jsondecode(base64decode(terraform_data.encoded.output)).name
}
