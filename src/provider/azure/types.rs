//! What the schema's attribute → path mapping cannot say: value conversions,
//! fixed body parts and derived attributes, per type (`schemas/README.md`,
//! "Value conversions…" and "Fixed body parts"). Both directions live here so
//! the provider and the emulator cannot drift apart.

use super::body::Direction;
use super::path;
use crate::provider::Attrs;
use crate::schema::ResourceSchema;
use serde_json::{Map, Value, json};

/// bool attributes that ARM spells "Enabled" / "Disabled".
const ENABLED_DISABLED: &[(&str, &str)] = &[
    ("azure_sql_server", "public_network_access_enabled"),
    ("azure_recovery_services_vault", "public_network_access_enabled"),
    ("azure_recovery_services_vault", "cross_region_restore_enabled"),
    ("azure_recovery_services_vault", "soft_delete_enabled"),
    ("azure_storage_account", "public_network_access_enabled"),
    ("azure_sql_failover_group", "readonly_endpoint_failover_policy_enabled"),
    ("azure_traffic_manager_endpoint", "enabled"),
    ("azure_traffic_manager_endpoint", "always_serve_enabled"),
    ("azure_backup_vault", "cross_region_restore_enabled"),
];

const GIB: u64 = 1_073_741_824;

/// Paths the PUT body definition does not have: they only appear in
/// responses (the response definition differs for these two types).
pub fn response_only(schema: &ResourceSchema, arm: &str) -> bool {
    match schema.name.as_str() {
        "azure_site_recovery_replicated_vm" => {
            ["properties.protectionState", "properties.activeLocation", "properties.replicationHealth"].contains(&arm)
        }
        "azure_storage_account" => arm.starts_with("properties.primary") || arm.starts_with("properties.secondary"),
        _ => false,
    }
}

/// Attributes without a path that are computed from the body.
pub fn derived(schema: &ResourceSchema, name: &str) -> bool {
    matches!((schema.name.as_str(), name), ("azure_storage_account", "account_tier") | ("azure_sql_failover_group", "primary_server_id"))
}

fn str_of<'a>(attrs: &'a Attrs, k: &str) -> Option<&'a str> {
    attrs.get(k).and_then(Value::as_str)
}

/// The subscription named by an ARM id.
pub fn subscription_of(id: &str) -> &str {
    let mut segs = id.trim_start_matches('/').split('/');
    match (segs.next(), segs.next()) {
        (Some(s), Some(sub)) if s.eq_ignore_ascii_case("subscriptions") => sub,
        _ => "",
    }
}

/// A hadr value → its ARM path and value.
pub fn value_out(schema: &ResourceSchema, name: &str, arm: &str, v: Value, attrs: &Attrs, id: &str) -> (String, Value) {
    let t = schema.name.as_str();
    let v = match (t, name, &v) {
        _ if ENABLED_DISABLED.contains(&(t, name)) => match v {
            Value::Bool(b) => json!(if b { "Enabled" } else { "Disabled" }),
            other => other,
        },
        ("azure_sql_database", "max_size_gb", Value::Number(n)) => {
            json!(n.as_f64().map_or(0, |g| (g * GIB as f64).round() as u64))
        }
        ("azure_storage_account", "account_replication_type", Value::String(r)) => {
            json!(format!("{}_{r}", str_of(attrs, "account_tier").unwrap_or("Standard")))
        }
        ("azure_backup_instance_kubernetes", "snapshot_resource_group_name", Value::String(rg)) => {
            json!(format!("/subscriptions/{}/resourceGroups/{rg}", subscription_of(id)))
        }
        _ => v,
    };
    (arm.to_string(), v)
}

/// An ARM value read at an attribute's path → the hadr value.
pub fn value_in(schema: &ResourceSchema, name: &str, v: Value, body: &Value) -> Value {
    let t = schema.name.as_str();
    match (t, name, &v) {
        _ if ENABLED_DISABLED.contains(&(t, name)) => match v.as_str() {
            Some(s) if s.eq_ignore_ascii_case("enabled") => json!(true),
            Some(s) if s.eq_ignore_ascii_case("disabled") => json!(false),
            _ => v,
        },
        ("azure_sql_database", "max_size_gb", Value::Number(n)) => {
            let gb = n.as_f64().unwrap_or(0.0) / GIB as f64;
            if gb.fract() == 0.0 { json!(gb as u64) } else { json!(gb) }
        }
        // ARM echoes sku {name: "Standard", capacity: 10} and reports the objective separately.
        ("azure_sql_database", "sku_name", _) => path::get(body, "properties.currentServiceObjectiveName").unwrap_or(v),
        ("azure_storage_account", "account_replication_type", Value::String(s)) => {
            json!(s.split_once('_').map_or(s.as_str(), |(_, r)| r))
        }
        ("azure_backup_instance_kubernetes", "snapshot_resource_group_name", Value::String(s)) => {
            json!(s.rsplit('/').next().unwrap_or(s))
        }
        _ => v,
    }
}

/// Attributes computed from the body rather than read at a path.
pub fn derive_in(schema: &ResourceSchema, attrs: &mut Attrs, body: &Value) {
    match schema.name.as_str() {
        "azure_storage_account" => {
            let tier = path::get(body, "sku.name").and_then(|s| s.as_str().and_then(|s| s.split_once('_')).map(|(t, _)| json!(t)));
            attrs.insert("account_tier".into(), tier.unwrap_or(Value::Null));
        }
        // The group is seen from the server it was created on: when that
        // server is Secondary, the partner is primary.
        "azure_sql_failover_group" => {
            let secondary = str_of(attrs, "role").is_some_and(|r| r.eq_ignore_ascii_case("secondary"));
            let primary = if secondary { attrs.get("partner_server_id") } else { attrs.get("server_id") };
            attrs.insert("primary_server_id".into(), primary.cloned().unwrap_or(Value::Null));
        }
        _ => {}
    }
}

/// The fixed parts a body starts from, before attributes are written into it.
pub fn skeleton(schema: &ResourceSchema, attrs: &Attrs, id: &str) -> Value {
    let name = id.rsplit('/').next().unwrap_or_default();
    match schema.name.as_str() {
        "azure_application_gateway" => {
            let r = |c: &str, n: &str| json!({"id": format!("{id}/{c}/{n}")});
            json!({"properties": {
                "gatewayIPConfigurations": [{"name": "gwip", "properties": {}}],
                "frontendIPConfigurations": [{"name": "fip", "properties": {}}],
                "frontendPorts": [{"name": "port", "properties": {}}],
                "backendAddressPools": [{"name": "pool", "properties": {}}],
                "backendHttpSettingsCollection": [{"name": "bhs", "properties": {}}],
                "httpListeners": [{"name": "listener", "properties": {
                    "frontendIPConfiguration": r("frontendIPConfigurations", "fip"),
                    "frontendPort": r("frontendPorts", "port")}}],
                "requestRoutingRules": [{"name": "rule", "properties": {
                    "ruleType": "Basic",
                    "httpListener": r("httpListeners", "listener"),
                    "backendAddressPool": r("backendAddressPools", "pool"),
                    "backendHttpSettings": r("backendHttpSettingsCollection", "bhs")}}]}})
        }
        "azure_kubernetes_cluster" => json!({"sku": {"name": "Base"},
            "properties": {"agentPoolProfiles": [{"type": "VirtualMachineScaleSets", "osType": "Linux"}]}}),
        "azure_virtual_machine" => {
            let user = str_of(attrs, "admin_username").unwrap_or("azureuser");
            json!({"properties": {
                "storageProfile": {"osDisk": {"createOption": "FromImage"}},
                "osProfile": {"linuxConfiguration": {"ssh": {"publicKeys": [{"path": format!("/home/{user}/.ssh/authorized_keys")}]}}}}})
        }
        "azure_site_recovery_replicated_vm" => json!({"properties": {"providerSpecificDetails": {"instanceType": "A2A"}}}),
        "azure_backup_policy" => {
            let ds = str_of(attrs, "datastore_type").unwrap_or("OperationalStore");
            let store = json!({"objectType": "DataStoreInfoBase", "dataStoreType": ds});
            json!({"properties": {"objectType": "BackupPolicy",
                "datasourceTypes": ["Microsoft.ContainerService/managedClusters"],
                "policyRules": [
                    {"name": "BackupHourly", "objectType": "AzureBackupRule",
                     "backupParameters": {"objectType": "AzureBackupParams", "backupType": "Incremental"},
                     "dataStore": store,
                     "trigger": {"objectType": "ScheduleBasedTriggerContext", "schedule": {},
                                 "taggingCriteria": [{"isDefault": true, "taggingPriority": 99, "tagInfo": {"tagName": "Default"}}]}},
                    {"name": "Default", "objectType": "AzureRetentionRule", "isDefault": true,
                     "lifecycles": [{"deleteAfter": {"objectType": "AbsoluteDeleteOption"},
                                     "sourceDataStore": store, "targetDataStoreCopySettings": []}]}]}})
        }
        "azure_backup_instance_kubernetes" => {
            let cluster = str_of(attrs, "kubernetes_cluster_id").unwrap_or_default();
            let source = |kind: &str| {
                let mut d = json!({"objectType": kind, "resourceID": cluster, "resourceUri": cluster,
                    "datasourceType": "Microsoft.ContainerService/managedClusters",
                    "resourceType": "Microsoft.ContainerService/managedClusters",
                    "resourceName": cluster.rsplit('/').next().unwrap_or_default()});
                if let Some(l) = str_of(attrs, "location") {
                    d["resourceLocation"] = json!(l);
                }
                d
            };
            json!({"properties": {"objectType": "BackupInstance", "friendlyName": name,
                "dataSourceInfo": source("Datasource"), "dataSourceSetInfo": source("DatasourceSet"),
                "policyInfo": {"policyParameters": {
                    "dataStoreParametersList": [{"objectType": "AzureOperationalStoreParameters", "dataStoreType": "OperationalStore"}],
                    "backupDatasourceParametersList": [{"objectType": "KubernetesClusterBackupDatasourceParameters"}]}}}})
        }
        "azure_traffic_manager_profile" => json!({"location": "global"}),
        _ => json!({}),
    }
}

/// Fixed parts that depend on the attributes written.
pub fn finish(schema: &ResourceSchema, body: &mut Value, attrs: &Attrs, id: &str, dir: Direction) {
    match schema.name.as_str() {
        "azure_virtual_machine" => {
            if let Some(Value::Array(nics)) = body.pointer_mut("/properties/networkProfile/networkInterfaces")
                && let Some(first) = nics.first_mut()
            {
                path::set(first, "properties.primary", json!(true));
            }
            if path::get(body, "properties.networkProfile.networkInterfaceConfigurations").is_some() {
                let name = id.rsplit('/').next().unwrap_or_default();
                path::set(body, "properties.networkProfile.networkApiVersion", json!("2020-11-01"));
                let nic = "properties.networkProfile.networkInterfaceConfigurations[0]";
                path::set(body, &format!("{nic}.name"), json!(format!("{name}-nic")));
                path::set(body, &format!("{nic}.properties.primary"), json!(true));
                path::set(body, &format!("{nic}.properties.ipConfigurations[0].name"), json!("ipconfig1"));
            }
        }
        "azure_sql_database" if dir == Direction::Response => {
            if let Some(sku) = attrs.get("sku_name").filter(|v| !v.is_null()) {
                path::set(body, "properties.currentServiceObjectiveName", sku.clone());
            }
        }
        // Answer from the creating server's side: its role follows the current primary.
        "azure_sql_failover_group" if dir == Direction::Response => {
            if let (Some(primary), Some(server)) = (str_of(attrs, "primary_server_id"), str_of(attrs, "server_id")) {
                let here = primary.eq_ignore_ascii_case(server);
                path::set(body, "properties.replicationRole", json!(if here { "Primary" } else { "Secondary" }));
                path::set(body, "properties.partnerServers[0].replicationRole", json!(if here { "Secondary" } else { "Primary" }));
            }
        }
        _ => {}
    }
}

/// Envelope keys that are not part of an `azure_resource`'s `body`.
const ENVELOPE: &[&str] = &["id", "name", "type", "location", "tags", "etag", "systemData"];

/// `azure_resource`: `body` merged at the root, as azapi does.
pub fn generic_to_arm(attrs: &Attrs, id: &str, dir: Direction) -> Value {
    let mut body = match attrs.get("body") {
        Some(Value::Object(o)) => o.clone(),
        _ => Map::new(),
    };
    for k in ["location", "tags"] {
        if let Some(v) = attrs.get(k).filter(|v| !v.is_null()) {
            body.insert(k.into(), v.clone());
        }
    }
    if dir == Direction::Response {
        body.insert("id".into(), id.into());
        body.insert("name".into(), id.rsplit('/').next().unwrap_or_default().into());
        let t = str_of(attrs, "type").map(|t| t.split('@').next().unwrap_or(t).to_string());
        body.insert("type".into(), t.or_else(|| crate::provider::arm_resource_type(id)).unwrap_or_default().into());
    }
    Value::Object(body)
}

/// `azure_resource` from a body: the body without its envelope, and `output`
/// as the whole answer. `type` keeps no api-version (the id does not carry one).
pub fn generic_from_arm(body: &Value, id: &str) -> Attrs {
    let mut attrs = Attrs::new();
    let rest: Map<String, Value> = body
        .as_object()
        .map(|o| o.iter().filter(|(k, _)| !ENVELOPE.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    attrs.insert("id".into(), id.into());
    attrs.insert("name".into(), id.rsplit('/').next().unwrap_or_default().into());
    attrs.insert("type".into(), crate::provider::arm_resource_type(id).map(Value::from).unwrap_or(Value::Null));
    attrs.insert("parent_id".into(), generic_parent(id).map(Value::from).unwrap_or(Value::Null));
    attrs.insert("location".into(), body.get("location").cloned().unwrap_or(Value::Null));
    attrs.insert("tags".into(), body.get("tags").cloned().unwrap_or(Value::Null));
    attrs.insert("output".into(), Value::Object(rest.clone()));
    attrs.insert("body".into(), Value::Object(rest));
    attrs
}

/// The `parent_id` an `azure_resource` id was built from (see `generic_arm_id`).
pub fn generic_parent(id: &str) -> Option<String> {
    let segs: Vec<&str> = id.trim_end_matches('/').split('/').collect();
    let n = segs.len();
    if n < 3 {
        return None;
    }
    let before = &segs[..n - 2];
    let p = before.iter().rposition(|s| s.eq_ignore_ascii_case("providers"))?;
    // `{parent}/providers/NS/type/name`: the parent is what precedes `providers`.
    if p + 2 == before.len() {
        return Some(segs[..p].join("/"));
    }
    Some(before.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_parents() {
        let rg = "/subscriptions/s/resourceGroups/rg";
        assert_eq!(generic_parent(&format!("{rg}/providers/Microsoft.Network/dnsZones/z")).as_deref(), Some(rg));
        let vault = format!("{rg}/providers/Microsoft.RecoveryServices/vaults/v");
        assert_eq!(generic_parent(&format!("{vault}/replicationPolicies/p")), Some(vault.clone()));
        assert_eq!(generic_parent(&format!("{vault}/providers/Microsoft.Authorization/locks/l")), Some(vault));
    }
}
