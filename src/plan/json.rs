//! Terraform's JSON plan format (`format_version` "1.2"), so tools that read
//! `terraform show -json` read hadr's plans. Two deliberate differences:
//! sensitive values are null (masked) rather than printed, and provider
//! actions (failover…) are an `update` plus the additive `hadr_action` key.

use super::*;
use crate::addr::Mode;
use crate::state::State;
use serde_json::{Map, Value as J, json};

fn provider_name(rtype: &str) -> &'static str {
    if rtype == "terraform_data" { "terraform.io/builtin/terraform" } else { "hadr.dev/azure/azure" }
}

fn resource_header(a: &InstanceAddress, rtype: &str) -> Map<String, J> {
    let mut m = Map::new();
    m.insert("address".into(), a.to_string().into());
    if !a.resource.module.is_empty() {
        m.insert("module_address".into(), a.resource.module.clone().into());
    }
    m.insert("mode".into(), if a.resource.mode == Mode::Data { "data" } else { "managed" }.into());
    m.insert("type".into(), rtype.into());
    m.insert("name".into(), a.resource.name.clone().into());
    if a.key != crate::addr::InstanceKey::None {
        m.insert("index".into(), a.key.to_json());
    }
    m.insert("provider_name".into(), provider_name(rtype).into());
    m
}

fn change_json(before: Option<&Value>, after: Option<&Value>, actions: &[&str]) -> J {
    let shape = |v: Option<&Value>, f: fn(&Value) -> J, empty: J| v.map(f).unwrap_or(empty);
    json!({
        "actions": actions,
        "before": before.map(Value::to_json_masked).unwrap_or(J::Null),
        "after": after.map(Value::to_json_masked).unwrap_or(J::Null),
        "after_unknown": shape(after, Value::unknown_shape, json!({})),
        "before_sensitive": shape(before, Value::sensitive_shape, J::Bool(false)),
        "after_sensitive": shape(after, Value::sensitive_shape, J::Bool(false)),
    })
}

fn state_values(state: &State) -> J {
    let resources: Vec<J> = state
        .resources
        .values()
        .map(|r| {
            let mut m = resource_header(&r.address, &r.rtype);
            m.insert("schema_version".into(), 0.into());
            let v = crate::schema::catalog()
                .get(&r.rtype)
                .map(|s| super::planner::prior_value(s, &r.attributes, &r.sensitive_attributes))
                .unwrap_or_else(|| Value::from_json(&J::Object(r.attributes.clone())));
            m.insert("values".into(), v.to_json_masked());
            m.insert("sensitive_values".into(), v.sensitive_shape());
            m.insert("depends_on".into(), json!(r.dependencies));
            J::Object(m)
        })
        .collect();
    let outputs: Map<String, J> = state
        .outputs
        .iter()
        .map(|(k, o)| {
            let value = if o.sensitive { J::Null } else { o.value.clone() };
            (k.clone(), json!({"sensitive": o.sensitive, "value": value}))
        })
        .collect();
    json!({"outputs": outputs, "root_module": {"resources": resources}})
}

/// The plan as `show --json` prints it.
pub fn plan_json(plan: &Plan) -> J {
    let resource_changes: Vec<J> = plan
        .changes
        .iter()
        .map(|c| {
            let mut m = resource_header(&c.address, &c.rtype);
            if let Some(p) = &c.previous_address {
                m.insert("previous_address".into(), p.to_string().into());
            }
            if let Some(d) = &c.deposed {
                m.insert("deposed".into(), d.clone().into());
            }
            let mut ch = change_json(c.before.as_ref(), c.after.as_ref(), c.action.json_actions());
            ch["replace_paths"] = json!(c.replace_paths.iter().map(|p| vec![p]).collect::<Vec<_>>());
            if c.replace_paths.is_empty() {
                ch.as_object_mut().expect("object").remove("replace_paths");
            }
            if let Some(id) = &c.importing {
                ch["importing"] = json!({ "id": id });
            }
            m.insert("change".into(), ch);
            if let Some(r) = c.reason {
                m.insert("action_reason".into(), r.as_str().into());
            }
            if let Some(inv) = &c.invoke {
                m.insert("hadr_action".into(), json!({"name": inv.name, "params": inv.params}));
            }
            J::Object(m)
        })
        .collect();
    let drift: Vec<J> = plan
        .drift
        .iter()
        .map(|d| {
            let mut m = resource_header(&d.address, &d.rtype);
            let actions: &[&str] = if d.after.is_some() { &["update"] } else { &["delete"] };
            m.insert("change".into(), change_json(d.before.as_ref(), d.after.as_ref(), actions));
            J::Object(m)
        })
        .collect();
    let planned_resources: Vec<J> = plan
        .changes
        .iter()
        .filter(|c| c.after.is_some() && c.deposed.is_none())
        .map(|c| {
            let mut m = resource_header(&c.address, &c.rtype);
            m.insert("schema_version".into(), 0.into());
            let after = c.after.as_ref().expect("filtered");
            m.insert("values".into(), after.to_json_masked());
            m.insert("sensitive_values".into(), after.sensitive_shape());
            J::Object(m)
        })
        .collect();
    let mut planned_outputs = Map::new();
    let mut output_changes = Map::new();
    for o in &plan.outputs {
        if let Some(a) = &o.after {
            let mut po = json!({"sensitive": o.sensitive});
            if a.is_known() {
                po["value"] = a.to_json_masked();
            }
            planned_outputs.insert(o.name.clone(), po);
        }
        output_changes.insert(o.name.clone(), change_json(o.before.as_ref(), o.after.as_ref(), o.action.json_actions()));
    }
    let variables: Map<String, J> = plan
        .variables
        .iter()
        .map(|(k, v)| {
            let val = Value::from_tagged(v);
            (k.clone(), json!({"value": val.to_json_masked()}))
        })
        .collect();
    let mut out = json!({
        "format_version": "1.2",
        "terraform_version": plan.hadr_version,
        "hadr_version": plan.hadr_version,
        "variables": variables,
        "planned_values": {"outputs": planned_outputs, "root_module": {"resources": planned_resources}},
        "resource_drift": drift,
        "resource_changes": resource_changes,
        "output_changes": output_changes,
        "prior_state": {"format_version": "1.0", "terraform_version": plan.hadr_version, "values": state_values(&plan.prior_state)},
        "configuration": {"root_module": {}},
        "relevant_attributes": [],
        "timestamp": plan.created,
        "applyable": plan.has_changes() && !plan.errored,
        "complete": true,
        "errored": plan.errored,
    });
    if let Some(dr) = &plan.dr {
        out["hadr_dr"] = dr.clone();
    }
    out
}

/// The state as `show --json` prints it (Terraform's state representation).
pub fn state_json(state: &State) -> J {
    json!({
        "format_version": "1.0",
        "terraform_version": env!("CARGO_PKG_VERSION"),
        "values": state_values(state),
    })
}
