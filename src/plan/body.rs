//! Evaluating a resource block's body for one instance, checked against the
//! type's schema: unknown arguments, missing required ones, wrong types and
//! values outside an enum are errors that point at the source.

use crate::config::{Resource, did_you_mean};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::lang::Value;
use crate::lang::eval::{EvalError, Evaluator};
use crate::lang::types::convert;
use crate::schema::{AttributeSchema, BlockSchema, Nesting, ResourceSchema};
use hcl::edit::Span;
use hcl::edit::structure::{Body, Structure};
use std::collections::BTreeMap;

/// Turns an evaluation error into a diagnostic in `file`.
pub fn eval_diag(e: EvalError, file: usize) -> Diagnostic {
    Diagnostic::error(e.summary).detail(e.detail).at(e.span.map(|span| Location { file, span }))
}

/// Every argument of the schema with its configured value (null when unset
/// and without default), nested blocks as objects or lists of objects.
pub fn eval_body(r: &Resource, schema: &ResourceSchema, ev: &mut Evaluator) -> Result<Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    let out = eval_attrs(&r.body, r.file, &r.location, &schema.attributes, &schema.blocks, &schema.name, Some(ev), &mut diags);
    if diags.has_errors() { Err(diags) } else { Ok(out) }
}

/// The checks of [`eval_body`] that need no values (argument and block
/// names, required ones), for every resource of a module tree: `validate`
/// reports them with mistakes found earlier, such as undeclared references.
pub fn check_names(root: &crate::config::Module) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for (_, m) in root.walk() {
        for r in m.resources.values().filter(|r| r.mode == crate::addr::Mode::Managed) {
            if let Some(schema) = crate::schema::catalog().get(&r.rtype).filter(|s| !s.data_only) {
                eval_attrs(&r.body, r.file, &r.location, &schema.attributes, &schema.blocks, &schema.name, None, &mut diags);
            }
        }
    }
    diags
}

#[allow(clippy::too_many_arguments)]
fn eval_attrs(
    body: &Body,
    file: usize,
    header: &Location,
    attrs: &BTreeMap<String, AttributeSchema>,
    blocks: &BTreeMap<String, BlockSchema>,
    what: &str,
    mut ev: Option<&mut Evaluator>,
    diags: &mut Diagnostics,
) -> Value {
    let mut out = BTreeMap::new();
    let mut block_values: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    // Attributes whose value failed: already reported, not "missing".
    let mut failed: Vec<String> = vec![];
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let name = a.key.as_str();
                let loc = a.key.span().map(|span| Location { file, span });
                let Some(schema) = attrs.get(name) else {
                    let mut d = Diagnostic::error("Unsupported argument")
                        .detail(format!("An argument named \"{name}\" is not expected in {what}."))
                        .at(loc);
                    if blocks.contains_key(name) {
                        d = d.hint(format!("\"{name}\" is a block: write {name} {{ … }} without \"=\"."));
                    } else if let Some(s) = did_you_mean(name, attrs.keys().map(String::as_str).filter(|k| attrs[*k].is_argument())) {
                        d = d.hint(format!("Did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                    continue;
                };
                if !schema.is_argument() {
                    diags.push(
                        Diagnostic::error("Value for unconfigurable attribute")
                            .detail(format!(
                                "Can't configure a value for \"{name}\": its value will be decided automatically by the provider."
                            ))
                            .at(loc)
                            .hint(format!("Remove \"{name}\"; read it as a reference instead.")),
                    );
                    continue;
                }
                // Without an evaluator (names only), a set argument counts as given.
                let Some(ev) = ev.as_deref_mut() else {
                    out.insert(name.to_string(), Value::Unknown);
                    continue;
                };
                let v = match ev.eval(&a.value) {
                    Ok(v) => v,
                    Err(e) => {
                        diags.push(eval_diag(e, file));
                        failed.push(name.to_string());
                        continue;
                    }
                };
                let vloc = a.value.span().map(|span| Location { file, span });
                match check_value(v, schema, name) {
                    Ok(v) => {
                        out.insert(name.to_string(), v);
                    }
                    Err(msg) => {
                        failed.push(name.to_string());
                        diags.push(
                            Diagnostic::error("Incorrect attribute value type")
                                .detail(format!("Inappropriate value for attribute \"{name}\": {msg}."))
                                .at(vloc),
                        )
                    }
                }
            }
            Structure::Block(b) => {
                let name = b.ident.as_str();
                let loc = b.ident.span().map(|span| Location { file, span });
                let Some(bs) = blocks.get(name) else {
                    let mut d = Diagnostic::error("Unsupported block type")
                        .detail(format!("Blocks of type \"{name}\" are not expected in {what}."))
                        .at(loc);
                    if attrs.contains_key(name) {
                        d = d.hint(format!("\"{name}\" is an argument: write {name} = …"));
                    } else if let Some(s) = did_you_mean(name, blocks.keys().map(String::as_str)) {
                        d = d.hint(format!("Did you mean \"{s}\"?"));
                    }
                    diags.push(d);
                    continue;
                };
                let bloc = loc.clone().unwrap_or_else(|| header.clone());
                let v = eval_attrs(
                    &b.body,
                    file,
                    &bloc,
                    &bs.attributes,
                    &BTreeMap::new(),
                    &format!("a {name} block"),
                    ev.as_deref_mut(),
                    diags,
                );
                block_values.entry(name.to_string()).or_default().push(v);
            }
        }
    }
    for (name, a) in attrs {
        if !a.is_argument() || out.get(name).is_some_and(|v| !v.is_null()) || failed.contains(name) {
            continue;
        }
        if a.required {
            diags.push(
                Diagnostic::error("Missing required argument")
                    .detail(format!("The argument \"{name}\" is required, but no definition was found in {what}."))
                    .at(Some(header.clone()))
                    .hint(format!("Add {name} = … to the block.")),
            );
        }
        let default = a.default.as_ref().map(Value::from_json).unwrap_or(Value::Null);
        out.insert(name.clone(), if a.sensitive && !default.is_null() { default.mark() } else { default });
    }
    for (name, bs) in blocks {
        let items = block_values.remove(name).unwrap_or_default();
        if bs.required && items.is_empty() {
            diags.push(
                Diagnostic::error("Missing required block")
                    .detail(format!("At least one \"{name}\" block is required in {what}."))
                    .at(Some(header.clone())),
            );
        }
        let max = if bs.nesting == Nesting::Single { Some(1) } else { bs.max_items };
        if let Some(max) = max.filter(|m| items.len() > *m) {
            diags.push(
                Diagnostic::error("Too many blocks")
                    .detail(format!("No more than {max} \"{name}\" block(s) are allowed in {what}."))
                    .at(Some(header.clone())),
            );
        }
        let v = match bs.nesting {
            Nesting::Single => items.into_iter().next().unwrap_or(Value::Null),
            Nesting::List => Value::List(items),
        };
        out.insert(name.clone(), v);
    }
    Value::Map(out)
}

fn check_value(v: Value, a: &AttributeSchema, name: &str) -> Result<Value, String> {
    let v = convert(v, a.ty())?;
    if let (Some(allowed), Some(s)) = (&a.allowed, v.as_str())
        && !allowed.iter().any(|x| x == s)
    {
        let mut msg = format!("\"{s}\" is not one of {}", allowed.join(", "));
        if let Some(m) = did_you_mean(s, allowed.iter().map(String::as_str)) {
            msg.push_str(&format!("; did you mean \"{m}\"?"));
        }
        return Err(msg);
    }
    let _ = name;
    Ok(if a.sensitive { v.mark() } else { v })
}
