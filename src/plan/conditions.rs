//! Custom conditions, as Terraform checks them: `precondition` and
//! `postcondition` blocks in a resource's lifecycle, `precondition` in an
//! output, `assert` in a `check` block. A failed one is an error (a warning
//! for a check assertion, which never blocks a plan or an apply); one that
//! is not known yet is checked again during apply.

use super::body::eval_diag;
use crate::config::Condition;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use crate::lang::eval::Evaluator;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    ResourcePrecondition,
    ResourcePostcondition,
    OutputPrecondition,
    CheckAssertion,
}

impl ConditionKind {
    fn summary(self) -> &'static str {
        match self {
            ConditionKind::ResourcePrecondition => "Resource precondition failed",
            ConditionKind::ResourcePostcondition => "Resource postcondition failed",
            ConditionKind::OutputPrecondition => "Module output value precondition failed",
            ConditionKind::CheckAssertion => "Check block assertion failed",
        }
    }

    fn diagnostic(self, summary: impl Into<String>) -> Diagnostic {
        if self == ConditionKind::CheckAssertion { Diagnostic::warning(summary) } else { Diagnostic::error(summary) }
    }
}

/// Evaluates each condition with `ev` and reports the failed ones into
/// `diags`. Returns whether any condition is still unknown.
pub fn check(conditions: &[Condition], ev: &mut Evaluator, kind: ConditionKind, diags: &mut Diagnostics) -> bool {
    let mut unknown = false;
    for c in conditions {
        let at = c.condition.location();
        let value = match ev.eval(&c.condition.expr) {
            Ok(v) => v.unmark_deep().0,
            Err(e) => {
                // The evaluation's own diagnostic, a warning in a check block (which never blocks).
                let mut d = eval_diag(e, c.condition.file);
                if kind == ConditionKind::CheckAssertion {
                    d.severity = crate::diag::Severity::Warning;
                }
                diags.push(d);
                continue;
            }
        };
        match crate::lang::types::convert(value, &crate::lang::types::Type::Bool) {
            Ok(Value::Bool(true)) => {}
            Ok(Value::Unknown) => unknown = true,
            Ok(Value::Bool(false)) => diags.push(kind.diagnostic(kind.summary()).detail(message(c, ev)).at(at)),
            Ok(Value::Null) => diags.push(
                kind.diagnostic("Invalid condition result")
                    .detail("The condition value is null. Conditions must either be true or false.")
                    .at(at),
            ),
            Ok(other) => diags.push(
                kind.diagnostic("Invalid condition result")
                    .detail(format!("Invalid condition result value: a bool is required, not {}.", other.type_name()))
                    .at(at),
            ),
            Err(msg) => {
                diags.push(kind.diagnostic("Invalid condition result").detail(format!("Invalid condition result value: {msg}.")).at(at))
            }
        }
    }
    unknown
}

/// The error message of a failed condition, never disclosing a secret.
fn message(c: &Condition, ev: &mut Evaluator) -> String {
    match ev.eval(&c.error_message.expr).map(Value::unmark_deep) {
        Ok((_, true)) => "(The error message refers to sensitive values, so it is not shown.)".into(),
        Ok((Value::String(s), false)) => s,
        Ok((Value::Unknown, _)) => "(The error message is not known yet.)".into(),
        Ok((other, false)) => other.to_json().to_string(),
        Err(e) => format!("(The error message could not be evaluated: {})", e.detail),
    }
}
