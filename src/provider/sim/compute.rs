//! The attributes Azure would answer with: the arguments as sent, schema
//! defaults, and computed values from each attribute's `sim_value` template.
//!
//! Templates: `{attr}` (or `{block.attr}`) from the object's own attributes,
//! `{id}`, `{uuid}` (a fresh v4 UUID), `{location}` (the object's region, or its
//! parent's when it has none), `{paired_location}`, `{subscription_id}`,
//! `{tenant_id}`, and literal text. A template that is a single placeholder
//! copies the value as is (any JSON); otherwise the text is converted to the
//! attribute's type. An attribute whose template cannot be filled stays null.

use super::{SUBSCRIPTION_ID, TENANT_ID, regions};
use crate::lang::types::Type;
use crate::provider::{Attrs, fill_template};
use crate::schema::{AttributeSchema, BlockSchema, ResourceSchema};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

type AttrSchemas = BTreeMap<String, AttributeSchema>;

/// What templates see besides the object's attributes.
pub(super) struct Env<'a> {
    pub id: &'a str,
    /// The parent object's region, for objects without a `location` of their own.
    pub parent_location: Option<&'a str>,
}

fn unset(v: Option<&Value>) -> bool {
    v.is_none_or(Value::is_null)
}

/// The region an object lives in: its own `location`, else its parent's.
pub(super) fn location_of<'a>(attrs: &'a Attrs, parent_location: Option<&'a str>) -> Option<&'a str> {
    attrs.get("location").and_then(Value::as_str).or(parent_location)
}

/// Optional attributes left unset take the schema default.
pub(super) fn apply_defaults(schemas: &AttrSchemas, obj: &mut Attrs) {
    for (name, a) in schemas {
        if a.optional
            && let Some(d) = &a.default
            && unset(obj.get(name))
        {
            obj.insert(name.clone(), d.clone());
        }
    }
}

/// Attributes of a new object.
pub(super) fn create_attrs(schema: &ResourceSchema, config: &Attrs, env: &Env) -> Attrs {
    let computed_only = |k: &str| schema.attributes.get(k).is_some_and(|a| !a.is_argument());
    let mut attrs: Attrs = config.iter().filter(|(k, _)| !computed_only(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
    attrs.insert("id".into(), env.id.into());
    apply_defaults(&schema.attributes, &mut attrs);
    let pending = schema.attributes.iter().filter(|(n, a)| a.computed && unset(attrs.get(*n))).map(|(n, _)| n.as_str()).collect();
    fill(&schema.attributes, pending, &mut attrs, None, env);
    for (name, block) in &schema.blocks {
        if let Some(mut value) = attrs.remove(name) {
            fill_block(block, &mut value, None, &attrs, env);
            attrs.insert(name.clone(), value);
        }
    }
    finish(schema, &mut attrs, env.id);
    attrs
}

/// Attributes after an update: arguments from `config` replace the stored ones
/// (an unset optional argument goes back to its default or null, an unset
/// optional+computed one keeps the cloud's value); computed attributes are kept
/// unless their `derived_from` names a changed argument.
pub(super) fn update_attrs(schema: &ResourceSchema, stored: &Attrs, config: &Attrs, env: &Env) -> Attrs {
    let mut attrs = stored.clone();
    let mut changed = BTreeSet::new();
    let mut set = |attrs: &mut Attrs, name: &str, v: Value| {
        if attrs.get(name).unwrap_or(&Value::Null) != &v {
            changed.insert(name.to_string());
        }
        attrs.insert(name.to_string(), v);
    };
    for (name, a) in schema.attributes.iter().filter(|(_, a)| a.is_argument()) {
        match config.get(name).filter(|v| !v.is_null()) {
            Some(v) => set(&mut attrs, name, v.clone()),
            None if a.computed => {}
            None => set(&mut attrs, name, a.default.clone().unwrap_or(Value::Null)),
        }
    }
    let unknown_keys = config.iter().filter(|(k, _)| !schema.attributes.contains_key(*k) && !schema.blocks.contains_key(*k));
    for (k, v) in unknown_keys {
        set(&mut attrs, k, v.clone());
    }
    for (name, block) in &schema.blocks {
        let mut value = config.get(name).cloned().unwrap_or(Value::Null);
        fill_block(block, &mut value, stored.get(name), &attrs, env);
        set(&mut attrs, name, value);
    }
    let recompute: Vec<&str> = schema
        .attributes
        .iter()
        .filter(|(n, a)| a.computed && *n != "id" && (!a.optional || unset(config.get(*n))))
        .filter(|(_, a)| a.derived_from.iter().any(|d| changed.contains(d)))
        .map(|(n, _)| n.as_str())
        .collect();
    for name in &recompute {
        attrs.remove(*name);
    }
    apply_defaults(&schema.attributes, &mut attrs);
    let pending = recompute.into_iter().filter(|n| unset(attrs.get(*n))).collect();
    fill(&schema.attributes, pending, &mut attrs, None, env);
    finish(schema, &mut attrs, env.id);
    attrs
}

/// Defaults and computed values inside each item of a block; computed values
/// of the item at the same place in `old` are kept.
fn fill_block(block: &BlockSchema, value: &mut Value, old: Option<&Value>, outer: &Attrs, env: &Env) {
    for (i, item) in items(value).into_iter().enumerate() {
        fill_item(block, item, old.and_then(|o| nth_item(o, i)), outer, env);
    }
}

fn fill_item(block: &BlockSchema, item: &mut Attrs, old: Option<&Attrs>, outer: &Attrs, env: &Env) {
    for name in block.attributes.iter().filter(|(_, a)| a.computed).map(|(n, _)| n) {
        if unset(item.get(name))
            && let Some(v) = old.and_then(|o| o.get(name)).filter(|v| !v.is_null())
        {
            item.insert(name.clone(), v.clone());
        }
    }
    apply_defaults(&block.attributes, item);
    let pending = block.attributes.iter().filter(|(n, a)| a.computed && unset(item.get(*n))).map(|(n, _)| n.as_str()).collect();
    fill(&block.attributes, pending, item, Some(outer), env);
}

/// A block's items: the object of a single block, or each object of a list.
fn items(v: &mut Value) -> Vec<&mut Attrs> {
    match v {
        Value::Object(o) => vec![o],
        Value::Array(a) => a.iter_mut().filter_map(Value::as_object_mut).collect(),
        _ => vec![],
    }
}

fn nth_item(v: &Value, i: usize) -> Option<&Attrs> {
    match v {
        Value::Object(o) if i == 0 => Some(o),
        Value::Array(a) => a.get(i).and_then(Value::as_object),
        _ => None,
    }
}

/// Fills the `pending` computed attributes from their templates, in as many
/// rounds as needed for templates that name other computed attributes.
fn fill(schemas: &AttrSchemas, mut pending: Vec<&str>, obj: &mut Attrs, outer: Option<&Attrs>, env: &Env) {
    loop {
        let before = pending.len();
        pending.retain(|name| {
            let a = &schemas[*name];
            let Some(template) = a.sim_value.as_deref() else { return false };
            match render(template, obj, outer, env) {
                Some(v) => {
                    obj.insert(name.to_string(), coerce(v, a.ty()));
                    false
                }
                None => true,
            }
        });
        if pending.len() == before {
            return;
        }
    }
}

fn render(template: &str, obj: &Attrs, outer: Option<&Attrs>, env: &Env) -> Option<Value> {
    let location = location_of(obj, None).or_else(|| outer.and_then(|o| location_of(o, None))).or(env.parent_location);
    let lookup = |key: &str| -> Option<Value> {
        let v = match key {
            "id" => Value::from(env.id),
            "uuid" => Value::from(uuid::Uuid::new_v4().to_string()),
            "location" => Value::from(location?),
            "paired_location" => Value::from(regions::paired(location?)?),
            "subscription_id" => Value::from(SUBSCRIPTION_ID),
            "tenant_id" => Value::from(TENANT_ID),
            _ => path(obj, key).or_else(|| outer.and_then(|o| path(o, key)))?.clone(),
        };
        Some(v).filter(|v| !v.is_null())
    };
    let keys = placeholders(template)?;
    if let [key] = keys[..]
        && template.len() == key.len() + 2
    {
        return lookup(key);
    }
    let mut values = Vec::with_capacity(keys.len());
    for key in keys {
        let text = match lookup(key)? {
            Value::String(s) => s,
            v @ (Value::Number(_) | Value::Bool(_)) => v.to_string(),
            _ => return None,
        };
        values.push((key, text));
    }
    let extra: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill_template(template, &Attrs::new(), &extra).map(Value::String)
}

fn placeholders(template: &str) -> Option<Vec<&str>> {
    let mut keys = vec![];
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}')? + start;
        keys.push(&rest[start + 1..end]);
        rest = &rest[end + 1..];
    }
    Some(keys)
}

/// `a.b.c` through objects (and the first item of lists, as in single blocks stored as lists).
fn path<'a>(obj: &'a Attrs, key: &str) -> Option<&'a Value> {
    let mut parts = key.split('.');
    let mut v = obj.get(parts.next()?)?;
    for p in parts {
        v = match v {
            Value::Array(a) => a.first()?.get(p)?,
            other => other.get(p)?,
        };
    }
    Some(v)
}

/// Converts a filled template to the attribute's type ("250" → 250, "false" → false).
fn coerce(v: Value, ty: &Type) -> Value {
    let Value::String(s) = &v else {
        return match (ty, v) {
            (Type::String, v @ (Value::Number(_) | Value::Bool(_))) => Value::String(v.to_string()),
            (_, v) => v,
        };
    };
    let parsed = match ty {
        Type::Number => serde_json::from_str::<serde_json::Number>(s.trim()).ok().map(Value::Number),
        Type::Bool => s.trim().parse::<bool>().ok().map(Value::Bool),
        Type::List(_) | Type::Set(_) | Type::Map(_) | Type::Object(_) | Type::Tuple(_) => serde_json::from_str(s).ok(),
        Type::String | Type::Any => None,
    };
    parsed.unwrap_or(v)
}

/// What every object carries: its `id`, each schema attribute (null when
/// unset), `terraform_data`'s `output` equal to its `input`, and a
/// `provisioning_state` when the schema declares one.
fn finish(schema: &ResourceSchema, attrs: &mut Attrs, id: &str) {
    attrs.insert("id".into(), id.into());
    if schema.name == "terraform_data" {
        let input = attrs.get("input").cloned().unwrap_or(Value::Null);
        attrs.insert("output".into(), input);
    }
    for name in schema.attributes.keys() {
        attrs.entry(name.clone()).or_insert(Value::Null);
    }
    if schema.attributes.contains_key("provisioning_state") {
        attrs.insert("provisioning_state".into(), super::store::SUCCEEDED.into());
    }
}
