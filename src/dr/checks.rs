//! DR checks run by `validate` and `plan`: is this deployment able to fail
//! over as declared? Each finding is a warning naming what to change; a missed
//! objective is an error in `validate`.

use super::DrDeclared;
use super::world::World;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use std::collections::{BTreeMap, BTreeSet};

fn s(o: &super::world::Obj, k: &str) -> Option<String> {
    o.attrs.get(k).and_then(Value::as_str).map(str::to_string)
}

/// Findings about the declared deployment (planned values).
pub fn config_checks(decl: &DrDeclared, world: &World) -> Diagnostics {
    let mut d = decl.pair_warnings();
    let [a, b] = &decl.regions;
    // Objects that protect or pair others, so a one-region VM or cluster is not "asymmetric".
    let ids_in = |rtype: &str, attr: &str| -> BTreeSet<String> {
        world.objects.values().filter(|o| o.rtype == rtype).filter_map(|o| s(o, attr)).map(|x| x.to_lowercase()).collect()
    };
    let asr_protected = ids_in("azure_site_recovery_replicated_vm", "source_vm_id");
    let appliances = ids_in("azure_ha_appliance", "vm_id");
    let backed_up = ids_in("azure_backup_instance_kubernetes", "kubernetes_cluster_id");
    let id_of = |o: &super::world::Obj| s(o, "id").unwrap_or_default().to_lowercase();
    // Each object's region, once, in the order of `world.objects` (the checks below ask repeatedly).
    let region: Vec<Option<String>> = world.objects.keys().map(|a| world.region_of(a)).collect();
    // Asymmetry: per type, instances in each region.
    let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (o, r) in world.objects.values().zip(&region) {
        if o.rtype == "azure_virtual_machine" && asr_protected.contains(&id_of(o)) {
            continue;
        }
        match r.as_deref() {
            Some(r) if r == a => per.entry(o.rtype.as_str()).or_default().0 += 1,
            Some(r) if r == b => per.entry(o.rtype.as_str()).or_default().1 += 1,
            _ => {}
        }
    }
    let single_by_design = [
        "azure_sql_database",
        "azure_sql_failover_group",
        "azure_storage_account",
        "azure_recovery_services_vault",
        "azure_site_recovery_replicated_vm",
        "azure_blob_lease",
        "azure_traffic_manager_endpoint",
    ];
    let lopsided: Vec<String> = per
        .iter()
        .filter(|(t, (x, y))| (x == &0) != (y == &0) && !single_by_design.contains(t))
        .map(|(t, (x, y))| format!("{t}: {a} {x}, {b} {y}"))
        .collect();
    if !lopsided.is_empty() {
        d.push(
            Diagnostic::warning("The two regions do not declare the same tiers")
                .detail(format!("Asymmetry report — {}.", lopsided.join("; ")))
                .hint("Declare each tier in both regions (for_each over dr.regions), or protect it with Site Recovery or a backup the other region can restore."),
        );
    }
    for o in world.objects.values() {
        let name = s(o, "name").unwrap_or_default();
        match o.rtype.as_str() {
            "azure_traffic_manager_profile" => {
                if s(o, "traffic_routing_method").as_deref() != Some("Priority") {
                    d.push(
                        Diagnostic::warning(format!("Traffic Manager profile {name} does not use Priority routing"))
                            .hint("An active/passive pair routes by priority: traffic_routing_method = \"Priority\"."),
                    );
                }
                if o.attrs.get("monitor_config").is_none_or(Value::is_null) {
                    d.push(
                        Diagnostic::warning(format!("Traffic Manager profile {name} has no health probe"))
                            .hint("Add a monitor_config block so a failed region is taken out of rotation."),
                    );
                }
            }
            "azure_sql_failover_group" => {
                let policy = o.attrs.get("read_write_endpoint_failover_policy");
                let mode = policy.and_then(|p| p.get_attr("mode")).and_then(Value::as_str).unwrap_or("Manual");
                let grace = policy.and_then(|p| p.get_attr("grace_minutes")).and_then(Value::as_f64).unwrap_or(0.0);
                if mode == "Automatic" && grace < 60.0 {
                    d.push(
                        Diagnostic::warning(format!("Failover group {name} fails over automatically after {grace} minutes"))
                            .detail(
                                "Azure may then switch the data tier on its own while hadr's plan keeps the application in the old region.",
                            )
                            .hint("Use mode = \"Manual\" (hadr drives the failover), or Automatic with grace_minutes >= 60."),
                    );
                }
            }
            _ => {}
        }
    }
    let active = &decl.primary;
    let standby_cluster = world
        .objects
        .values()
        .zip(&region)
        .any(|(p, r)| p.rtype == "azure_kubernetes_cluster" && r.as_deref().is_some_and(|r| r != active));
    for ((addr, o), r) in world.objects.iter().zip(&region) {
        if r.as_deref() != Some(active.as_str()) {
            continue;
        }
        let id = id_of(o);
        match o.rtype.as_str() {
            "azure_virtual_machine" if !asr_protected.contains(&id) && !appliances.contains(&id) => {
                d.push(
                    Diagnostic::warning(format!("{addr} is not protected by Site Recovery"))
                        .hint("Add an azure_site_recovery_replicated_vm for it, or pair it with a standby in the other region."),
                );
            }
            "azure_kubernetes_cluster" if !backed_up.contains(&id) && !standby_cluster => {
                d.push(
                    Diagnostic::warning(format!("{addr} is not protected by a backup instance"))
                        .hint("Add an azure_backup_instance_kubernetes for it, or a standby cluster in the other region."),
                );
            }
            _ => {}
        }
    }
    d
}

/// The world a plan leads to: prior objects, with planned values applied.
pub fn planned_world(decl: &DrDeclared, plan: &crate::plan::Plan) -> World {
    let mut w = super::switch::world_of(decl, plan);
    for c in &plan.changes {
        match (&c.after, c.action) {
            (_, crate::plan::PlanAction::Delete) => {
                w.remove(&c.address);
            }
            (Some(a), _) if c.deposed.is_none() => w.insert(c.address.clone(), &c.rtype, a),
            _ => {}
        }
    }
    w
}

/// Estimates a planned failover of a configuration that is not deployed yet
/// (for `validate`): the configuration planned with the primary active is
/// taken as deployed, then planned again with the other region active.
pub async fn estimate_from_config(
    decl: &DrDeclared,
    first: &crate::plan::Plan,
    mut req: crate::plan::planner::PlanRequest<'_>,
) -> Result<(super::estimate::Estimate, super::estimate::Estimate), Diagnostics> {
    use crate::state::{InstanceStatus, ResourceInstance, State};
    let mut state = State::new();
    for c in &first.changes {
        let Some(after) = &c.after else { continue };
        let serde_json::Value::Object(mut attrs) = after.to_json() else { continue };
        // Strings the service decides at create (FQDNs…) stand in as placeholders.
        if let (Some(schema), Value::Map(m)) = (crate::schema::catalog().get(&c.rtype), after.unmarked_ref()) {
            for (k, a) in &schema.attributes {
                if matches!(m.get(k), Some(Value::Unknown)) && *a.ty() == crate::lang::types::Type::String {
                    attrs.insert(k.clone(), format!("{k}-of-{}", c.address).into());
                }
            }
        }
        let id = attrs.get("id").and_then(|v| v.as_str()).map(str::to_string).unwrap_or_else(|| format!("/hadr/planned/{}", c.address));
        attrs.insert("id".into(), id.clone().into());
        state.resources.insert(
            c.address.clone(),
            ResourceInstance {
                address: c.address.clone(),
                rtype: c.rtype.clone(),
                id,
                status: InstanceStatus::Ready,
                attributes: attrs,
                sensitive_attributes: serde_json::Value::Null,
                dependencies: c.dependencies.clone(),
                create_before_destroy: false,
                deposed: vec![],
            },
        );
    }
    let to = decl.other(&decl.primary);
    let target = super::DrState { active: to.clone(), passive: decl.primary.clone(), fenced: vec![], needs_reprotect: vec![] };
    req.state = state;
    req.extra_roots = decl.roots(&target);
    req.options.refresh = false;
    let (plan, _) = crate::plan::planner::make_plan(req).await?;
    let world = super::switch::world_of(decl, &plan);
    let ctx = super::steps::SwitchContext {
        mode: super::steps::Mode::Planned,
        from: &decl.primary,
        to: &to,
        down: &[],
        provider: &crate::provider::OfflineProvider,
    };
    let built = super::steps::build(&plan, &ctx, &world)?;
    let (_, rto) = super::estimate::rto(&built.steps, decl.rto_s);
    let rpo = super::estimate::rpo(&plan, &built.steps, &world, super::steps::Mode::Planned, decl.rpo_s);
    Ok((rto, rpo))
}
