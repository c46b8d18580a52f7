//! Reading what exists without changing it: `show` (a saved plan or the
//! state), `output` (Terraform's formats, `--raw`, `--json`), and the
//! "Outputs:" list printed after an apply.

use super::commands::{CmdResult, one, read_plan};
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use crate::lang::value::{render_hcl, render_output};
use crate::plan::json::{plan_json, state_json};
use crate::plan::render::{Style, render_plan};
use crate::state::{State, StateStore};
use std::path::{Path, PathBuf};

pub(super) fn print_outputs(state: &State, color: bool) {
    if state.outputs.is_empty() {
        return;
    }
    println!("\n{}\n", Style { color }.bold("Outputs:"));
    for (k, o) in &state.outputs {
        let v = if o.sensitive { "<sensitive>".to_string() } else { render_output(&Value::from_json(&o.value), 0) };
        println!("{k} = {v}");
    }
}

pub(super) fn read_state() -> Result<State, Diagnostics> {
    StateStore::new(Path::new(".")).load().map(|(s, _)| s).map_err(one)
}

pub(super) fn show(plan: Option<PathBuf>, json: bool, color: bool) -> CmdResult {
    if let Some(p) = plan {
        let plan = read_plan(&p)?;
        if json {
            println!("{}", plan_json(&plan));
        } else {
            print!("{}", render_plan(&plan, Style { color }));
        }
        return Ok(0);
    }
    let state = read_state()?;
    if json {
        println!("{}", state_json(&state));
        return Ok(0);
    }
    if state.resources.is_empty() {
        println!("The state file is empty. No resources are represented.");
        return Ok(0);
    }
    for r in state.resources.values() {
        println!("{}", render_instance(r));
    }
    print_outputs(&state, color);
    Ok(0)
}

/// One object as `show` and `state show` print it: `# ADDRESS:` and the
/// resource block of its attributes, sensitive ones masked.
pub(super) fn render_instance(r: &crate::state::ResourceInstance) -> String {
    let v = crate::schema::catalog()
        .get(&r.rtype)
        .map(|s| crate::plan::planner::prior_value(s, &r.attributes, &r.sensitive_attributes))
        .unwrap_or_else(|| Value::from_json(&serde_json::Value::Object(r.attributes.clone())));
    // Like Terraform's show: unset attributes are not listed.
    let v = match v {
        Value::Map(m) => Value::Map(m.into_iter().filter(|(_, x)| !x.is_null()).collect()),
        other => other,
    };
    let block = if r.address.resource.mode == crate::addr::Mode::Data { "data" } else { "resource" };
    let body = render_hcl(&v, 0);
    format!("# {}:\n{block} \"{}\" \"{}\" {body}\n", r.address, r.address.resource.rtype, r.address.resource.name)
}

pub(super) fn output_cmd(name: Option<String>, json: bool, raw: bool, show_sensitive: bool) -> CmdResult {
    let state = read_state()?;
    if raw && name.is_none() {
        return Err(one(Diagnostic::error("Output name required")
            .detail("You must give the name of a single output value when using the --raw option.")
            .hint("Run `hadr output --raw NAME`; `hadr output` lists the names.")));
    }
    let mask = |o: &crate::state::OutputState| -> serde_json::Value {
        if o.sensitive && !show_sensitive { serde_json::Value::Null } else { o.value.clone() }
    };
    match name {
        Some(n) => {
            let Some(o) = state.outputs.get(&n) else {
                let mut d = Diagnostic::error(format!("Output \"{n}\" not found")).detail(
                    "The output variable requested could not be found in the state. If you recently added it, run hadr apply first.",
                );
                if let Some(s) = crate::config::did_you_mean(&n, state.outputs.keys().map(String::as_str)) {
                    d = d.hint(format!("Did you mean \"{s}\"?"));
                }
                return Err(one(d));
            };
            if raw {
                print_raw(&n, &o.value)?;
            } else if json {
                println!("{}", mask(o));
            } else if o.sensitive && !show_sensitive {
                println!("<sensitive>");
            } else {
                println!("{}", render_output(&Value::from_json(&o.value), 0));
            }
        }
        None => {
            if json {
                let m: serde_json::Map<String, serde_json::Value> = state
                    .outputs
                    .iter()
                    .map(|(k, o)| (k.clone(), serde_json::json!({"sensitive": o.sensitive, "value": mask(o)})))
                    .collect();
                println!("{}", serde_json::Value::Object(m));
            } else {
                if state.outputs.is_empty() {
                    eprintln!("No outputs found. The state file either has no outputs defined, or all the defined outputs are empty.");
                }
                for (k, o) in &state.outputs {
                    let v =
                        if o.sensitive && !show_sensitive { "<sensitive>".into() } else { render_output(&Value::from_json(&o.value), 0) };
                    println!("{k} = {v}");
                }
            }
        }
    }
    Ok(0)
}

/// Terraform's `output -raw`: a string, number or bool exactly, with no quotes
/// and no newline, sensitive or not (the flag is the request to see it).
fn print_raw(name: &str, v: &serde_json::Value) -> Result<(), Diagnostics> {
    use std::io::Write;
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        serde_json::Value::Number(n) => crate::lang::value::format_number(n.as_f64().unwrap_or_default()),
        serde_json::Value::Null => {
            return Err(one(Diagnostic::error("Unsupported value for raw output")
                .detail(format!("The value for output value \"{name}\" is null, so --raw mode cannot print it."))
                .hint(format!("`hadr output --json {name}` prints it as JSON (null)."))));
        }
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            let ty = if v.is_array() { "tuple" } else { "object" };
            return Err(one(Diagnostic::error("Unsupported value for raw output")
                .detail(format!(
                    "The --raw option only supports strings, numbers, and boolean values, but output value \"{name}\" is {ty}."
                ))
                .hint(format!("Use `hadr output --json {name}` for a machine-readable representation of complex values."))));
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    Ok(())
}
