#!/bin/sh
# Seeds the parse_eval corpus with every .tf/.tfvars file of the repository's
# examples/, tests/tf_cases/ and tests/fmt_cases/ (named by content hash, as
# libFuzzer names its own finds).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/parse_eval
find ../examples ../tests/tf_cases ../tests/fmt_cases -type f \( -name '*.tf' -o -name '*.tfvars' \) | while read -r f; do
    cp "$f" "corpus/parse_eval/$(sha1sum "$f" | cut -c1-40)"
done
ls corpus/parse_eval | wc -l
