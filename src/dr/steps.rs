//! Turning a failover plan's changes into ordered steps.
//!
//! Phases (barriers between them; steps within a phase run in parallel):
//! 1 fence and drain the old active region, 2 switch the data tier, 3 bring
//! up compute in the new active region, 4 check its health, 5 switch traffic.

use super::world::World;
use crate::addr::InstanceAddress;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use crate::plan::{Plan, PlanAction, ResourceChange};
use crate::provider::{ActionRequest, Attrs, Operation, Provider};
use crate::schema::{ResourceSchema, catalog};
use serde::{Deserialize, Serialize};

pub const PHASES: [&str; 6] = [
    "",
    "fence and drain the old active region",
    "switch the data tier",
    "bring up compute in the new active region",
    "check the new active region's health",
    "switch traffic",
];

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepKind {
    Create,
    /// Apply the change's final configuration.
    Update,
    Delete,
    /// A temporary state that keeps a region out of service (endpoint disabled, lease released).
    Fence {
        patch: Attrs,
    },
    Invoke {
        action: ActionRequest,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Step {
    pub phase: u8,
    /// Index of the resource change this step acts on.
    pub change: usize,
    #[serde(flatten)]
    pub kind: StepKind,
    /// Steps of the same phase that must finish first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<usize>,
    pub estimate_s: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Why the step is not run (its region is unreachable): the fence is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    pub label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Planned,
    Forced,
}

pub struct SwitchContext<'a> {
    pub mode: Mode,
    pub from: &'a str,
    pub to: &'a str,
    /// Regions that do not answer (an outage).
    pub down: &'a [String],
    pub provider: &'a dyn Provider,
}

pub struct StepPlan {
    pub steps: Vec<Step>,
    /// Objects whose replication must be re-established after this switch.
    pub needs_reprotect: Vec<String>,
}

fn dr_field<'s>(schema: &'s ResourceSchema, k: &str) -> Option<&'s serde_json::Value> {
    schema.dr.as_ref()?.get(k)
}

pub fn action_estimate(schema: &ResourceSchema, action: &str) -> f64 {
    dr_field(schema, "estimates").and_then(|e| e.get(action)).and_then(|v| v.as_f64()).unwrap_or(schema.durations.update)
}

fn attr<'v>(v: Option<&'v Value>, k: &str) -> &'v Value {
    v.and_then(|v| v.get_attr(k)).unwrap_or(&Value::Null)
}

fn changed(c: &ResourceChange, schema: &ResourceSchema) -> Vec<String> {
    let keys = schema.attributes.iter().filter(|(_, a)| a.is_argument()).map(|(k, _)| k).chain(schema.blocks.keys());
    keys.filter(|k| {
        let (b, a) = (attr(c.before.as_ref(), k).clone().unmark_deep().0, attr(c.after.as_ref(), k).clone().unmark_deep().0);
        !(a.is_known() && crate::lang::eval::values_equal(&a, &b))
    })
    .cloned()
    .collect()
}

/// The physical region an object's API calls go to (containment, not references).
pub fn hosted_region(world: &World, addr: &InstanceAddress) -> Option<String> {
    const CONTAINERS: &[&str] =
        &["server_id", "kubernetes_cluster_id", "vm_id", "vault_id", "recovery_vault_id", "storage_account_id", "virtual_network_id"];
    let mut cur = addr.clone();
    for _ in 0..5 {
        let o = world.objects.get(&cur)?;
        if let Some(l) = o.attrs.get("location").and_then(Value::as_str) {
            return world.is_region(l);
        }
        let parent = CONTAINERS.iter().find_map(|k| o.attrs.get(*k).and_then(Value::as_str))?;
        cur = world.by_id(parent)?.clone();
    }
    None
}

/// Orders a failover's changes into phased steps.
pub fn build(plan: &Plan, ctx: &SwitchContext, world: &World) -> Result<StepPlan, Diagnostics> {
    let mut steps: Vec<Step> = vec![];
    let mut needs_reprotect = vec![];
    let mut diags = Diagnostics::default();
    let mut promotions: Vec<(usize, usize)> = vec![]; // (change, update step) of traffic in the new region
    for (i, c) in plan.changes.iter().enumerate() {
        if c.action == PlanAction::NoOp {
            continue;
        }
        let Some(schema) = catalog().get(&c.rtype) else { continue };
        let role = World::role(&c.rtype).unwrap_or_default();
        let region = world.region_of(&c.address);
        let hosted = hosted_region(world, &c.address);
        let down = hosted.as_ref().is_some_and(|r| ctx.down.contains(r));
        let skip = |kind: &StepKind| -> Option<String> {
            (down && !matches!(kind, StepKind::Invoke { .. }))
                .then(|| format!("fence pending: {} is unreachable", hosted.clone().unwrap_or_default()))
        };
        let in_old = region.as_deref() == Some(ctx.from);
        let push = |steps: &mut Vec<Step>, phase: u8, kind: StepKind, after: Vec<usize>, label: String| {
            let estimate_s = match &kind {
                StepKind::Invoke { action } => match action.name.as_str() {
                    "awaitPropagation" | "probe" => action.params["seconds"].as_f64().unwrap_or(0.0),
                    name => action_estimate(schema, name),
                },
                StepKind::Create => ctx.provider.estimate(schema, Operation::Create).as_secs_f64(),
                StepKind::Delete => ctx.provider.estimate(schema, Operation::Delete).as_secs_f64(),
                _ => ctx.provider.estimate(schema, Operation::Update).as_secs_f64(),
            };
            let skipped = skip(&kind);
            steps.push(Step { phase, change: i, kind, after, estimate_s, region: region.clone(), skipped, label });
            steps.len() - 1
        };
        match c.action {
            PlanAction::DeleteThenCreate | PlanAction::CreateThenDelete => {
                diags.push(
                    Diagnostic::error(format!("A failover must not replace {}", c.address))
                        .detail(format!(
                            "Swapping the active region changes {}, which forces a new resource: the object would be destroyed and created again instead of failed over.",
                            c.replace_paths.join(", ")
                        ))
                        .hint("Let the attribute that follows dr.active be a switchable one (e.g. primary_server_id on a failover group), and keep creation-time attributes fixed."),
                );
                continue;
            }
            PlanAction::Delete => {
                let phase = if in_old || role == "traffic" { 1 } else { 3 };
                push(&mut steps, phase, StepKind::Delete, vec![], format!("delete {}", c.address));
                continue;
            }
            PlanAction::Create => {
                let phase = if role == "traffic" { 5 } else { 3 };
                push(&mut steps, phase, StepKind::Create, vec![], format!("create {}", c.address));
                continue;
            }
            _ => {}
        }
        let changed = changed(c, schema);
        let mut last: Option<usize> = None;
        let mut rest: Vec<&String> = vec![];
        for name in &changed {
            let sw = schema.attributes.get(name).and_then(|a| a.switch.clone());
            let new = attr(c.after.as_ref(), name).clone().unmark_deep().0;
            match sw {
                Some(sw) if !new.is_null() => {
                    let action = if ctx.mode == Mode::Forced { sw.forced.clone() } else { sw.planned.clone() };
                    let phase = match role.as_str() {
                        "data" => 2,
                        "traffic" => 5,
                        _ => 3,
                    };
                    let mut params = serde_json::Map::new();
                    params.insert(name.clone(), new.to_json());
                    if name == "restore_target_cluster_id" {
                        params.insert("target_cluster_id".into(), new.to_json());
                    }
                    let s = push(
                        &mut steps,
                        phase,
                        StepKind::Invoke { action: ActionRequest { name: action.clone(), params: serde_json::Value::Object(params) } },
                        vec![],
                        format!(
                            "{action} {} ({name} → {})",
                            c.address,
                            new.as_str().map(short).unwrap_or_else(|| new.to_json().to_string())
                        ),
                    );
                    last = Some(s);
                    if let Some(then) = &sw.then {
                        last = Some(push(
                            &mut steps,
                            phase,
                            StepKind::Invoke { action: ActionRequest { name: then.clone(), params: serde_json::Value::Null } },
                            vec![s],
                            format!("{then} {}", c.address),
                        ));
                    }
                    let reprotect = dr_field(schema, "reprotect_after").and_then(|v| v.as_bool()).unwrap_or(false)
                        || ctx.mode == Mode::Forced
                            && dr_field(schema, "reprotect_after_forced").and_then(|v| v.as_bool()).unwrap_or(false);
                    if reprotect {
                        needs_reprotect.push(c.address.to_string());
                    }
                }
                _ => rest.push(name),
            }
        }
        // Fence: take the old region out of service before anything else moves.
        let fence: Option<Attrs> = dr_field(schema, "fence").and_then(|f| f.as_object().cloned());
        let leaving_old = match role.as_str() {
            "lease" => attr(c.before.as_ref(), "holder").as_str() == Some(ctx.from),
            "traffic" => in_old,
            _ => false,
        };
        let mut fence_step = None;
        if let (Some(patch), true) = (fence, leaving_old) {
            fence_step = Some(push(
                &mut steps,
                1,
                StepKind::Fence { patch: patch.clone() },
                vec![],
                format!("fence {} ({})", c.address, describe_patch(&patch)),
            ));
        }
        if !rest.is_empty() || fence_step.is_some() {
            let phase = match role.as_str() {
                "traffic" => 5,
                "lease" => 3,
                _ if in_old => 1,
                _ => 3,
            };
            let names: Vec<&str> = rest.iter().map(|s| s.as_str()).collect();
            let label = if names.is_empty() {
                format!("restore {} to its configuration", c.address)
            } else {
                format!("update {} ({})", c.address, names.join(", "))
            };
            let after: Vec<usize> = last.into_iter().filter(|l| steps[*l].phase == phase).collect();
            let s = push(&mut steps, phase, StepKind::Update, after, label);
            if role == "traffic" && !in_old {
                promotions.push((i, s));
            }
        }
    }
    // Phase 4: probe the new region's endpoints before traffic moves; phase 5: wait for DNS.
    for (ci, update) in promotions {
        let c = &plan.changes[ci];
        let (interval, tolerated, ttl) = traffic_timing(world, c);
        let schema = catalog().get(&c.rtype).expect("known type");
        let region = steps[update].region.clone();
        if c.rtype == "azure_traffic_manager_endpoint" {
            steps.push(Step {
                phase: 4,
                change: ci,
                kind: StepKind::Invoke { action: ActionRequest { name: "probe".into(), params: serde_json::json!({"seconds": interval}) } },
                after: vec![],
                estimate_s: interval,
                region: region.clone(),
                skipped: None,
                label: format!("health probe of {} (one {}s probe interval)", c.address, interval),
            });
        }
        let wait = if c.rtype == "azure_traffic_manager_endpoint" { ttl + interval * tolerated } else { ttl };
        let _ = schema;
        steps.push(Step {
            phase: 5,
            change: ci,
            kind: StepKind::Invoke {
                action: ActionRequest { name: "awaitPropagation".into(), params: serde_json::json!({"seconds": wait}) },
            },
            after: vec![update],
            estimate_s: wait,
            region,
            skipped: None,
            label: if c.rtype == "azure_traffic_manager_endpoint" {
                format!("wait for clients to follow {} (DNS TTL {ttl}s + {interval}s × {tolerated} probes)", c.address)
            } else {
                format!("wait for clients to follow {} (DNS TTL {ttl}s)", c.address)
            },
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Within a phase, a step waits for steps on what its configuration reads
    // (a workload whose replicas follow a lease waits for the lease).
    for j in 0..steps.len() {
        let deps = &plan.changes[steps[j].change].dependencies;
        let mut extra = vec![];
        for (k, other) in steps.iter().enumerate() {
            let other_res = plan.changes[other.change].address.resource.static_key();
            if k != j && other.phase == steps[j].phase && other.change != steps[j].change && deps.contains(&other_res) {
                extra.push(k);
            }
        }
        steps[j].after.extend(extra);
    }
    // Traffic: the new region is promoted before the old one gets its final
    // (lower) priority back, so no moment has two equal-best endpoints.
    let promoted: Vec<usize> = (0..steps.len())
        .filter(|&j| steps[j].phase == 5 && steps[j].kind == StepKind::Update && steps[j].region.as_deref() == Some(ctx.to))
        .collect();
    for s in steps.iter_mut() {
        if s.phase == 5 && s.kind == StepKind::Update && s.region.as_deref() == Some(ctx.from) {
            s.after.extend(promoted.iter().copied());
        }
    }
    Ok(StepPlan { steps: renumber(steps), needs_reprotect })
}

/// Orders steps by phase and, within a phase, after the steps they wait for
/// (so the listed order is one the apply may really take), keeping `after`
/// pointing at the same steps.
pub(crate) fn renumber(steps: Vec<Step>) -> Vec<Step> {
    let mut order: Vec<usize> = vec![];
    let mut phases: Vec<u8> = steps.iter().map(|s| s.phase).collect();
    phases.sort();
    phases.dedup();
    for ph in phases {
        let mut pending: Vec<usize> = (0..steps.len()).filter(|&i| steps[i].phase == ph).collect();
        while !pending.is_empty() {
            // The first pending step whose same-phase predecessors are placed (a cycle cannot occur: `after` only points backwards in push order or at promotions).
            let pick = pending.iter().position(|&i| steps[i].after.iter().all(|a| steps[*a].phase != ph || order.contains(a))).unwrap_or(0);
            order.push(pending.remove(pick));
        }
    }
    let pos: std::collections::BTreeMap<usize, usize> = order.iter().enumerate().map(|(new, &old)| (old, new)).collect();
    order
        .iter()
        .map(|&old| {
            let mut s = steps[old].clone();
            s.after = s.after.iter().filter_map(|a| pos.get(a).copied()).collect();
            s.after.sort();
            s.after.dedup();
            s
        })
        .collect()
}

fn describe_patch(p: &Attrs) -> String {
    p.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
}

fn short(s: &str) -> String {
    s.rsplit('/').take(3).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("/")
}

/// Probe interval, tolerated failures and DNS TTL for a traffic object.
fn traffic_timing(world: &World, c: &ResourceChange) -> (f64, f64, f64) {
    let after = c.after.as_ref();
    if c.rtype == "azure_dns_cname_record" {
        return (0.0, 0.0, attr(after, "ttl").as_f64().unwrap_or(300.0));
    }
    let profile_id = attr(after, "profile_id").as_str().unwrap_or_default().to_lowercase();
    let profile =
        world.objects.values().find(|o| o.attrs.get("id").and_then(Value::as_str).is_some_and(|i| i.to_lowercase() == profile_id));
    let get = |block: &str, k: &str, d: f64| {
        profile.and_then(|p| p.attrs.get(block)).and_then(|b| b.get_attr(k)).and_then(Value::as_f64).unwrap_or(d)
    };
    (
        get("monitor_config", "interval_in_seconds", 30.0),
        get("monitor_config", "tolerated_number_of_failures", 3.0),
        get("dns_config", "ttl", 60.0),
    )
}
