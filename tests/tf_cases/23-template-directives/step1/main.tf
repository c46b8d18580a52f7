# String templates with %{ if }/%{ else }, %{ for } and the ~ strip markers;
# the rendered text is checked through outputs. Step 2 changes the inputs.
variable "servers" {
  type    = list(string)
  default = ["alpha", "beta"]
}

variable "debug" {
  type    = bool
  default = true
}

resource "terraform_data" "config" {
  input = "mode=%{if var.debug}debug%{else}release%{endif}; servers=%{for i, s in var.servers}${i}:${s}%{if i < length(var.servers) - 1},%{endif}%{endfor}"
}

resource "terraform_data" "lines" {
  input = <<-EOT
    %{~ for s in var.servers ~}
    server ${s}
    %{~ endfor ~}
  EOT
}

output "config" {
  value = terraform_data.config.output
}

output "lines" {
  value = terraform_data.lines.output
}

output "inline_for" {
  value = "[%{for s in var.servers}<${s}>%{endfor}]"
}
