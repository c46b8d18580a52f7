//! ARM ids: predicting them, finding an object's parent, naming them in messages.

use super::SUBSCRIPTION_ID;
use crate::provider::{Attrs, arm_parent};
use crate::schema::ResourceSchema;
use serde_json::Value;

/// What a parent id names, as far as existence checks care.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Scope<'a> {
    /// The tenant root, or not an ARM id at all: nothing to check.
    Root,
    Subscription(&'a str),
    ResourceGroup(&'a str),
    /// Any other object, which must exist in the simulator.
    Resource,
}

fn segments(id: &str) -> Vec<&str> {
    id.trim_matches('/').split('/').collect()
}

pub(super) fn scope(id: &str) -> Scope<'_> {
    let s = segments(id);
    let is = |i: usize, word: &str| s.get(i).is_some_and(|x| x.eq_ignore_ascii_case(word));
    match s.len() {
        _ if !id.starts_with('/') || s == [""] => Scope::Root,
        2 if is(0, "subscriptions") => Scope::Subscription(s[1]),
        4 if is(0, "subscriptions") && is(2, "resourceGroups") => Scope::ResourceGroup(s[3]),
        _ => Scope::Resource,
    }
}

/// The id an object gets (shared with the azure provider, see `predict_arm_id`).
pub(super) fn predict(schema: &ResourceSchema, config: &Attrs) -> Option<String> {
    crate::provider::predict_arm_id(schema, config, SUBSCRIPTION_ID)
}

#[cfg(test)]
fn generic_id(config: &Attrs) -> Option<String> {
    crate::provider::generic_arm_id(config)
}

/// The object's parent. A template that starts with another object's id
/// (`{virtual_network_id}/subnets/{name}`, `{kubernetes_cluster_id}/workloads/{namespace}/{name}`)
/// names it; otherwise it is the ARM parent of the id.
pub(super) fn parent_of(schema: &ResourceSchema, config: &Attrs, id: &str) -> Option<String> {
    let template = schema.arm.as_ref().map_or("", |a| a.id.as_str());
    if let Some(key) = template.strip_prefix('{').and_then(|t| t.split_once('}')).map(|(k, _)| k)
        && key != "subscription_id"
        && let Some(parent) = config.get(key).and_then(Value::as_str)
    {
        return Some(parent.trim_end_matches('/').to_string());
    }
    arm_parent(id)
}

/// "'Microsoft.Network/virtualNetworks/v' under resource group 'rg'", as ARM words a missing resource.
pub(super) fn describe(id: &str) -> String {
    let s = segments(id);
    let after = |word: &str| s.iter().position(|x| x.eq_ignore_ascii_case(word)).map(|i| i + 1);
    match (after("providers"), after("resourceGroups").and_then(|i| s.get(i))) {
        (Some(p), Some(rg)) if p < s.len() => format!("'{}' under resource group '{rg}'", s[p..].join("/")),
        _ => format!("'{id}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attrs(v: Value) -> Attrs {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn scopes() {
        assert_eq!(scope("/subscriptions/s"), Scope::Subscription("s"));
        assert_eq!(scope("/subscriptions/s/resourcegroups/rg"), Scope::ResourceGroup("rg"));
        assert_eq!(scope("/subscriptions/s/resourceGroups/rg/providers/A.B/c/d"), Scope::Resource);
        assert_eq!(scope("/"), Scope::Root);
        assert_eq!(scope("5f0c9b1e-0000-4000-8000-000000000000"), Scope::Root);
    }

    #[test]
    fn generic_ids_follow_arm() {
        let rg = "/subscriptions/s/resourceGroups/rg";
        let top = attrs(json!({"type": "Microsoft.Network/dnsZones@2018-05-01", "parent_id": rg, "name": "example.com"}));
        assert_eq!(generic_id(&top).unwrap(), format!("{rg}/providers/Microsoft.Network/dnsZones/example.com"));
        let vault = format!("{rg}/providers/Microsoft.RecoveryServices/vaults/v");
        let child =
            attrs(json!({"type": "Microsoft.RecoveryServices/vaults/replicationPolicies@2025-01-01", "parent_id": vault, "name": "p"}));
        assert_eq!(generic_id(&child).unwrap(), format!("{vault}/replicationPolicies/p"));
        let ext = attrs(json!({"type": "Microsoft.Authorization/locks@2020-05-01", "parent_id": vault, "name": "l"}));
        assert_eq!(generic_id(&ext).unwrap(), format!("{vault}/providers/Microsoft.Authorization/locks/l"));
        assert_eq!(generic_id(&attrs(json!({"type": "Microsoft.X", "parent_id": rg, "name": "n"}))), None);
    }

    #[test]
    fn descriptions() {
        let v = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v";
        assert_eq!(describe(v), "'Microsoft.Network/virtualNetworks/v' under resource group 'rg'");
        assert_eq!(describe("abc"), "'abc'");
    }
}
