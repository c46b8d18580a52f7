//! The human plan's text, line for line, against Terraform's on configurations
//! of `terraform_data` (tests/tf_cases_render, recorded by
//! tests/tf_cases/generate.py with record_plan_text): nested values created,
//! updated element by element and destroyed, list diffs, forgotten objects,
//! output changes, sensitive values and multi-line text, moves, replacement
//! reasons, create_before_destroy and destroy reasons.

mod common;

/// Cases where hadr's text deliberately differs from Terraform's, with why.
const KNOWN_GAPS: &[(&str, &str)] = &[];

#[test]
fn hadr_prints_plans_like_terraform() {
    common::tfcase::check_corpus("tests/tf_cases_render", KNOWN_GAPS, 12);
}
