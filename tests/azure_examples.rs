//! Every official example request (`azure-rest-api-specs/**/examples/`) of a
//! PUT for a type in `schemas/` is accepted by the emulator, over HTTP.

mod azure_common;
mod common;
use azure_common::Emulator;
use common::{Work, repo};
use serde_json::{Value, json};
use std::path::Path;

const SUB: &str = "00000000-0000-0000-0000-000000000000";

fn load(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_default()).unwrap_or(Value::Null)
}

/// `Namespace/type[/child…]` of a spec path template (or `Microsoft.Resources/resourceGroups`).
fn template_type(path: &str) -> String {
    let s: Vec<&str> = path.trim_matches('/').split('/').collect();
    match s.iter().rposition(|x| x.eq_ignore_ascii_case("providers")) {
        Some(p) => std::iter::once(s[p + 1]).chain(s[p + 2..].iter().step_by(2).copied()).collect::<Vec<_>>().join("/"),
        None if s.len() == 4 => "Microsoft.Resources/resourceGroups".into(),
        None => String::new(),
    }
}

fn type_matches(pattern: &str, actual: &str) -> bool {
    let (p, a): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), actual.split('/').collect());
    p.len() == a.len() && p.iter().zip(&a).all(|(p, a)| p.starts_with('{') || a.starts_with('{') || p.eq_ignore_ascii_case(a))
}

/// A body that makes a parent resource valid, by its type's last segment.
fn parent_body(kind: &str) -> Option<(&'static str, Value)> {
    Some(match kind.to_ascii_lowercase().as_str() {
        "servers" => (
            "2023-08-01",
            json!({"location": "eastus", "properties": {"administratorLogin": "a", "administratorLoginPassword": "P@ssw0rd-1234"}}),
        ),
        "virtualnetworks" => {
            ("2024-07-01", json!({"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/8"]}}}))
        }
        "trafficmanagerprofiles" => (
            "2022-04-01",
            json!({"location": "global", "properties": {"trafficRoutingMethod": "Priority", "dnsConfig": {"relativeName": "x", "ttl": 30},
                "monitorConfig": {"protocol": "HTTP", "port": 80}}}),
        ),
        "vaults" => ("2025-02-01", json!({"location": "eastus", "sku": {"name": "Standard"}, "properties": {}})),
        "backupvaults" => (
            "2025-07-01",
            json!({"location": "eastus", "properties": {"storageSettings": [{"datastoreType": "VaultStore", "type": "LocallyRedundant"}]}}),
        ),
        "managedclusters" => (
            "2025-05-01",
            json!({"location": "eastus", "properties": {"dnsPrefix": "x", "agentPoolProfiles": [{"name": "system", "count": 1, "vmSize": "Standard_D2s_v5", "mode": "System"}]}}),
        ),
        "storageaccounts" => ("2023-05-01", json!({"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}})),
        "dnszones" => ("2018-05-01", json!({"location": "global"})),
        _ => ("2024-01-01", json!({"properties": {}})),
    })
}

/// PUTs the resource group and every ancestor of `id` below it.
fn create_parents(emu: &Emulator, id: &str) -> Result<(), String> {
    let s: Vec<&str> = id.trim_matches('/').split('/').collect();
    let rg = format!("/{}", s[..4].join("/"));
    let (st, _, b) = emu.request("PUT", &format!("{rg}?api-version=2024-03-01"), Some(r#"{"location":"eastus"}"#), &[]);
    if st >= 300 {
        return Err(format!("resource group: {st} {b}"));
    }
    let Some(p) = s.iter().rposition(|x| x.eq_ignore_ascii_case("providers")) else { return Ok(()) };
    let mut end = p + 4;
    while end + 2 <= s.len() {
        let parent = format!("/{}", s[..end].join("/"));
        let (api, body) = parent_body(s[end - 2]).unwrap();
        let (st, _, b) = emu.request("PUT", &format!("{parent}?api-version={api}"), Some(&body.to_string()), &[]);
        if st >= 300 {
            return Err(format!("parent {parent}: {st} {b}"));
        }
        end += 2;
    }
    Ok(())
}

#[test]
fn every_official_put_example_is_accepted() {
    // Without the specs nothing would be checked: that is a failure, not a pass.
    let specs =
        hadr::emulator::openapi::Specs::locate().expect("azure-rest-api-specs not found: put them in ../shared or set HADR_AZURE_SPECS");
    let w = Work::new("az-examples");
    let emu = Emulator::start(&w.dir.join("cloud"), 0, &[]);
    let (mut tried, mut failures) = (0, vec![]);
    let mut files: Vec<_> = std::fs::read_dir(repo().join("schemas"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let schema = load(&f);
        let (Some(spec), Some(arm_type), Some(api)) = (
            schema.pointer("/arm/spec").and_then(Value::as_str),
            schema.pointer("/arm/type").and_then(Value::as_str),
            schema.pointer("/arm/api_version").and_then(Value::as_str),
        ) else {
            continue;
        };
        let spec_path = specs.join(spec);
        let doc = load(&spec_path);
        for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
            let Some(put) = ops.get("put") else { continue };
            if !type_matches(arm_type, &template_type(path)) {
                continue;
            }
            let body_param = put["parameters"].as_array().into_iter().flatten().find_map(|p| {
                let p = match p.get("$ref").and_then(Value::as_str) {
                    Some(r) => doc.pointer(r.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
                    None => p.clone(),
                };
                (p["in"] == "body").then(|| p["name"].as_str().unwrap_or_default().to_string())
            });
            let Some(body_param) = body_param else { continue };
            for ex in put["x-ms-examples"].as_object().into_iter().flatten().filter_map(|(_, e)| e["$ref"].as_str()) {
                let example = load(&spec_path.parent().unwrap().join(ex));
                let params = &example["parameters"];
                let Some(body) = params.get(&body_param) else { continue };
                let mut url = path.clone();
                for (k, v) in params.as_object().into_iter().flatten() {
                    let v = if k == "subscriptionId" {
                        SUB.to_string()
                    } else {
                        v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())
                    };
                    url = url.replace(&format!("{{{k}}}"), &v);
                }
                url = url.replace("{subscriptionId}", SUB);
                if url.contains('{') {
                    failures.push(format!("{ex}: unfilled path {url}"));
                    continue;
                }
                tried += 1;
                if let Err(e) = create_parents(&emu, &url) {
                    failures.push(format!("{ex}: {e}"));
                    continue;
                }
                let target = format!("{}?api-version={api}", url.replace(' ', "%20"));
                let (st, _, b) = emu.request("PUT", &target, Some(&body.to_string()), &[]);
                if !(200..300).contains(&st) {
                    failures.push(format!("{ex} ({}): {st} {b}", schema["type"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {tried} examples rejected:\n{}", failures.len(), failures.join("\n"));
    // The copied specs carry a few examples per type (16 when this was written).
    assert!(tried >= 10, "only {tried} examples found");
}
