//! Fixtures: inline schemas (independent of `schemas/`), temporary work dirs.

mod arm_rules;
mod attributes;
mod persistence;

use super::{SUBSCRIPTION_ID, SimCloud, Timing};
use crate::provider::{Attrs, Provider, ProviderError};
use crate::schema::{ResourceSchema, parse_schema};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A work dir under the system temp dir, removed on drop.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("hadr-sim-{name}-{}-{}", std::process::id(), uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A simulated cloud on this dir that never waits.
    pub fn cloud(&self) -> SimCloud {
        SimCloud::open_with(&self.0, Timing::instant()).unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) fn attrs(v: Value) -> Attrs {
    v.as_object().cloned().expect("an object")
}

pub(super) fn schema(v: Value) -> ResourceSchema {
    parse_schema(&v.to_string()).unwrap()
}

pub(super) fn rg_schema() -> ResourceSchema {
    schema(json!({
        "type": "azure_resource_group",
        "arm": {"type": "Microsoft.Resources/resourceGroups", "id": "/subscriptions/{subscription_id}/resourceGroups/{name}"},
        "durations": {"create": 2, "update": 2, "delete": 120},
        "attributes": {
            "name": {"type": "string", "required": true, "force_new": true},
            "location": {"type": "string", "required": true, "force_new": true},
            "tags": {"type": "map(string)", "optional": true},
            "id": {"type": "string", "computed": true}
        }
    }))
}

pub(super) fn vnet_schema() -> ResourceSchema {
    schema(json!({
        "type": "azure_virtual_network",
        "arm": {
            "type": "Microsoft.Network/virtualNetworks",
            "id": "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}/providers/Microsoft.Network/virtualNetworks/{name}"
        },
        "durations": {"create": 5, "update": 5, "delete": 10},
        "attributes": {
            "name": {"type": "string", "required": true, "force_new": true},
            "resource_group_name": {"type": "string", "required": true, "force_new": true},
            "location": {"type": "string", "required": true, "force_new": true},
            "address_space": {"type": "list(string)", "required": true},
            "id": {"type": "string", "computed": true},
            "provisioning_state": {"type": "string", "computed": true}
        }
    }))
}

pub(super) fn subnet_schema() -> ResourceSchema {
    schema(json!({
        "type": "azure_subnet",
        "arm": {"type": "Microsoft.Network/virtualNetworks/subnets", "id": "{virtual_network_id}/subnets/{name}"},
        "durations": {"create": 10, "update": 10, "delete": 10},
        "attributes": {
            "name": {"type": "string", "required": true, "force_new": true},
            "virtual_network_id": {"type": "string", "required": true, "force_new": true},
            "address_prefixes": {"type": "list(string)", "required": true},
            "id": {"type": "string", "computed": true}
        }
    }))
}

pub(super) fn data_schema() -> ResourceSchema {
    schema(json!({
        "type": "terraform_data",
        "durations": {"create": 0, "update": 0, "delete": 0},
        "attributes": {
            "input": {"type": "any", "optional": true},
            "output": {"type": "any", "computed": true, "sim_value": "{input}"},
            "triggers_replace": {"type": "any", "optional": true, "force_new": true},
            "id": {"type": "string", "computed": true}
        }
    }))
}

pub(super) const RG: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app";

pub(super) fn vnet_config(rg: &str, name: &str, location: &str) -> Attrs {
    attrs(json!({"name": name, "resource_group_name": rg, "location": location, "address_space": ["10.0.0.0/16"]}))
}

/// Creates what `config` describes at its predicted id.
pub(super) async fn create(sim: &SimCloud, schema: &ResourceSchema, config: Attrs) -> Result<Attrs, ProviderError> {
    let id = sim.predict_id(schema, &config);
    sim.create(schema, id.as_deref(), &config).await
}

/// rg-app (westeurope) → vnet1 ("West Europe") → subnet a; returns the three ids.
pub(super) async fn network(sim: &SimCloud) -> (String, String, String) {
    let rg = create(sim, &rg_schema(), attrs(json!({"name": "rg-app", "location": "westeurope"}))).await.unwrap();
    let vnet = create(sim, &vnet_schema(), vnet_config("rg-app", "vnet1", "West Europe")).await.unwrap();
    let vnet_id = vnet["id"].as_str().unwrap().to_string();
    let subnet_config = attrs(json!({"name": "a", "virtual_network_id": vnet_id, "address_prefixes": ["10.0.1.0/24"]}));
    let subnet = create(sim, &subnet_schema(), subnet_config).await.unwrap();
    let id = |a: &Attrs| a["id"].as_str().unwrap().to_string();
    assert!(id(&rg).starts_with(&format!("/subscriptions/{SUBSCRIPTION_ID}/")));
    (id(&rg), vnet_id, id(&subnet))
}
