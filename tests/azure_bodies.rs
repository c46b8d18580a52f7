//! The azure provider's body builder against the emulator's OpenAPI
//! validator: for every catalog type with a spec, a body built from every
//! argument the schema has validates against the official definition.

use hadr::emulator::openapi::Specs;
use hadr::provider::Attrs;
use hadr::provider::azure::body::{Direction, from_arm, to_arm};
use hadr::schema::{AttributeSchema, Nesting, catalog};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const ID: &str =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s";

/// A plausible value for each argument.
fn sample(name: &str, a: &AttributeSchema) -> Value {
    if let Some(first) = a.allowed.as_ref().and_then(|e| e.first()) {
        return json!(first);
    }
    if let Some(d) = &a.default {
        return d.clone();
    }
    match a.type_str.as_str() {
        "number" => json!(2),
        "bool" => json!(true),
        "list(string)" | "set(string)" => json!([if name.ends_with("_ids") { ID } else { "10.0.0.0/24" }]),
        "map(string)" => json!({"env": "test"}),
        "any" => json!({}),
        _ if name.ends_with("_id") => json!(ID),
        _ if name.contains("location") => json!("eastus"),
        _ => json!("sample1"),
    }
}

fn arguments(attrs: &BTreeMap<String, AttributeSchema>) -> Attrs {
    attrs.iter().filter(|(_, a)| a.is_argument()).map(|(n, a)| (n.clone(), sample(n, a))).collect()
}

#[test]
fn every_body_hadr_builds_validates_against_the_specs() {
    // Without the specs nothing would be checked: that is a failure, not a pass.
    let specs = Specs::new(Specs::locate().expect("azure-rest-api-specs not found: put them in ../shared or set HADR_AZURE_SPECS"));
    let mut checked = 0;
    for schema in catalog().all() {
        let Some(arm) = &schema.arm else { continue };
        let (Some(spec), Some(def)) = (&arm.spec, &arm.definition) else { continue };
        let mut attrs = arguments(&schema.attributes);
        // A VM gets one way to reach its network, as a configuration would.
        attrs.remove("subnet_id");
        for (name, b) in &schema.blocks {
            let item = Value::Object(arguments(&b.attributes));
            attrs.insert(name.clone(), if b.nesting == Nesting::List { json!([item]) } else { item });
        }
        let id = hadr::provider::predict_arm_id(schema, &attrs, "00000000-0000-0000-0000-000000000000").unwrap_or_else(|| ID.to_string());
        let body = to_arm(schema, &attrs, &id, Direction::Request);
        if let Err(v) = specs.validate(spec, def, &body) {
            panic!("{}: {} at {}\n{body:#}", schema.name, v.message, v.path);
        }
        // And the mapping reads back what it wrote.
        let back = from_arm(schema, &to_arm(schema, &attrs, &id, Direction::Response), &id);
        for (k, v) in &attrs {
            let a = &schema.attributes.get(k);
            if a.is_some_and(|a| a.arm.is_some() && !a.sensitive && !a.computed) {
                assert_eq!(back.get(k), Some(v), "{}.{k} round trip", schema.name);
            }
        }
        checked += 1;
    }
    assert!(checked >= 15, "{checked} types checked");
}
