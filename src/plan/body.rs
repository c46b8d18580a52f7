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
    // Blocks made by a `dynamic` block whose for_each is not known yet.
    let mut unknown_blocks: Vec<String> = vec![];
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
            Structure::Block(b) if b.ident.as_str() == "dynamic" => {
                let Some((name, bs)) = dynamic_target(b, file, blocks, what, diags) else { continue };
                match eval_dynamic(b, name, bs, file, header, ev.as_deref_mut(), diags) {
                    Some(items) => block_values.entry(name.to_string()).or_default().extend(items),
                    None => {
                        unknown_blocks.push(name.to_string());
                        block_values.entry(name.to_string()).or_default();
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
        if unknown_blocks.contains(name) {
            out.insert(name.clone(), Value::Unknown);
            continue;
        }
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

/// The block type a `dynamic "name"` block makes, with its schema.
fn dynamic_target<'s>(
    b: &hcl::edit::structure::Block,
    file: usize,
    blocks: &'s BTreeMap<String, BlockSchema>,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<(&'s str, &'s BlockSchema)> {
    let at = |s: &dyn Span| s.span().map(|span| Location { file, span });
    let Some(label) = b.labels.first() else {
        diags.push(
            Diagnostic::error("Missing dynamic block type")
                .detail("A dynamic block takes one label: the type of the blocks it makes.")
                .at(at(&b.ident))
                .hint("Write dynamic \"<block type>\" { for_each = … content { … } }."),
        );
        return None;
    };
    let name = label.as_str();
    match blocks.get_key_value(name) {
        Some((k, bs)) => Some((k.as_str(), bs)),
        None => {
            let mut d = Diagnostic::error("Unsupported block type")
                .detail(format!("Blocks of type \"{name}\" are not expected in {what}."))
                .at(at(label));
            if let Some(s) = did_you_mean(name, blocks.keys().map(String::as_str)) {
                d = d.hint(format!("Did you mean \"{s}\"?"));
            }
            diags.push(d);
            None
        }
    }
}

/// The blocks a `dynamic` block makes: one per element of `for_each`, with
/// the iterator (`name`, or the `iterator` argument) bound to `{ key, value }`
/// while `content` is evaluated. `None` when `for_each` is not known yet
/// (the blocks are then unknown as a whole, as in Terraform). Without an
/// evaluator (names only), `content` is checked once.
fn eval_dynamic(
    b: &hcl::edit::structure::Block,
    name: &str,
    bs: &BlockSchema,
    file: usize,
    header: &Location,
    ev: Option<&mut Evaluator>,
    diags: &mut Diagnostics,
) -> Option<Vec<Value>> {
    let at = |s: &dyn Span| s.span().map(|span| Location { file, span });
    let (mut for_each, mut iterator, mut content) = (None, name.to_string(), None);
    for s in b.body.iter() {
        match s {
            Structure::Attribute(a) if a.key.as_str() == "for_each" => for_each = Some(&a.value),
            Structure::Attribute(a) if a.key.as_str() == "iterator" => match &a.value {
                hcl::edit::expr::Expression::Variable(v) => iterator = v.as_str().to_string(),
                other => diags.push(
                    Diagnostic::error("Invalid dynamic iterator name")
                        .detail("The iterator is a name, not an expression.")
                        .at(at(other))
                        .hint(format!("Write iterator = {name}_item (no quotes).")),
                ),
            },
            Structure::Block(c) if c.ident.as_str() == "content" && content.is_none() => content = Some(c),
            Structure::Block(c) => diags.push(
                Diagnostic::error("Unsupported block type")
                    .detail(format!("A dynamic block holds one content block, not \"{}\".", c.ident.as_str()))
                    .at(at(&c.ident)),
            ),
            Structure::Attribute(a) => diags.push(
                Diagnostic::error("Unsupported argument")
                    .detail(format!("An argument named \"{}\" is not expected in a dynamic block.", a.key.as_str()))
                    .at(at(&a.key))
                    .hint("A dynamic block takes for_each, iterator and a content block."),
            ),
        }
    }
    let missing = |what: &str| {
        Diagnostic::error(format!("Missing {what} in dynamic \"{name}\""))
            .at(at(&b.ident).or(Some(header.clone())))
            .hint("Write dynamic \"<block type>\" { for_each = … content { … } }.")
    };
    let (Some(for_each), Some(content)) = (for_each, content) else {
        if for_each.is_none() {
            diags.push(missing("for_each"));
        }
        if content.is_none() {
            diags.push(missing("content block"));
        }
        return Some(vec![]);
    };
    let bloc = at(&content.ident).unwrap_or_else(|| header.clone());
    let what = format!("a {name} block");
    let content_of = |ev: Option<&mut Evaluator>, diags: &mut Diagnostics| {
        eval_attrs(&content.body, file, &bloc, &bs.attributes, &BTreeMap::new(), &what, ev, diags)
    };
    let Some(ev) = ev else {
        return Some(vec![content_of(None, diags)]);
    };
    let collection = match ev.eval(for_each) {
        Ok(v) => v,
        Err(e) => {
            diags.push(eval_diag(e, file));
            return Some(vec![]);
        }
    };
    let invalid = |detail: String| Diagnostic::error("Invalid dynamic for_each value").detail(detail).at(at(for_each));
    let pairs: Vec<(Value, Value)> = match collection {
        Value::Unknown => return None,
        Value::Null => {
            diags.push(invalid("Cannot use a null value in for_each.".into()));
            return Some(vec![]);
        }
        Value::Sensitive(_) => {
            diags.push(invalid("Cannot use a sensitive value in for_each: the blocks it makes would disclose it.".into()));
            return Some(vec![]);
        }
        Value::List(items) => items.into_iter().enumerate().map(|(i, v)| (Value::Number(i as f64), v)).collect(),
        Value::Set(items) => items.into_iter().map(|v| (v.clone(), v)).collect(),
        Value::Map(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
        other => {
            diags.push(invalid(format!("Cannot use a {} value in for_each. An iterable collection is required.", other.type_name())));
            return Some(vec![]);
        }
    };
    let mut items = Vec::with_capacity(pairs.len());
    for (key, value) in pairs {
        ev.bind(&iterator, Value::Map(BTreeMap::from([("key".to_string(), key), ("value".to_string(), value)])));
        items.push(content_of(Some(&mut *ev), diags));
        ev.unbind();
    }
    Some(items)
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
