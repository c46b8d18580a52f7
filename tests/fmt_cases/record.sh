#!/bin/sh
# Records what `terraform fmt` makes of each case: NAME.in.tf -> NAME.out.tf,
# NAME.in.tfvars -> NAME.out.tfvars. The expectations of tests/fmt.rs are
# Terraform's, never hadr's. Needs terraform on PATH (recorded with v1.11.4).
#
# terraform fmt is not idempotent on a few inputs (a file that ends in spaces
# without a final newline keeps them on the first run and loses them on the
# second; `"${"${x}"}"` loses one level of quotes per run). hadr fmt is
# idempotent, so the expectation is terraform's stable result: terraform fmt
# applied until its output stops changing (once, for most inputs).
set -eu
cd "$(dirname "$0")"
export TF_CLI_CONFIG_FILE=/dev/null
terraform version | head -1
for f in *.in.tf *.in.tfvars; do
    [ -e "$f" ] || continue
    out=$(echo "$f" | sed 's/\.in\./.out./')
    terraform fmt - < "$f" > "$out"
    while ! terraform fmt -check - < "$out" > /dev/null 2>&1; do
        terraform fmt - < "$out" > "$out.next" && mv "$out.next" "$out"
    done
    echo "$f -> $out"
done
