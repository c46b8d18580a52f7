//! The human plan, in Terraform's shape: the same symbols, comment lines,
//! alignment and summary arithmetic, so reviewers and PR tools read it as
//! they read Terraform's. Deterministic: attributes and addresses sorted.

use super::render_value::{Keys, Mark, change, whole};
use super::*;
use crate::addr::InstanceKey;
use crate::lang::value::{Value, quote};
use crate::schema::{ResourceSchema, catalog};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn sym(&self, a: PlanAction) -> String {
        let (s, c) = symbol(a);
        self.paint(c, s)
    }
}

/// The action's three-column symbol and its colour.
pub fn symbol(a: PlanAction) -> (&'static str, &'static str) {
    match a {
        PlanAction::Create => ("  +", "32"),
        PlanAction::Delete => ("  -", "31"),
        PlanAction::Update => ("  ~", "33"),
        PlanAction::DeleteThenCreate => ("-/+", "31"),
        PlanAction::CreateThenDelete => ("+/-", "32"),
        PlanAction::Read => (" <=", "36"),
        PlanAction::Invoke => ("  !", "35"),
        PlanAction::NoOp => ("   ", "0"),
        PlanAction::Forget => (" .", "35"),
    }
}

fn legend(a: PlanAction) -> &'static str {
    match a {
        PlanAction::Create => "create",
        PlanAction::Delete => "destroy",
        PlanAction::Update => "update in-place",
        PlanAction::DeleteThenCreate => "destroy and then create replacement",
        PlanAction::CreateThenDelete => "create replacement and then destroy",
        PlanAction::Read => "read (data resources)",
        PlanAction::Invoke => "run a provider action (failover, restore, re-protect)",
        PlanAction::NoOp | PlanAction::Forget => "",
    }
}

pub const RULE: &str = "─────────────────────────────────────────────────────────────────────────────";

/// The whole plan as `hadr plan` prints it.
pub fn render_plan(plan: &Plan, st: Style) -> String {
    let mut out = String::new();
    if !plan.drift.is_empty() {
        out.push_str(&render_drift(plan, st));
    }
    let shown: Vec<&ResourceChange> =
        plan.changes.iter().filter(|c| c.action != PlanAction::NoOp || c.previous_address.is_some() || c.importing.is_some()).collect();
    let out_changes: Vec<&OutputChange> = plan.outputs.iter().filter(|o| o.action != PlanAction::NoOp).collect();
    if shown.is_empty() && out_changes.is_empty() {
        if plan.options.destroy {
            out.push_str(&st.bold("No changes. No objects need to be destroyed."));
            out.push_str("\n\nEither you have not created any objects yet or the existing objects were already deleted outside of hadr.\n");
        } else {
            out.push_str(&st.bold("No changes. Your infrastructure matches the configuration."));
            out.push_str("\n\nhadr has compared your real infrastructure against your configuration and found no differences, so no changes are needed.\n");
        }
        return out;
    }
    let mut kinds: Vec<PlanAction> = shown.iter().map(|c| c.action).filter(|a| *a != PlanAction::NoOp).collect();
    kinds.sort();
    kinds.dedup();
    if !shown.is_empty() {
        if !kinds.is_empty() {
            out.push_str("hadr used the selected providers to generate the following execution\nplan. Resource actions are indicated with the following symbols:\n");
            for k in kinds.iter().filter(|k| **k != PlanAction::Forget) {
                let _ = writeln!(out, "{} {}", st.sym(*k), legend(*k));
            }
            out.push('\n');
        }
        out.push_str("hadr will perform the following actions:\n\n");
        for c in &shown {
            out.push_str(&render_change(c, st));
            out.push('\n');
        }
        let (add, change, destroy) = plan.counts();
        let imports = plan.changes.iter().filter(|c| c.importing.is_some()).count();
        let import = if imports > 0 { format!("{imports} to import, ") } else { String::new() };
        let _ = writeln!(out, "{}", st.bold(&format!("Plan: {import}{add} to add, {change} to change, {destroy} to destroy.")));
    }
    if !out_changes.is_empty() {
        out.push_str(&render_outputs(&out_changes, st));
        if shown.is_empty() {
            out.push_str(
                "\nYou can apply this plan to save these new output values to the hadr\nstate, without changing any real infrastructure.\n",
            );
        }
    }
    out
}

fn render_drift(plan: &Plan, st: Style) -> String {
    let mut out = String::new();
    out.push_str(&st.bold("Note: Objects have changed outside of hadr"));
    out.push_str("\n\nhadr detected the following changes made outside of hadr since the\nlast \"hadr apply\" which may have affected this plan:\n\n");
    for d in &plan.drift {
        let schema = catalog().get(&d.rtype);
        match &d.after {
            None => {
                let _ = writeln!(out, "  # {} has been deleted", st.bold(&d.address.to_string()));
                let _ = writeln!(out, "{} {} {{", st.sym(PlanAction::Delete), header(&d.address));
                out.push_str(&body_diff(d.before.as_ref(), None, schema, &[], PlanAction::Delete, 4, st));
                out.push_str("    }\n\n");
            }
            Some(after) => {
                let _ = writeln!(out, "  # {} has changed", st.bold(&d.address.to_string()));
                let _ = writeln!(out, "{} {} {{", st.sym(PlanAction::Update), header(&d.address));
                out.push_str(&body_diff(d.before.as_ref(), Some(after), schema, &[], PlanAction::Update, 4, st));
                out.push_str("    }\n\n");
            }
        }
    }
    out.push_str("\nUnless you have made equivalent changes to your configuration, or ignored the\nrelevant attributes using ignore_changes, the following plan may include\nactions to undo or respond to these changes.\n\n");
    out.push_str(RULE);
    out.push_str("\n\n");
    out
}

fn header(a: &InstanceAddress) -> String {
    let kw = if a.resource.mode == crate::addr::Mode::Data { "data" } else { "resource" };
    format!("{kw} \"{}\" \"{}\"", a.resource.rtype, a.resource.name)
}

fn comment(c: &ResourceChange, st: Style) -> String {
    let addr = st.bold(&c.address.to_string());
    let mut lines = vec![];
    if let Some(k) = &c.deposed {
        lines.push(format!("  # {addr} (deposed object {k}) will be destroyed"));
        lines.push("  # (left over from a partially-failed replacement of this instance)".to_string());
        return lines.join("\n") + "\n";
    }
    match c.action {
        PlanAction::Forget => {
            // Terraform indents these two lines by one space, not two.
            lines.push(format!(" # {addr} will no longer be managed by hadr, but will not be destroyed"));
            lines.push(" # (destroy = false is set in the configuration)".to_string());
        }
        PlanAction::Create => lines.push(format!("  # {addr} will be created")),
        PlanAction::Update => lines.push(format!("  # {addr} will be updated in-place")),
        PlanAction::Invoke => {
            let what = c.invoke.as_ref().map(|i| i.name.as_str()).unwrap_or("action");
            lines.push(format!("  # {addr} will run {what}"));
        }
        PlanAction::Read => {
            lines.push(format!("  # {addr} will be read during apply"));
            lines.push(
                if c.reason == Some(ActionReason::ReadBecauseDependencyPending) {
                    "  # (depends on a resource or a module with changes pending)"
                } else {
                    "  # (config refers to values not yet known)"
                }
                .to_string(),
            );
        }
        PlanAction::DeleteThenCreate | PlanAction::CreateThenDelete => lines.push(match c.reason {
            Some(ActionReason::ReplaceByRequest) => format!("  # {addr} will be replaced, as requested"),
            Some(ActionReason::ReplaceByTriggers) => format!("  # {addr} will be replaced due to changes in replace_triggered_by"),
            Some(ActionReason::ReplaceBecauseTainted) => format!("  # {addr} is tainted, so must be replaced"),
            _ => format!("  # {addr} must be replaced"),
        }),
        PlanAction::Delete => {
            lines.push(format!("  # {addr} will be destroyed"));
            let because = match (c.reason, &c.address.key) {
                (Some(ActionReason::DeleteBecauseNoResourceConfig), _) => {
                    let gone_module = c.address.resource.module.split(".module.").next().filter(|m| !m.is_empty());
                    Some(format!(
                        "(because {} is not in configuration)",
                        gone_module.map(str::to_string).unwrap_or_else(|| c.address.resource.to_string())
                    ))
                }
                (Some(ActionReason::DeleteBecauseNoModule), _) => {
                    Some(format!("(because {} is not in configuration)", c.address.resource.module))
                }
                (Some(ActionReason::DeleteBecauseCountIndex), k) => Some(format!("(because index {k} is out of range for count)")),
                (Some(ActionReason::DeleteBecauseEachKey), k) => Some(format!("(because key {k} is not in for_each map)")),
                (Some(ActionReason::DeleteBecauseWrongRepetition), InstanceKey::Int(_)) => {
                    Some("(because resource does not use count)".into())
                }
                (Some(ActionReason::DeleteBecauseWrongRepetition), InstanceKey::Str(_)) => {
                    Some("(because resource does not use for_each)".into())
                }
                (Some(ActionReason::DeleteBecauseWrongRepetition), InstanceKey::None) => {
                    Some("(because resource uses count or for_each)".into())
                }
                _ => None,
            };
            if let Some(b) = because {
                lines.push(format!("  # {b}"));
            }
        }
        PlanAction::NoOp => {}
    }
    if let Some(id) = &c.importing {
        if c.action == PlanAction::NoOp {
            lines.push(format!("  # {addr} will be imported"));
        } else {
            lines.push(format!("  # (imported from \"{id}\")"));
        }
    }
    if let Some(prev) = &c.previous_address {
        if c.action == PlanAction::NoOp {
            lines.push(format!("  # {} has moved to {addr}", st.bold(&prev.to_string())));
        } else {
            lines.push(format!("  # (moved from {prev})"));
        }
    }
    lines.join("\n") + "\n"
}

/// One resource change block.
pub fn render_change(c: &ResourceChange, st: Style) -> String {
    let schema = catalog().get(&c.rtype);
    let mut out = comment(c, st);
    let _ = writeln!(out, "{} {} {{", st.sym(c.action), header(&c.address));
    if let Some(inv) = &c.invoke {
        let params = if inv.params.is_null() { String::new() } else { format!(" {}", inv.params) };
        let _ = writeln!(out, "      {} action = {}{}", st.paint("35", "!"), quote(&inv.name), params);
    }
    // A forgotten object stays as it is: shown unchanged.
    let after = if c.action == PlanAction::Forget { c.before.as_ref() } else { c.after.as_ref() };
    out.push_str(&body_diff(c.before.as_ref(), after, schema, &c.replace_paths, c.action, 4, st));
    out.push_str("    }\n");
    out
}

const IDENTIFYING: &[&str] = &["id", "name", "tags"];

/// The attribute lines of an object, as a diff from `before` to `after`.
fn body_diff(
    before: Option<&Value>,
    after: Option<&Value>,
    schema: Option<&ResourceSchema>,
    replace_paths: &[String],
    action: PlanAction,
    indent: usize,
    st: Style,
) -> String {
    let null = Value::Null;
    let empty = std::collections::BTreeMap::new();
    let bm = match before.map(Value::unmarked_ref) {
        Some(Value::Map(m)) => m,
        _ => &empty,
    };
    let am = match after.map(Value::unmarked_ref) {
        Some(Value::Map(m)) => m,
        _ => &empty,
    };
    let mut keys: Vec<&String> = bm.keys().chain(am.keys()).collect();
    keys.sort();
    keys.dedup();
    let is_block = |k: &str| schema.is_some_and(|s| s.blocks.contains_key(k));
    let mut lines: Vec<(String, String, String)> = vec![]; // (symbol, name, rest)
    let mut blocks = String::new();
    let mut hidden = 0;
    // As Terraform: names align over every attribute set on either side, hidden ones included.
    let mut width = 0;
    for k in keys {
        let b = if before.is_some() { bm.get(k).unwrap_or(&null) } else { &null };
        let a = if after.is_some() { am.get(k).unwrap_or(&null) } else { &null };
        if is_block(k) {
            blocks.push_str(&block_diff(k, b, a, schema.and_then(|s| s.blocks.get(k.as_str())), replace_paths, action, indent, st));
            continue;
        }
        let unchanged = b.is_known() && a.is_known() && b == a;
        if a.is_null() && b.is_null() {
            continue;
        }
        width = width.max(k.len());
        let ty = schema.and_then(|s| s.attributes.get(k.as_str())).map(|a| a.ty());
        // Terraform does not mark a dynamically typed attribute (terraform_data's) as forcing replacement.
        let forces = replace_paths.iter().any(|p| p == k) && !matches!(ty, Some(crate::lang::types::Type::Any));
        // Map-typed attributes quote their keys and count "elements"; everything else reads as an object.
        let keys = match ty {
            Some(crate::lang::types::Type::Map(_)) => Keys::Map,
            _ => Keys::Object,
        };
        let forces = |text: String| if forces { forces_replacement(text, st) } else { text };
        let col = indent + 2;
        match action {
            PlanAction::Create => {
                lines.push((st.sym(PlanAction::Create).trim().to_string(), k.clone(), whole(a, Mark::Create, col, keys, st)))
            }
            PlanAction::Delete if after.is_none() => lines.push((
                st.sym(PlanAction::Delete).trim().to_string(),
                k.clone(),
                format!("{} -> null", whole(b, Mark::Delete, col, keys, st)),
            )),
            _ if unchanged => {
                if IDENTIFYING.contains(&k.as_str()) {
                    lines.push((" ".into(), k.clone(), whole(a, Mark::Unchanged, col, keys, st)));
                } else {
                    hidden += 1;
                }
            }
            _ if b.is_null() => lines.push(("+".into(), k.clone(), forces(whole(a, Mark::Create, col, keys, st)))),
            _ if a.is_null() => lines.push(("-".into(), k.clone(), forces(format!("{} -> null", whole(b, Mark::Delete, col, keys, st))))),
            _ => lines.push(("~".into(), k.clone(), forces(change(b, a, col, keys, st)))),
        }
    }
    let pad = " ".repeat(indent + 2);
    let mut out = String::new();
    for (sym, name, rest) in lines {
        let sym = match sym.as_str() {
            "+" => st.paint("32", "+"),
            "-" => st.paint("31", "-"),
            "~" => st.paint("33", "~"),
            s => s.to_string(),
        };
        let _ = writeln!(out, "{pad}{sym} {name:<width$} = {rest}");
    }
    out.push_str(&blocks);
    if hidden > 0 {
        let _ = writeln!(out, "{pad}  # ({hidden} unchanged attribute{} hidden)", if hidden == 1 { "" } else { "s" });
    }
    out
}

/// `# forces replacement` where Terraform puts it: after a collection's
/// opening bracket, at the end of anything else.
fn forces_replacement(text: String, st: Style) -> String {
    let mark = st.paint("31", " # forces replacement");
    match text.split_once('\n') {
        Some((first, rest)) if first.ends_with('[') || first.ends_with('{') => format!("{first}{mark}\n{rest}"),
        _ => text + &mark,
    }
}

#[allow(clippy::too_many_arguments)]
fn block_diff(
    name: &str,
    before: &Value,
    after: &Value,
    bs: Option<&crate::schema::BlockSchema>,
    replace_paths: &[String],
    action: PlanAction,
    indent: usize,
    st: Style,
) -> String {
    let items = |v: &Value| -> Vec<Value> {
        match v.unmarked_ref() {
            Value::Null => vec![],
            Value::List(l) => l.clone(),
            other => vec![other.clone()],
        }
    };
    let pad = " ".repeat(indent + 2);
    let mut out = String::new();
    // A dynamic block whose for_each is not known yet: the blocks there are
    // go, and an unknown number come, as Terraform shows it.
    let unknown_after = matches!(after.unmarked_ref(), Value::Unknown);
    let (bi, ai) = (items(before), if unknown_after { vec![] } else { items(after) });
    let sub = bs.map(|b| ResourceSchema {
        name: String::new(),
        description: String::new(),
        arm: None,
        durations: Default::default(),
        attributes: b.attributes.clone(),
        blocks: Default::default(),
        dr: None,
        data_source: None,
        data_only: false,
    });
    for i in 0..bi.len().max(ai.len()) {
        let (b, a) = (bi.get(i), ai.get(i));
        let (sym, act) = match (b, a) {
            (None, Some(_)) => ("+", PlanAction::Create),
            (Some(_), None) => ("-", PlanAction::Delete),
            (Some(x), Some(y)) if x == y && x.is_known() => {
                if action == PlanAction::Create || action == PlanAction::Delete {
                    (if action == PlanAction::Create { "+" } else { "-" }, action)
                } else {
                    continue;
                }
            }
            _ => ("~", PlanAction::Update),
        };
        let forces = if replace_paths.iter().any(|p| p == name) && sym != "+" && sym != "-" {
            st.paint("31", " # forces replacement")
        } else {
            String::new()
        };
        let symc = match sym {
            "+" => st.paint("32", "+"),
            "-" => st.paint("31", "-"),
            _ => st.paint("33", "~"),
        };
        let _ = writeln!(out, "{pad}{symc} {name} {{{forces}");
        let (bb, aa) = match act {
            PlanAction::Create => (None, a),
            PlanAction::Delete => (b, None),
            _ => (b, a),
        };
        out.push_str(&body_diff(bb, aa, sub.as_ref(), &[], act, indent + 4, st));
        let _ = writeln!(out, "{pad}  }}");
    }
    if unknown_after {
        let _ = writeln!(out, "{pad}{} {name} (known after apply)", st.paint("32", "+"));
    }
    out
}

fn render_outputs(outs: &[&OutputChange], st: Style) -> String {
    let mut out = String::from("\nChanges to Outputs:\n");
    let width = outs.iter().map(|o| o.name.len()).max().unwrap_or(0);
    for o in outs {
        let null = Value::Null;
        let b = o.before.as_ref().unwrap_or(&null);
        let a = o.after.as_ref().unwrap_or(&null);
        let rest = match o.action {
            PlanAction::Create => whole(a, Mark::Create, 2, Keys::Object, st),
            PlanAction::Delete => format!("{} -> null", whole(b, Mark::Delete, 2, Keys::Object, st)),
            _ => change(b, a, 2, Keys::Object, st),
        };
        let _ = writeln!(out, "{} {:<width$} = {}", st.sym(o.action), o.name, rest);
    }
    out
}
