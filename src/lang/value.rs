//! Runtime values of the configuration language.
//!
//! Terraform semantics that matter for planning live here: a value may be
//! *unknown* until apply (`Unknown`), and may carry a *sensitive* mark that
//! every operation propagates to its result.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// Lists and tuples.
    List(Vec<Value>),
    /// Kept sorted (see [`compare`]) and free of duplicates.
    Set(Vec<Value>),
    /// Maps and objects; keys iterate in lexical order, as Terraform prints them.
    Map(BTreeMap<String, Value>),
    /// Known only after apply.
    Unknown,
    /// A sensitive value: printed as `(sensitive value)`, never logged.
    Sensitive(Box<Value>),
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// Builds a set: sorts and removes duplicates.
    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort_by(compare);
        items.dedup();
        Value::Set(items)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.unmarked_ref(), Value::Null)
    }

    /// True when no part of the value is unknown.
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::List(v) | Value::Set(v) => v.iter().all(Value::is_known),
            Value::Map(m) => m.values().all(Value::is_known),
            Value::Sensitive(v) => v.is_known(),
            _ => true,
        }
    }

    /// True when any part of the value carries the sensitive mark.
    pub fn is_sensitive(&self) -> bool {
        match self {
            Value::Sensitive(_) => true,
            Value::List(v) | Value::Set(v) => v.iter().any(Value::is_sensitive),
            Value::Map(m) => m.values().any(Value::is_sensitive),
            _ => false,
        }
    }

    /// The value without a top-level mark.
    pub fn unmarked_ref(&self) -> &Value {
        match self {
            Value::Sensitive(v) => v.unmarked_ref(),
            v => v,
        }
    }

    /// Removes every mark, deeply; the flag says whether there was one.
    pub fn unmark_deep(mut self) -> (Value, bool) {
        let any = self.unmark_in_place();
        (self, any)
    }

    /// In place, so that large maps are not rebuilt node by node.
    fn unmark_in_place(&mut self) -> bool {
        match self {
            Value::Sensitive(v) => {
                *self = std::mem::replace(&mut **v, Value::Null);
                self.unmark_in_place();
                true
            }
            Value::List(v) | Value::Set(v) => v.iter_mut().fold(false, |any, x| x.unmark_in_place() | any),
            Value::Map(m) => m.values_mut().fold(false, |any, x| x.unmark_in_place() | any),
            _ => false,
        }
    }

    /// Marks the value sensitive (idempotent).
    pub fn mark(self) -> Value {
        match self {
            Value::Sensitive(_) => self,
            v => Value::Sensitive(Box::new(v)),
        }
    }

    pub fn mark_if(self, sensitive: bool) -> Value {
        if sensitive { self.mark() } else { self }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.unmarked_ref() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.unmarked_ref() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.unmarked_ref() {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Terraform's friendly type name, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Set(_) => "set",
            Value::Map(_) => "map",
            Value::Unknown => "unknown",
            Value::Sensitive(v) => v.type_name(),
        }
    }

    /// JSON form; unknown becomes null and marks are dropped
    /// (callers that must hide secrets use [`Value::sensitive_paths`] first).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null | Value::Unknown => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => J::String(s.clone()),
            Value::List(v) | Value::Set(v) => J::Array(v.iter().map(Value::to_json).collect()),
            Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::Sensitive(v) => v.to_json(),
        }
    }

    pub fn from_json(j: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect()),
        }
    }

    /// Terraform's `after_unknown` shape: `true` at unknown leaves, objects and
    /// arrays mirroring containers that hold unknowns, `false` elsewhere.
    pub fn unknown_shape(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Unknown => J::Bool(true),
            Value::List(v) | Value::Set(v) => {
                if self.is_known() {
                    J::Array(v.iter().map(|_| J::Bool(false)).collect())
                } else {
                    J::Array(v.iter().map(Value::unknown_shape).collect())
                }
            }
            Value::Map(m) => J::Object(m.iter().filter(|(_, v)| !v.is_known()).map(|(k, v)| (k.clone(), v.unknown_shape())).collect()),
            Value::Sensitive(v) => v.unknown_shape(),
            _ => J::Bool(false),
        }
    }

    /// Terraform's `*_sensitive` shape: `true` at sensitive parts.
    pub fn sensitive_shape(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Sensitive(_) => J::Bool(true),
            Value::List(v) | Value::Set(v) => {
                if self.is_sensitive() {
                    J::Array(v.iter().map(Value::sensitive_shape).collect())
                } else {
                    J::Array(vec![])
                }
            }
            Value::Map(m) => J::Object(m.iter().filter(|(_, v)| v.is_sensitive()).map(|(k, v)| (k.clone(), v.sensitive_shape())).collect()),
            _ => J::Bool(false),
        }
    }

    /// Re-applies marks recorded by [`Value::sensitive_shape`].
    pub fn with_sensitive_shape(self, shape: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match (self, shape) {
            (v, J::Bool(true)) => v.mark(),
            (Value::List(v), J::Array(s)) => Value::List(
                v.into_iter()
                    .enumerate()
                    .map(|(i, x)| match s.get(i) {
                        Some(sh) => x.with_sensitive_shape(sh),
                        None => x,
                    })
                    .collect(),
            ),
            (Value::Map(m), J::Object(s)) => Value::Map(
                m.into_iter()
                    .map(|(k, x)| {
                        let x = match s.get(&k) {
                            Some(sh) => x.with_sensitive_shape(sh),
                            None => x,
                        };
                        (k, x)
                    })
                    .collect(),
            ),
            (v, _) => v,
        }
    }

    /// Attribute or element lookup used by traversals.
    pub fn get_attr(&self, name: &str) -> Option<&Value> {
        match self.unmarked_ref() {
            Value::Map(m) => m.get(name),
            _ => None,
        }
    }
}

pub fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::Number((n as i64).into())
    } else {
        serde_json::Number::from_f64(n).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
    }
}

/// Formats a number as Terraform does: integers without a fraction.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// Total order used for sets and deterministic output: by kind, then value.
pub fn compare(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::List(_) => 4,
            Value::Set(_) => 5,
            Value::Map(_) => 6,
            Value::Unknown => 7,
            Value::Sensitive(_) => 8,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = compare(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            for ((kp, p), (kq, q)) in x.iter().zip(y) {
                let o = kp.cmp(kq).then_with(|| compare(p, q));
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Sensitive(x), Value::Sensitive(y)) => compare(x, y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Renders a value the way Terraform's plan shows it (HCL-like), at the
/// given indentation. Sensitive parts print as `(sensitive value)`.
pub fn render_hcl(v: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_hcl(&mut out, v, indent);
    out
}

fn write_hcl(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent + 4);
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&format_number(*n)),
        Value::String(s) => out.push_str(&quote(s)),
        Value::Unknown => out.push_str("(known after apply)"),
        Value::Sensitive(_) => out.push_str("(sensitive value)"),
        Value::List(items) | Value::Set(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad);
                write_hcl(out, item, indent + 4);
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
        Value::Map(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            let width = m.keys().map(|k| key_repr(k).len()).max().unwrap_or(0);
            out.push_str("{\n");
            for (k, item) in m {
                let _ = write!(out, "{pad}{:<width$} = ", key_repr(k));
                write_hcl(out, item, indent + 4);
                out.push('\n');
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
    }
}

/// A value as `terraform output` and the "Outputs:" list print it: two
/// spaces per level, every key quoted, nothing aligned, sets as `toset([…])`,
/// multi-line strings as heredocs.
pub fn render_output(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent + 2);
    match v {
        Value::Sensitive(_) => "(sensitive value)".into(),
        // Terraform's heredoc: `<<-` when nested, every line (a trailing newline's empty one too) at the indentation.
        Value::String(s) if s.contains('\n') => {
            let at = " ".repeat(indent);
            let mut out = String::from(if indent > 0 { "<<-EOT" } else { "<<EOT" });
            for line in s.split('\n') {
                let _ = write!(out, "\n{at}{line}");
            }
            let _ = write!(out, "\n{at}EOT");
            out
        }
        Value::List(items) | Value::Set(items) => {
            let mut out = String::from("[");
            for item in items {
                let _ = write!(out, "\n{pad}{},", render_output(item, indent + 2));
            }
            if !items.is_empty() {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
            }
            out.push(']');
            if matches!(v, Value::Set(_)) { format!("toset({out})") } else { out }
        }
        Value::Map(m) => {
            let mut out = String::from("{");
            for (k, item) in m {
                let _ = write!(out, "\n{pad}{} = {}", quote(k), render_output(item, indent + 2));
            }
            if !m.is_empty() {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
            }
            out.push('}');
            out
        }
        other => render_hcl(other, indent),
    }
}

/// An object key as HCL writes it: bare when it is an identifier, quoted otherwise.
pub fn key_repr(k: &str) -> String {
    let ident = !k.is_empty()
        && k.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if ident { k.to_string() } else { quote(k) }
}

/// A double-quoted HCL string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_print_as_terraform_output_does() {
        let v = Value::Map(BTreeMap::from([
            ("list".to_string(), Value::List(vec![Value::string("a"), Value::Number(1.0)])),
            ("set".to_string(), Value::set(vec![Value::string("x")])),
            ("empty".to_string(), Value::Map(BTreeMap::new())),
            ("text".to_string(), Value::string("one\ntwo\n")),
        ]));
        let expected = "{\n  \"empty\" = {}\n  \"list\" = [\n    \"a\",\n    1,\n  ]\n  \"set\" = toset([\n    \"x\",\n  ])\n  \"text\" = <<-EOT\n  one\n  two\n  \n  EOT\n}";
        assert_eq!(render_output(&v, 0), expected);
    }

    #[test]
    fn sets_are_sorted_and_deduplicated() {
        let s = Value::set(vec![Value::string("b"), Value::string("a"), Value::string("b")]);
        assert_eq!(s, Value::Set(vec![Value::string("a"), Value::string("b")]));
    }

    #[test]
    fn marks_survive_json_shape_round_trip() {
        let mut m = BTreeMap::new();
        m.insert("pw".to_string(), Value::string("s3cret").mark());
        m.insert("name".to_string(), Value::string("x"));
        let v = Value::Map(m);
        let shape = v.sensitive_shape();
        let (plain, was) = v.clone().unmark_deep();
        assert!(was);
        assert_eq!(plain.with_sensitive_shape(&shape), v);
        assert!(render_hcl(&v, 0).contains("(sensitive value)"));
        assert!(!render_hcl(&v, 0).contains("s3cret"));
    }
}

impl Value {
    /// Marks unknown the parts that Terraform's `after_unknown` shape flags.
    pub fn with_unknown_shape(self, shape: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match (self, shape) {
            (_, J::Bool(true)) => Value::Unknown,
            (Value::List(v), J::Array(s)) => Value::List(
                v.into_iter()
                    .enumerate()
                    .map(|(i, x)| match s.get(i) {
                        Some(sh) => x.with_unknown_shape(sh),
                        None => x,
                    })
                    .collect(),
            ),
            (Value::Map(m), J::Object(s)) => {
                let mut m = m;
                for (k, sh) in s {
                    let cur = m.remove(k).unwrap_or(Value::Null);
                    m.insert(k.clone(), cur.with_unknown_shape(sh));
                }
                Value::Map(m)
            }
            (v, _) => v,
        }
    }

    /// Lossless JSON form (value, unknown parts, sensitive parts) for saved plans.
    pub fn to_tagged(&self) -> serde_json::Value {
        serde_json::json!({ "value": self.to_json(), "unknown": self.unknown_shape(), "sensitive": self.sensitive_shape() })
    }

    pub fn from_tagged(j: &serde_json::Value) -> Value {
        let v = Value::from_json(&j["value"]);
        v.with_unknown_shape(&j["unknown"]).with_sensitive_shape(&j["sensitive"])
    }
}

/// Serde adapter for `Option<Value>` fields of saved plans.
pub mod tagged {
    use super::Value;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Value>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(Value::to_tagged).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        let j: Option<serde_json::Value> = Option::deserialize(d)?;
        Ok(j.as_ref().map(Value::from_tagged))
    }
}

impl Value {
    /// JSON with every sensitive part replaced by null: machine-readable
    /// output never carries secrets (the `*_sensitive` shapes say where they were).
    pub fn to_json_masked(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Sensitive(_) => J::Null,
            Value::List(v) | Value::Set(v) => J::Array(v.iter().map(Value::to_json_masked).collect()),
            Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json_masked())).collect()),
            other => other.to_json(),
        }
    }
}
