//! Input variable values, from every source Terraform reads, with its
//! precedence (later wins): defaults, `HADR_VAR_<name>` environment variables,
//! `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars[.json]` in
//! lexical order, then `--var` and `--var-file` in command-line order.

use super::{Module, did_you_mean};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::lang::Value;
use crate::lang::eval::Evaluator;
use crate::lang::functions::FnEnv;
use crate::lang::types::{Type, convert, parse_type_expr};
use hcl::edit::Span;
use hcl::edit::structure::Structure;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A `--var NAME=VALUE` or `--var-file FILE` flag, in command-line order.
#[derive(Clone, Debug)]
pub enum VarArg {
    Var(String),
    File(PathBuf),
}

/// Where a raw value came from, to word errors.
enum Raw {
    /// A string to interpret according to the variable's type (env, --var).
    Text(String, String),
    /// An evaluated value from a file, with its location.
    Value(Value, Option<Location>),
}

pub fn resolve(m: &Module, args: &[VarArg], sources: &mut SourceMap) -> Result<(BTreeMap<String, Value>, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut raw: BTreeMap<String, Raw> = BTreeMap::new();
    let mut env_vars: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("HADR_VAR_")).collect();
    env_vars.sort();
    for (k, v) in env_vars {
        let name = k.trim_start_matches("HADR_VAR_").to_string();
        if m.variables.contains_key(&name) {
            raw.insert(name, Raw::Text(v, format!("environment variable {k}")));
        }
    }
    let mut files: Vec<PathBuf> = vec![m.dir.join("terraform.tfvars"), m.dir.join("terraform.tfvars.json")];
    let mut autos: Vec<PathBuf> =
        std::fs::read_dir(&m.dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    autos.retain(|p| {
        let n = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
    });
    autos.sort();
    files.extend(autos);
    for f in files.into_iter().filter(|f| f.is_file()) {
        read_var_file(m, &f, false, sources, &mut raw, &mut diags);
    }
    for a in args {
        match a {
            VarArg::File(f) => {
                if !f.is_file() {
                    diags.push(
                        Diagnostic::error("Failed to read variables file")
                            .detail(format!("Given variables file {} does not exist (--var-file).", f.display()))
                            .hint("Check the path; it is relative to the directory hadr runs in."),
                    );
                    continue;
                }
                read_var_file(m, f, true, sources, &mut raw, &mut diags);
            }
            VarArg::Var(s) => {
                let Some((name, value)) = s.split_once('=') else {
                    diags.push(
                        Diagnostic::error("Invalid --var option")
                            .detail(format!("The given --var option \"{s}\" is not correctly specified."))
                            .hint("Write --var NAME=VALUE, e.g. --var region=eastus."),
                    );
                    continue;
                };
                let name = name.trim();
                if !m.variables.contains_key(name) {
                    let mut d = Diagnostic::error("Value for undeclared variable").detail(format!(
                        "A variable named \"{name}\" was assigned on the command line (--var), but the configuration does not declare it."
                    ));
                    if let Some(s) = did_you_mean(name, m.variables.keys().map(String::as_str)) {
                        d = d.hint(format!("Did you mean \"{s}\"?"));
                    } else {
                        d = d.hint(format!("Declare it with variable \"{name}\" {{}} or remove the --var flag."));
                    }
                    diags.push(d);
                    continue;
                }
                raw.insert(name.to_string(), Raw::Text(value.to_string(), format!("--var {name}")));
            }
        }
    }
    let env = FnEnv::default();
    let empty: BTreeMap<String, Value> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (name, decl) in &m.variables {
        let ty = match &decl.type_expr {
            None => Type::Any,
            Some(e) => match parse_type_expr(&e.expr) {
                Ok(t) => t,
                Err(msg) => {
                    diags.push(Diagnostic::error("Invalid type specification").detail(msg).at(e.location()));
                    continue;
                }
            },
        };
        let (value, origin, loc) = match raw.remove(name) {
            Some(Raw::Text(s, origin)) => {
                let parsed = || {
                    hcl::edit::parser::parse_expr(&s)
                        .map_err(|e| e.message().to_string())
                        .and_then(|e| Evaluator::new(&empty, &env).eval(&e).map_err(|e| e.detail))
                };
                if matches!(ty, Type::String | Type::Number | Type::Bool) {
                    (Value::String(s), origin, None)
                } else if ty == Type::Any {
                    // Like Terraform: an untyped value is HCL when it parses as such, else a string.
                    (parsed().unwrap_or(Value::String(s.clone())), origin, None)
                } else {
                    match hcl::edit::parser::parse_expr(&s)
                        .map_err(|e| e.message().to_string())
                        .and_then(|e| Evaluator::new(&empty, &env).eval(&e).map_err(|e| e.detail))
                    {
                        Ok(v) => (v, origin, None),
                        Err(msg) => {
                            diags.push(Diagnostic::error("Invalid value for input variable").detail(format!(
                                "The value given for variable \"{name}\" by {origin} is not a valid {ty} expression: {msg}"
                            )));
                            continue;
                        }
                    }
                }
            }
            Some(Raw::Value(v, loc)) => (v, "a variables file".to_string(), loc),
            None => match &decl.default {
                Some(d) => match Evaluator::new(&empty, &env).eval(&d.expr) {
                    Ok(v) => (v, "its default".to_string(), d.location()),
                    Err(e) => {
                        diags.push(crate::plan::body::eval_diag(e, d.file));
                        continue;
                    }
                },
                None if interactive() => match prompt(name, &decl.description) {
                    Some(s) => (
                        if matches!(ty, Type::String | Type::Number | Type::Bool) {
                            Value::String(s)
                        } else {
                            hcl::edit::parser::parse_expr(&s)
                                .ok()
                                .and_then(|e| Evaluator::new(&empty, &env).eval(&e).ok())
                                .unwrap_or(Value::String(s))
                        },
                        "the prompt".to_string(),
                        None,
                    ),
                    None => continue,
                },
                None => {
                    diags.push(
                        Diagnostic::error("No value for required variable")
                            .detail(format!("The root module input variable \"{name}\" is not set, and has no default value."))
                            .at(Some(decl.location.clone()))
                            .hint(format!("Pass --var {name}=VALUE, set it in terraform.tfvars, or export HADR_VAR_{name}.")),
                    );
                    continue;
                }
            },
        };
        // Terraform: null for a non-nullable variable with a default takes the default.
        let (value, origin) = match (&decl.default, value.is_null() && !decl.nullable) {
            (Some(d), true) => match Evaluator::new(&empty, &env).eval(&d.expr) {
                Ok(v) => (v, "its default".to_string()),
                Err(_) => (value, origin),
            },
            _ => (value, origin),
        };
        if value.is_null() && !decl.nullable {
            diags.push(
                Diagnostic::error("Required variable not set")
                    .detail(format!("Unsuitable value for var.{name} set from {origin}: required variable may not be set to null."))
                    .at(loc.or(Some(decl.location.clone()))),
            );
            continue;
        }
        match convert(value, &ty) {
            Ok(v) => {
                out.insert(name.clone(), if decl.sensitive { v.mark() } else { v });
            }
            Err(msg) => diags.push(
                Diagnostic::error(if origin == "its default" {
                    "Invalid default value for variable"
                } else {
                    "Invalid value for input variable"
                })
                .detail(format!("Unsuitable value for var.{name} set from {origin}: {msg}."))
                .at(loc.or(Some(decl.location.clone()))),
            ),
        }
    }
    // Validation rules run once every value is known: a rule may compare variables (Terraform 1.9+).
    if !diags.has_errors() {
        for decl in m.variables.values() {
            if let Some(v) = out.get(&decl.name) {
                diags.extend(check_validations(decl, v, &out, sources));
            }
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok((out, diags)) }
}

/// Set by `--input=false` (Terraform's `-input=false`): never ask, even on a terminal.
static NO_PROMPTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes `resolve` report missing values as errors instead of asking for them.
pub fn disable_prompts() {
    NO_PROMPTS.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether hadr may ask for missing values: a terminal, not in CI, and not `--input=false`.
fn interactive() -> bool {
    use std::io::IsTerminal;
    !NO_PROMPTS.load(std::sync::atomic::Ordering::Relaxed) && std::io::stdin().is_terminal() && std::env::var_os("CI").is_none()
}

/// Terraform's prompt for a variable with no value.
fn prompt(name: &str, description: &str) -> Option<String> {
    use std::io::{BufRead, Write};
    println!("var.{name}");
    if !description.is_empty() {
        println!("  {description}");
    }
    print!("\n  Enter a value: ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    println!();
    Some(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Runs a variable's `validation` blocks against its value.
pub fn check_validations(decl: &super::Variable, value: &Value, all: &BTreeMap<String, Value>, sources: &SourceMap) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let env = FnEnv::default();
    let mut vars = all.clone();
    vars.insert(decl.name.clone(), value.clone());
    let roots: BTreeMap<String, Value> = [("var".to_string(), Value::Map(vars))].into_iter().collect();
    for (cond, msg) in &decl.validations {
        match Evaluator::new(&roots, &env).eval(&cond.expr).map(|v| v.unmark_deep().0) {
            Ok(Value::Bool(true)) | Ok(Value::Unknown) => {}
            Ok(Value::Bool(false)) => {
                let text = match Evaluator::new(&roots, &env).eval(&msg.expr).map(|v| v.unmark_deep().0) {
                    Ok(Value::String(t)) => t,
                    _ => "The value is not valid.".to_string(),
                };
                let at = cond.location().map(|l| sources.describe(&l)).unwrap_or_default();
                diags.push(
                    Diagnostic::error("Invalid value for variable")
                        .detail(format!("{text}\n\nThis was checked by the validation rule at {at}."))
                        .at(cond.location()),
                );
            }
            Ok(other) => diags.push(
                Diagnostic::error("Invalid validation result")
                    .detail(format!("A validation condition must be true or false, not {}.", other.type_name()))
                    .at(cond.location()),
            ),
            Err(e) => diags.push(crate::plan::body::eval_diag(e, cond.file)),
        }
    }
    diags
}

fn read_var_file(
    m: &Module,
    path: &Path,
    explicit: bool,
    sources: &mut SourceMap,
    raw: &mut BTreeMap<String, Raw>,
    diags: &mut Diagnostics,
) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(format!("Failed to read variables file {}", path.display())).detail(e.to_string()));
            return;
        }
    };
    let name = path.display().to_string();
    let file = sources.add(name.clone(), text);
    let text = &sources.get(file).text;
    let mut assign = |key: &str, v: Value, loc: Option<Location>, diags: &mut Diagnostics| {
        if m.variables.contains_key(key) {
            raw.insert(key.to_string(), Raw::Value(v, loc));
        } else {
            let sev = if explicit {
                Diagnostic::error("Value for undeclared variable")
            } else {
                Diagnostic::warning("Value for undeclared variable")
            };
            diags.push(sev.detail(format!("The file {name} assigns \"{key}\", but the configuration declares no such variable.")).at(loc));
        }
    };
    if name.ends_with(".json") {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(o)) => {
                for (k, v) in o {
                    assign(&k, Value::from_json(&v), None, diags);
                }
            }
            Ok(_) => diags.push(Diagnostic::error(format!("{name} must hold a JSON object of variable values"))),
            Err(e) => diags.push(Diagnostic::error(format!("Invalid JSON in {name}")).detail(e.to_string())),
        }
        return;
    }
    let body = match hcl::edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            let o = e.location().offset();
            diags.push(Diagnostic::error("Invalid HCL syntax").detail(e.message().to_string()).at(Some(Location { file, span: o..o + 1 })));
            return;
        }
    };
    let env = FnEnv::default();
    let empty: BTreeMap<String, Value> = BTreeMap::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let loc = a.value.span().map(|span| Location { file, span });
                match Evaluator::new(&empty, &env).eval(&a.value) {
                    Ok(v) => assign(a.key.as_str(), v, loc, diags),
                    Err(e) => diags.push(
                        Diagnostic::error("Variables not allowed")
                            .detail(format!("{} Variable files hold plain values: {}", e.summary, e.detail))
                            .at(e.span.map(|span| Location { file, span }).or(loc)),
                    ),
                }
            }
            Structure::Block(b) => diags.push(
                Diagnostic::error("Unexpected block in a variables file")
                    .at(b.ident.span().map(|span| Location { file, span }))
                    .hint("A .tfvars file holds NAME = VALUE lines only."),
            ),
        }
    }
}
