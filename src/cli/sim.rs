//! `hadr sim`: the simulated cloud behind hadr's back (list its objects,
//! change or delete one to make drift, take a region down and back).

use super::SimCommand;
use super::commands::{CmdResult, one};
use crate::diag::{Diagnostic, Diagnostics};
use crate::provider::sim::SimCloud;
use crate::state::StateStore;
use std::path::{Path, PathBuf};

pub(super) async fn sim_cmd(cmd: SimCommand) -> CmdResult {
    let open = |dir: &Option<PathBuf>| {
        let d = dir.clone().unwrap_or_else(|| PathBuf::from("."));
        SimCloud::open(&d).map_err(|e| one(Diagnostic::error("Cannot open the simulated cloud").detail(e))).map(|s| (s, d))
    };
    let fail = |e: String| one(Diagnostic::error(e));
    match cmd {
        SimCommand::List { dir, json } => {
            let (sim, _) = open(&dir)?;
            let objects = sim.list().map_err(fail)?;
            if json {
                let v: Vec<serde_json::Value> =
                    objects.iter().map(|o| serde_json::json!({"id": o.id, "type": o.rtype, "attributes": o.attributes})).collect();
                println!("{}", serde_json::Value::Array(v));
            } else {
                for o in objects {
                    println!("{}\t{}", o.rtype, o.id);
                }
            }
        }
        SimCommand::Set { object, set, dir } => {
            let (sim, d) = open(&dir)?;
            let id = object_id(&object, &d)?;
            let mut patch = crate::provider::Attrs::new();
            for s in set {
                let Some((k, v)) = s.split_once('=') else {
                    return Err(one(Diagnostic::error(format!("--set {s}: expected NAME=JSON"))
                        .hint("e.g. --set 'tags={\"env\":\"prod\"}' or --set sku=Premium")));
                };
                let v = serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.to_string()));
                patch.insert(k.to_string(), v);
            }
            sim.set_attributes(&id, &patch).map_err(fail)?;
            println!("Changed {id} behind hadr's back.");
        }
        SimCommand::Delete { object, dir } => {
            let (sim, d) = open(&dir)?;
            let id = object_id(&object, &d)?;
            if !sim.remove(&id).map_err(fail)? {
                return Err(one(Diagnostic::error(format!("No simulated object {id}"))));
            }
            println!("Deleted {id} behind hadr's back.");
        }
        SimCommand::Outage { region, dir } => {
            let (sim, _) = open(&dir)?;
            sim.set_outage(&region, true).map_err(fail)?;
            println!("Region {region} is down: operations on it fail until `hadr sim recover {region}`.");
        }
        SimCommand::Recover { region, dir } => {
            let (sim, _) = open(&dir)?;
            sim.set_outage(&region, false).map_err(fail)?;
            println!("Region {region} is back.");
        }
    }
    Ok(0)
}

/// An object id, or the id recorded in state for a resource address.
fn object_id(object: &str, dir: &Path) -> Result<String, Diagnostics> {
    if object.starts_with('/') || uuid::Uuid::parse_str(object).is_ok() {
        return Ok(object.to_string());
    }
    let addr = crate::addr::InstanceAddress::parse(object).map_err(|e| one(Diagnostic::error(e)))?;
    let (state, _) = StateStore::new(dir).load().map_err(one)?;
    state.resources.get(&addr).map(|r| r.id.clone()).ok_or_else(|| {
        one(Diagnostic::error(format!("{addr} is not in the state"))
            .hint("Pass the object's id, or an address listed by `hadr state list`."))
    })
}
