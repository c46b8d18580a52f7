//! Attribute values in a plan, drawn as Terraform draws them: every line of
//! a created or destroyed collection carries its `+`/`-`, an update shows
//! only what changed (lists element by element, with one unchanged neighbour
//! of each change and a count of the rest), multi-line strings as heredocs.
//!
//! `col` is always the column of the marker on the line the value starts on:
//! nested entries put theirs at `col + 4`, the closing bracket sits at `col + 2`.

use super::render::Style;
use crate::lang::value::{Value, key_repr, quote, render_hcl};
use std::fmt::Write as _;

/// Which marker every nested line of a whole value carries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Create,
    Delete,
    Unchanged,
}

impl Mark {
    fn paint(self, st: Style) -> String {
        match self {
            Mark::Create => st.paint("32", "+"),
            Mark::Delete => st.paint("31", "-"),
            Mark::Unchanged => " ".into(),
        }
    }
}

/// How the keys of a map-like value read: object attributes (bare when they
/// are identifiers; "attribute" in counts) or map elements (always quoted).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Object,
    Map,
}

fn key_text(k: &str, keys: Keys) -> String {
    if keys == Keys::Object { key_repr(k) } else { quote(k) }
}

fn noun(keys: Keys, n: usize) -> String {
    let word = if keys == Keys::Object { "attribute" } else { "element" };
    format!("{n} unchanged {word}{}", if n == 1 { "" } else { "s" })
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

fn multiline(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) if s.contains('\n') => Some(s),
        _ => None,
    }
}

/// A whole value, every nested line marked with `mark`.
pub fn whole(v: &Value, mark: Mark, col: usize, keys: Keys, st: Style) -> String {
    match v {
        Value::Sensitive(_) => "(sensitive value)".into(),
        Value::List(items) | Value::Set(items) if !items.is_empty() => {
            let mut out = String::from("[\n");
            for item in items {
                let _ = writeln!(out, "{}{} {},", pad(col + 4), mark.paint(st), whole(item, mark, col + 4, Keys::Object, st));
            }
            out.push_str(&pad(col + 2));
            out.push(']');
            out
        }
        Value::Map(m) if !m.is_empty() => {
            let width = m.keys().map(|k| key_text(k, keys).len()).max().unwrap_or(0);
            let mut out = String::from("{\n");
            for (k, item) in m {
                let key = key_text(k, keys);
                let _ =
                    writeln!(out, "{}{} {key:<width$} = {}", pad(col + 4), mark.paint(st), whole(item, mark, col + 4, Keys::Object, st));
            }
            out.push_str(&pad(col + 2));
            out.push('}');
            out
        }
        _ => match multiline(v) {
            Some(s) => heredoc(s, col),
            None => render_hcl(v, 0),
        },
    }
}

fn heredoc(s: &str, col: usize) -> String {
    let mut out = String::from("<<-EOT\n");
    for line in s.strip_suffix('\n').unwrap_or(s).split('\n') {
        let _ = writeln!(out, "{}{line}", if line.is_empty() { String::new() } else { pad(col + 6) });
    }
    out.push_str(&pad(col + 2));
    out.push_str("EOT");
    out
}

/// The change from `before` to `after` (neither null), as the text after `= `.
pub fn change(before: &Value, after: &Value, col: usize, keys: Keys, st: Style) -> String {
    if matches!(before, Value::Sensitive(_)) || matches!(after, Value::Sensitive(_)) {
        return "(sensitive value)".into();
    }
    match (before, after) {
        (_, Value::Unknown) => format!("{} -> (known after apply)", whole(before, Mark::Delete, col, keys, st)),
        (Value::Map(b), Value::Map(a)) => map_change(b, a, col, keys, st),
        (Value::List(b) | Value::Set(b), Value::List(a) | Value::Set(a)) => list_change(b, a, col, st),
        (Value::String(b), Value::String(a)) if b.contains('\n') || a.contains('\n') => text_change(b, a, col, st),
        _ => format!("{} -> {}", whole(before, Mark::Delete, col, keys, st), whole(after, Mark::Create, col, keys, st)),
    }
}

fn map_change(
    b: &std::collections::BTreeMap<String, Value>,
    a: &std::collections::BTreeMap<String, Value>,
    col: usize,
    keys: Keys,
    st: Style,
) -> String {
    let mut names: Vec<&String> = b.keys().chain(a.keys()).collect();
    names.sort();
    names.dedup();
    let mut lines: Vec<(String, String, String)> = vec![];
    let mut hidden = 0;
    for k in names {
        let key = key_text(k, keys);
        match (b.get(k), a.get(k)) {
            (Some(x), Some(y)) if x == y && x.is_known() => hidden += 1,
            (Some(x), Some(y)) => lines.push((st.paint("33", "~"), key, change(x, y, col + 4, Keys::Object, st))),
            (None, Some(y)) => lines.push((st.paint("32", "+"), key, whole(y, Mark::Create, col + 4, Keys::Object, st))),
            (Some(x), None) => lines.push((st.paint("31", "-"), key, whole(x, Mark::Delete, col + 4, Keys::Object, st))),
            (None, None) => {}
        }
    }
    // Aligned over every key, hidden ones included, as Terraform does.
    let width = b.keys().chain(a.keys()).map(|k| key_text(k, keys).len()).max().unwrap_or(0);
    let mut out = String::from("{\n");
    for (sym, key, rest) in lines {
        let _ = writeln!(out, "{}{sym} {key:<width$} = {rest}", pad(col + 4));
    }
    if hidden > 0 {
        let _ = writeln!(out, "{}# ({} hidden)", pad(col + 6), noun(keys, hidden));
    }
    out.push_str(&pad(col + 2));
    out.push('}');
    out
}

enum Item<'v> {
    Same(&'v Value),
    Changed(&'v Value, &'v Value),
    Deleted(&'v Value),
    Created(&'v Value),
}

/// Lists of equal length are compared position by position; otherwise the
/// longest common subsequence stays, and between its elements objects pair up
/// as updates while other values are deleted and created.
fn align<'v>(b: &'v [Value], a: &'v [Value]) -> Vec<Item<'v>> {
    if b.len() == a.len() {
        return b.iter().zip(a).map(|(x, y)| if x == y && x.is_known() { Item::Same(x) } else { Item::Changed(x, y) }).collect();
    }
    // Values compare by a canonical text (Value is not Hash): Debug of sorted maps is stable.
    let (bk, ak): (Vec<String>, Vec<String>) = (b.iter().map(|v| format!("{v:?}")).collect(), a.iter().map(|v| format!("{v:?}")).collect());
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &bk, &ak);
    let mut out = vec![];
    let is_obj = |v: &Value| matches!(v, Value::Map(_));
    for op in ops {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => out.extend(b[old_index..old_index + len].iter().map(Item::Same)),
            similar::DiffOp::Delete { old_index, old_len, .. } => out.extend(b[old_index..old_index + old_len].iter().map(Item::Deleted)),
            similar::DiffOp::Insert { new_index, new_len, .. } => out.extend(a[new_index..new_index + new_len].iter().map(Item::Created)),
            similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let (olds, news) = (&b[old_index..old_index + old_len], &a[new_index..new_index + new_len]);
                let mut j = 0;
                for x in olds {
                    if j < news.len() && is_obj(x) && is_obj(&news[j]) {
                        out.push(Item::Changed(x, &news[j]));
                        j += 1;
                    } else {
                        out.push(Item::Deleted(x));
                    }
                }
                out.extend(news[j..].iter().map(Item::Created));
            }
        }
    }
    out
}

fn list_change(b: &[Value], a: &[Value], col: usize, st: Style) -> String {
    let items = align(b, a);
    let changed = |i: usize| items.get(i).is_some_and(|it| !matches!(it, Item::Same(_)));
    let mut out = String::from("[\n");
    let mut hidden = 0;
    let flush = |out: &mut String, hidden: &mut usize| {
        if *hidden > 0 {
            let _ = writeln!(out, "{}# ({} hidden)", pad(col + 6), noun(Keys::Map, *hidden));
            *hidden = 0;
        }
    };
    for (i, it) in items.iter().enumerate() {
        let line = match it {
            // An unchanged element shows only next to a change.
            Item::Same(v) if changed(i + 1) || (i > 0 && changed(i - 1)) => {
                format!("  {}", whole(v, Mark::Unchanged, col + 4, Keys::Object, st))
            }
            Item::Same(_) => {
                hidden += 1;
                continue;
            }
            Item::Changed(x, y) => format!("{} {}", st.paint("33", "~"), change(x, y, col + 4, Keys::Object, st)),
            Item::Deleted(x) => format!("{} {}", st.paint("31", "-"), whole(x, Mark::Delete, col + 4, Keys::Object, st)),
            Item::Created(y) => format!("{} {}", st.paint("32", "+"), whole(y, Mark::Create, col + 4, Keys::Object, st)),
        };
        flush(&mut out, &mut hidden);
        let _ = writeln!(out, "{}{line},", pad(col + 4));
    }
    flush(&mut out, &mut hidden);
    out.push_str(&pad(col + 2));
    out.push(']');
    out
}

fn text_change(b: &str, a: &str, col: usize, st: Style) -> String {
    let mut out = String::from("<<-EOT\n");
    let diff = similar::TextDiff::from_lines(b, a);
    for ch in diff.iter_all_changes() {
        let line = ch.value().trim_end_matches('\n');
        let _ = match ch.tag() {
            similar::ChangeTag::Equal => writeln!(out, "{}{line}", pad(col + 6)),
            similar::ChangeTag::Delete => writeln!(out, "{}{} {line}", pad(col + 4), st.paint("31", "-")),
            similar::ChangeTag::Insert => writeln!(out, "{}{} {line}", pad(col + 4), st.paint("32", "+")),
        };
    }
    out.push_str(&pad(col + 2));
    out.push_str("EOT");
    out
}
