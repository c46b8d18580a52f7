//! Drills: a test failover that leaves production untouched (Site Recovery
//! test failover into an isolated network, a backup restore into a scratch
//! cluster, read checks against the SQL secondary), and its cleanup.
//! Nothing is recorded in the state; `.hadr/drill.json` remembers what to undo.

use super::estimate::{Estimate, rto};
use super::steps::{Mode, Step, StepKind};
use super::switch::{DrPlan, SwitchKind, world_of};
use super::{DrDeclared, DrState};
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use crate::plan::planner::{PlanRequest, make_plan};
use crate::plan::{Plan, PlanAction};
use crate::provider::ActionRequest;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a drill made, to undo: (address, cleanup action).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DrillRecord {
    pub undo: Vec<(String, String)>,
}

pub fn record_path(dir: &Path) -> PathBuf {
    dir.join(".hadr").join("drill.json")
}

pub fn read_record(dir: &Path) -> Option<DrillRecord> {
    std::fs::read(record_path(dir)).ok().and_then(|b| serde_json::from_slice(&b).ok())
}

/// After a drill is applied: what its cleanup must undo.
pub fn record_of(plan: &Plan, dr: &DrPlan) -> DrillRecord {
    let undo = dr
        .steps
        .iter()
        .filter_map(|s| match &s.kind {
            StepKind::Invoke { action } => {
                let undo = match action.name.as_str() {
                    "testFailover" => "testFailoverCleanup",
                    "restore" => "restoreCleanup",
                    _ => return None,
                };
                Some((plan.changes[s.change].address.to_string(), undo.to_string()))
            }
            _ => None,
        })
        .collect();
    DrillRecord { undo }
}

fn attr(v: Option<&Value>, k: &str) -> Value {
    v.and_then(|v| v.get_attr(k)).cloned().unwrap_or(Value::Null).unmark_deep().0
}

pub async fn plan_drill(
    mut base: PlanRequest<'_>,
    decl: &DrDeclared,
    current: &DrState,
    cleanup: Option<DrillRecord>,
) -> Result<(Plan, Diagnostics), Diagnostics> {
    base.extra_roots = decl.roots(current);
    let (mut plan, warnings) = make_plan(base).await?;
    let pending: Vec<String> = plan.changes.iter().filter(|c| c.action != PlanAction::NoOp).map(|c| c.address.to_string()).collect();
    if !pending.is_empty() && cleanup.is_none() {
        return Err(Diagnostics(vec![
            Diagnostic::error("Pending changes: apply them before a drill")
                .detail(format!("The configuration has changes not yet applied: {}.", pending.join(", ")))
                .hint("A drill tests the deployment as it is; run `hadr apply` first."),
        ]));
    }
    let world = world_of(decl, &plan);
    let invoke = |name: &str, params: serde_json::Value| StepKind::Invoke { action: ActionRequest { name: name.into(), params } };
    let mut steps = vec![];
    match &cleanup {
        None => {
            for (i, c) in plan.changes.iter().enumerate() {
                let after = c.after.as_ref();
                let schema = crate::schema::catalog().get(&c.rtype).expect("known type");
                let est = |a: &str| super::steps::action_estimate(schema, a);
                match c.rtype.as_str() {
                    "azure_site_recovery_replicated_vm" => {
                        let net = match attr(after, "target_network_id") {
                            Value::String(s) => s,
                            _ => String::new(),
                        };
                        steps.push(Step {
                            phase: 3,
                            change: i,
                            kind: invoke("testFailover", serde_json::json!({ "network_id": net })),
                            after: vec![],
                            estimate_s: est("testFailover"),
                            region: Some(current.passive.clone()),
                            skipped: None,
                            label: format!("testFailover {} into an isolated network in {}", c.address, current.passive),
                        });
                    }
                    "azure_backup_instance_kubernetes" if world.region_of(&c.address).as_deref() == Some(current.active.as_str()) => {
                        let scratch = world
                            .objects
                            .iter()
                            .find(|(a, o)| {
                                o.rtype == "azure_kubernetes_cluster" && world.region_of(a).as_deref() == Some(current.passive.as_str())
                            })
                            .and_then(|(_, o)| o.attrs.get("id").and_then(Value::as_str).map(|id| format!("{id}-drill")));
                        if let Some(target) = scratch {
                            steps.push(Step {
                                phase: 3,
                                change: i,
                                kind: invoke("restore", serde_json::json!({ "target_cluster_id": target, "scratch": true })),
                                after: vec![],
                                estimate_s: est("restore"),
                                region: Some(current.passive.clone()),
                                skipped: None,
                                label: format!("restore {} into a scratch cluster in {}", c.address, current.passive),
                            });
                        }
                    }
                    "azure_sql_failover_group" => steps.push(Step {
                        phase: 4,
                        change: i,
                        kind: invoke("probe", serde_json::json!({ "seconds": 10 })),
                        after: vec![],
                        estimate_s: 10.0,
                        region: Some(current.passive.clone()),
                        skipped: None,
                        label: format!("read check against the secondary of {}", c.address),
                    }),
                    _ => {}
                }
            }
        }
        Some(rec) => {
            for (addr, action) in &rec.undo {
                if let Some(i) = plan.changes.iter().position(|c| c.address.to_string() == *addr) {
                    let schema = crate::schema::catalog().get(&plan.changes[i].rtype).expect("known type");
                    steps.push(Step {
                        phase: 3,
                        change: i,
                        kind: invoke(action, serde_json::Value::Null),
                        after: vec![],
                        estimate_s: super::steps::action_estimate(schema, action).max(60.0),
                        region: Some(current.passive.clone()),
                        skipped: None,
                        label: format!("{action} {addr}"),
                    });
                }
            }
        }
    }
    let (_, rto_est) = rto(&steps, None);
    let dr = DrPlan {
        kind: if cleanup.is_some() { SwitchKind::DrillCleanup } else { SwitchKind::Drill },
        mode: Mode::Planned,
        from: current.passive.clone(),
        to: current.active.clone(),
        steps,
        rto: rto_est,
        rpo: Estimate { seconds: 0.0, because: vec![], objective_s: None },
        state_change: current.clone(),
        roots: Value::Map(decl.roots(current).into_iter().collect()).to_json(),
    };
    plan.dr = Some(serde_json::to_value(&dr).unwrap_or_default());
    Ok((plan, warnings))
}
