# Hash and UUID functions: md5, sha1, sha256, sha512, base64sha256,
# base64sha512 (of UTF-8 text) and name-based uuidv5 with the dns, url,
# oid and x500 namespaces and a custom one.
resource "terraform_data" "named" {
  input = substr(sha256("eastus/web"), 0, 12)
}

output "md5" {
  value = md5("hadr")
}

output "sha1" {
  value = sha1("hadr")
}

output "sha256" {
  value = sha256("hadr ✓")
}

output "sha512" {
  value = sha512("")
}

output "base64sha256" {
  value = base64sha256("hadr")
}

output "base64sha512" {
  value = base64sha512("hadr")
}

output "uuidv5" {
  value = {
    dns    = uuidv5("dns", "hadr.example.com")
    url    = uuidv5("url", "https://hadr.example.com/")
    oid    = uuidv5("oid", "1.3.6.1.4.1")
    x500   = uuidv5("x500", "CN=hadr")
    custom = uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "custom")
  }
}

output "named" {
  value = terraform_data.named.output
}
