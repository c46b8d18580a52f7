//! hadr attributes ⇄ ARM bodies, through each attribute's `arm` path.
//!
//! One mapping serves both sides of the wire: the azure provider builds PUT
//! bodies with `to_arm(…, Request)` and reads responses with `from_arm`; the
//! emulator reads PUT bodies with `from_arm` and answers with
//! `to_arm(…, Response)`. Value conversions and fixed body parts that the
//! schema format cannot express live in `types`.

use super::path;
use super::types;
use crate::provider::Attrs;
use crate::schema::{AttributeSchema, Nesting, ResourceSchema};
use serde_json::{Map, Value};

/// Which body is built: a PUT request (writable properties only, secrets
/// included) or a GET/PUT response (read-only properties too, secrets never).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// The ARM body for an object with attributes `attrs` and id `id`.
pub fn to_arm(schema: &ResourceSchema, attrs: &Attrs, id: &str, dir: Direction) -> Value {
    if schema.name == "azure_resource" {
        return types::generic_to_arm(attrs, id, dir);
    }
    let mut body = types::skeleton(schema, attrs, id);
    for (name, a) in &schema.attributes {
        let Some(arm) = arm_path(schema, name, a) else { continue };
        let Some(v) = attrs.get(name).filter(|v| !v.is_null()) else { continue };
        // The top-level `name` comes from the URL; in the body it is read-only.
        if !sendable(schema, a, &arm, dir) || (arm == "name" && dir == Direction::Request) {
            continue;
        }
        let (arm, v) = types::value_out(schema, name, &arm, v.clone(), attrs, id);
        path::set(&mut body, &arm, v);
    }
    for (name, b) in &schema.blocks {
        let (Some(base), Some(v)) = (b.arm.as_deref(), attrs.get(name).filter(|v| !v.is_null())) else { continue };
        let items: Vec<&Map<String, Value>> = match v {
            Value::Object(o) => vec![o],
            Value::Array(a) => a.iter().filter_map(Value::as_object).collect(),
            _ => vec![],
        };
        let build = |item: &Map<String, Value>| {
            let mut element = Value::Object(Map::new());
            for (an, a) in &b.attributes {
                let (Some(arm), Some(v)) = (a.arm.as_deref(), item.get(an).filter(|v| !v.is_null())) else { continue };
                if sendable(schema, a, arm, dir) {
                    path::set(&mut element, arm, v.clone());
                }
            }
            element
        };
        match b.nesting {
            // A single block's path names an object that other attributes may share.
            Nesting::Single => {
                for item in items {
                    if let Value::Object(fields) = build(item) {
                        for (k, v) in fields {
                            path::set(&mut body, &format!("{base}.{k}"), v);
                        }
                    }
                    if path::get(&body, base).is_none() {
                        path::set(&mut body, base, Value::Object(Map::new()));
                    }
                }
            }
            Nesting::List => path::set(&mut body, base, Value::Array(items.into_iter().map(build).collect())),
        }
    }
    types::finish(schema, &mut body, attrs, id, dir);
    if dir == Direction::Response {
        envelope(schema, &mut body, id);
    }
    body
}

/// True for hadr's own types (`hadr.Kubernetes/workloads`…): not ARM, served
/// by the emulator only, so hadr defines their wire format.
pub fn hadr_own(schema: &ResourceSchema) -> bool {
    schema.arm.as_ref().is_some_and(|a| a.arm_type.starts_with("hadr."))
}

/// An attribute's place in the body. For hadr's own types, attributes without
/// an `arm` path travel as `properties.<name>`, so the emulator sees them all.
fn arm_path(schema: &ResourceSchema, name: &str, a: &AttributeSchema) -> Option<String> {
    match &a.arm {
        Some(p) => Some(p.clone()),
        None if hadr_own(schema) && name != "id" && !schema.arm.as_ref().is_some_and(|x| x.id.contains(&format!("{{{name}}}"))) => {
            Some(format!("properties.{name}"))
        }
        None => None,
    }
}

/// Whether an attribute goes into a body of this direction.
fn sendable(schema: &ResourceSchema, a: &AttributeSchema, arm: &str, dir: Direction) -> bool {
    match dir {
        // Computed-only attributes and the response-only paths are read-only.
        Direction::Request => a.is_argument() && !types::response_only(schema, arm),
        // ARM never echoes secrets.
        Direction::Response => !a.sensitive,
    }
}

/// `id`, `name`, `type` as ARM adds them to every response.
fn envelope(schema: &ResourceSchema, body: &mut Value, id: &str) {
    let Value::Object(o) = body else { return };
    o.insert("id".into(), id.into());
    if let Some(name) = id.rsplit('/').next() {
        o.entry("name").or_insert_with(|| name.into());
    }
    let rtype = match crate::provider::arm_resource_type(id) {
        Some(t) if !hadr_own(schema) => t,
        _ if schema.name == "azure_resource_group" => "Microsoft.Resources/resourceGroups".into(),
        _ => schema.arm.as_ref().map(|a| a.arm_type.clone()).unwrap_or_default(),
    };
    o.insert("type".into(), rtype.into());
}

/// hadr attributes from an ARM body of the object `id`: every schema attribute
/// appears, null when the body does not carry it. Attributes that live only in
/// the id (`resource_group_name`, parent ids) come from the id.
pub fn from_arm(schema: &ResourceSchema, body: &Value, id: &str) -> Attrs {
    let mut attrs = Attrs::new();
    if schema.name == "azure_resource" {
        return types::generic_from_arm(body, id);
    }
    if let Some(arm) = &schema.arm {
        attrs.extend(unfill(&arm.id, id).unwrap_or_default());
    }
    for (name, a) in &schema.attributes {
        let Some(arm) = arm_path(schema, name, a) else { continue };
        let v = path::get(body, &arm).map(|v| types::value_in(schema, name, v, body));
        attrs.insert(name.clone(), v.unwrap_or(Value::Null));
    }
    for (name, b) in &schema.blocks {
        let Some(base) = b.arm.as_deref() else { continue };
        let read = |element: &Value| -> Value {
            let mut item = Map::new();
            for (an, a) in &b.attributes {
                let v = a.arm.as_deref().and_then(|p| path::get(element, p));
                item.insert(an.clone(), v.unwrap_or(Value::Null));
            }
            Value::Object(item)
        };
        let v = match b.nesting {
            Nesting::Single => path::get(body, base).filter(Value::is_object).map(|e| read(&e)),
            Nesting::List => {
                let list = path::get(body, base.trim_end_matches("[]")).and_then(|v| v.as_array().cloned());
                list.filter(|l| !l.is_empty()).map(|l| Value::Array(l.iter().map(read).collect()))
            }
        };
        attrs.insert(name.clone(), v.unwrap_or(Value::Null));
    }
    types::derive_in(schema, &mut attrs, body);
    attrs.insert("id".into(), id.into());
    for name in schema.attributes.keys() {
        attrs.entry(name.clone()).or_insert(Value::Null);
    }
    attrs
}

/// Whether ARM's body (or the id) carries the attribute; the others are
/// hadr-side only and the provider remembers them itself.
pub fn carried(schema: &ResourceSchema, name: &str) -> bool {
    let in_id = schema.arm.as_ref().is_some_and(|a| a.id.contains(&format!("{{{name}}}")));
    let has_path = schema.attributes.get(name).is_some_and(|a| arm_path(schema, name, a).is_some())
        || schema.blocks.get(name).is_some_and(|b| b.arm.is_some());
    name == "id" || in_id || has_path || types::derived(schema, name)
}

/// The inverse of `fill_template`: the placeholders' values in `id`, when it
/// has the template's shape (literal segments compared case-insensitively). A
/// leading `{parent_id}`-style placeholder takes every segment the rest of
/// the template leaves.
pub fn unfill(template: &str, id: &str) -> Option<Attrs> {
    let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let s: Vec<&str> = id.trim_start_matches('/').split('/').collect();
    let mut out = Attrs::new();
    let placeholder = |seg: &str| seg.strip_prefix('{').and_then(|x| x.strip_suffix('}')).map(str::to_string);
    let (t, s) = match placeholder(t[0]) {
        Some(key) if !template.starts_with('/') => {
            let take = s.len().checked_sub(t.len() - 1).filter(|n| *n >= 2)?;
            out.insert(key, format!("/{}", s[..take].join("/")).into());
            (&t[1..], &s[take..])
        }
        _ => (&t[..], &s[..]),
    };
    if t.len() != s.len() {
        return None;
    }
    for (tp, sp) in t.iter().zip(s) {
        match placeholder(tp) {
            Some(key) if key != "subscription_id" => {
                out.insert(key, (*sp).into());
            }
            Some(_) => {}
            None if tp.eq_ignore_ascii_case(sp) => {}
            None => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_unfill() {
        let rg = "/subscriptions/s/resourceGroups/rg";
        let t = "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/virtualNetworks/{name}";
        let a = unfill(t, &format!("{rg}/providers/microsoft.network/virtualnetworks/v")).unwrap();
        assert_eq!(a.get("resource_group_name"), Some(&json!("rg")));
        assert_eq!(a.get("name"), Some(&json!("v")));
        assert!(unfill(t, &format!("{rg}/providers/Microsoft.Network/publicIPAddresses/v")).is_none());
        let sub = unfill("{virtual_network_id}/subnets/{name}", &format!("{rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/a"))
            .unwrap();
        assert_eq!(sub.get("virtual_network_id"), Some(&json!(format!("{rg}/providers/Microsoft.Network/virtualNetworks/v"))));
        assert!(unfill("{virtual_network_id}/subnets/{name}", "/x/y").is_none());
    }
}
