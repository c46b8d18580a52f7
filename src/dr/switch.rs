//! Planning a switch of the active region (failover, failback) or the work
//! after one (reprotect): preconditions, the swapped plan, its steps,
//! estimates and the safety check, packed into `Plan::dr`.

use super::estimate::{Estimate, rpo, rto};
use super::safety::check_plan;
use super::steps::{Mode, Step, StepKind, SwitchContext, build};
use super::world::World;
use super::{DrDeclared, DrState};
use crate::diag::{Diagnostic, Diagnostics};
use crate::plan::planner::{PlanRequest, make_plan, prior_value};
use crate::plan::{Plan, PlanAction};
use crate::schema::catalog;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SwitchKind {
    Failover,
    Failback,
    Reprotect,
    /// A test failover: production untouched, nothing recorded in the state.
    Drill,
    DrillCleanup,
}

impl SwitchKind {
    pub fn is_drill(self) -> bool {
        matches!(self, SwitchKind::Drill | SwitchKind::DrillCleanup)
    }
}

/// What `Plan::dr` holds for a switch plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DrPlan {
    pub kind: SwitchKind,
    pub mode: Mode,
    pub from: String,
    pub to: String,
    pub steps: Vec<Step>,
    pub rto: Estimate,
    pub rpo: Estimate,
    /// The roles once the plan is applied.
    pub state_change: DrState,
    /// Root values (`dr`) the configuration is evaluated with during apply.
    pub roots: serde_json::Value,
}

impl DrPlan {
    pub fn from_plan(p: &Plan) -> Option<DrPlan> {
        p.dr.as_ref().filter(|d| d.get("steps").is_some()).and_then(|d| serde_json::from_value(d.clone()).ok())
    }
}

pub struct SwitchRequest<'a> {
    pub base: PlanRequest<'a>,
    pub decl: &'a DrDeclared,
    pub current: DrState,
    pub kind: SwitchKind,
    pub mode: Mode,
    pub to: Option<String>,
    pub down: Vec<String>,
}

fn err(summary: impl Into<String>, detail: impl Into<String>, hint: impl Into<String>) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(summary).detail(detail).hint(hint)])
}

pub fn world_of(decl: &DrDeclared, plan: &Plan) -> World {
    let mut w = World::new(decl.regions.clone());
    for (addr, inst) in &plan.prior_state.resources {
        if let Some(s) = catalog().get(&inst.rtype) {
            w.insert(addr.clone(), &inst.rtype, &prior_value(s, &inst.attributes, &inst.sensitive_attributes));
        }
    }
    w
}

pub async fn plan_switch(req: SwitchRequest<'_>) -> Result<(Plan, Diagnostics), Diagnostics> {
    let cur = req.current.clone();
    let (from, to) = match req.kind {
        SwitchKind::Reprotect | SwitchKind::Drill | SwitchKind::DrillCleanup => (cur.passive.clone(), cur.active.clone()),
        SwitchKind::Failback => (cur.active.clone(), req.decl.primary.clone()),
        SwitchKind::Failover => (cur.active.clone(), req.to.clone().map(|t| super::normalize(&t)).unwrap_or(cur.passive.clone())),
    };
    match req.kind {
        SwitchKind::Failover | SwitchKind::Failback => {
            if !req.decl.regions.contains(&to) {
                return Err(err(
                    format!("{to} is not one of the DR regions"),
                    format!("The dr block declares {:?}.", req.decl.regions),
                    "Pass --to with one of them.",
                ));
            }
            if to == from {
                return Err(err(
                    format!("{to} is already the active region"),
                    "Nothing to fail over.",
                    if req.kind == SwitchKind::Failback {
                        "Failback returns to the declared primary; it already is active."
                    } else {
                        "Pass --to with the passive region."
                    },
                ));
            }
            if req.kind == SwitchKind::Failback && !cur.protected() {
                let mut why = vec![];
                if !cur.fenced.is_empty() {
                    why.push(format!("{} is still fenced after a forced failover", cur.fenced.join(", ")));
                }
                if !cur.needs_reprotect.is_empty() {
                    why.push(format!("replication is not re-established towards {} for {}", cur.passive, cur.needs_reprotect.join(", ")));
                }
                return Err(err(
                    "Failback refused: the pair is not re-protected",
                    format!("{}.", why.join("; ")),
                    "Run `hadr reprotect` first, then fail back.",
                ));
            }
            if req.mode == Mode::Planned && req.down.contains(&from) {
                return Err(err(
                    format!("{from} is unreachable: a planned failover needs both regions"),
                    "A planned failover synchronises data before switching, which the failed region cannot do.",
                    "Use --mode forced to fail over without it (the data tier may lose recent writes; the old region stays fenced until `hadr reprotect`).",
                ));
            }
            if req.down.contains(&to) {
                return Err(err(
                    format!("{to} is unreachable"),
                    "hadr cannot fail over into a region that does not answer.",
                    "Wait for it to recover.",
                ));
            }
        }
        SwitchKind::Drill | SwitchKind::DrillCleanup => unreachable!("drills are planned by dr::drill"),
        SwitchKind::Reprotect => {
            if let Some(r) = cur.fenced.iter().find(|r| req.down.contains(r)) {
                return Err(err(
                    format!("{r} is still unreachable"),
                    "reprotect lifts the fence on a region once it is back, and re-establishes replication towards it.",
                    format!("Wait for {r} to recover (with the simulated cloud: `hadr sim recover {r}`)."),
                ));
            }
        }
    }
    let mut warnings = Diagnostics::default();
    // A planned failover starts from a converged deployment.
    if req.kind != SwitchKind::Reprotect {
        let mut normal = PlanRequest { options: req.base.options.clone(), state: req.base.state.clone(), ..clone_request(&req.base) };
        normal.extra_roots = req.decl.roots(&cur);
        let (p, _) = make_plan(normal).await?;
        let pending: Vec<String> =
            p.changes.iter().filter(|c| c.action != PlanAction::NoOp).map(|c| format!("{} ({:?})", c.address, c.action)).collect();
        if !pending.is_empty() {
            let msg = format!("The configuration has changes not yet applied: {}.", pending.join(", "));
            if req.mode == Mode::Planned {
                return Err(err(
                    "Pending changes: apply them before failing over",
                    msg,
                    "Run `hadr apply` first, so the failover plan contains the failover and nothing else.",
                ));
            }
            warnings.push(Diagnostic::warning("The forced failover also applies pending changes").detail(msg));
        }
    }
    let target =
        DrState { active: to.clone(), passive: from.clone(), fenced: cur.fenced.clone(), needs_reprotect: cur.needs_reprotect.clone() };
    let roots = req.decl.roots(&target);
    let mut base = req.base;
    base.extra_roots = roots.clone();
    let (mut plan, w2) = make_plan(base).await?;
    warnings.extend(w2);
    let mut world = world_of(req.decl, &plan);
    for c in &plan.changes {
        if c.action == PlanAction::Create
            && let Some(a) = &c.after
        {
            world.insert(c.address.clone(), &c.rtype, a);
        }
    }
    // Durations come from the schemas' Azure figures, whichever provider applies the plan.
    let ctx = SwitchContext { mode: req.mode, from: &from, to: &to, down: &req.down, provider: &crate::provider::OfflineProvider };
    let built = build(&plan, &ctx, &world)?;
    let mut steps = built.steps;
    let mut needs = cur.needs_reprotect.clone();
    let mut fenced = cur.fenced.clone();
    match req.kind {
        SwitchKind::Reprotect => {
            for addr in &cur.needs_reprotect {
                if let Some(i) = plan.changes.iter().position(|c| c.address.to_string() == *addr) {
                    let c = &plan.changes[i];
                    if c.rtype == "azure_site_recovery_replicated_vm" {
                        let schema = catalog().get(&c.rtype).expect("known");
                        steps.push(Step {
                            phase: 3,
                            change: i,
                            kind: StepKind::Invoke {
                                action: crate::provider::ActionRequest { name: "reProtect".into(), params: serde_json::Value::Null },
                            },
                            after: vec![],
                            estimate_s: super::steps::action_estimate(schema, "reProtect"),
                            region: Some(to.clone()),
                            skipped: None,
                            label: format!("reProtect {} (replicate {} → {})", c.address, to, from),
                        });
                    }
                }
            }
            steps = super::steps::renumber(steps);
            needs.clear();
            fenced.clear();
        }
        SwitchKind::Drill | SwitchKind::DrillCleanup => unreachable!("drills are planned by dr::drill"),
        _ => {
            for n in built.needs_reprotect {
                if !needs.contains(&n) {
                    needs.push(n);
                }
            }
            if req.mode == Mode::Forced && !fenced.contains(&from) {
                fenced.push(from.clone());
            }
        }
    }
    // A change carried out by an action is shown as that action, not as a PUT.
    for st in &steps {
        if let StepKind::Invoke { action } = &st.kind {
            let c = &mut plan.changes[st.change];
            if c.action == PlanAction::Update && c.invoke.is_none() && !matches!(action.name.as_str(), "probe" | "awaitPropagation") {
                c.action = PlanAction::Invoke;
                c.invoke = Some(action.clone());
            }
        }
    }
    let state_change = DrState { active: to.clone(), passive: from.clone(), fenced: fenced.clone(), needs_reprotect: needs };
    let fenced_during: Vec<String> = if req.mode == Mode::Forced { vec![from.clone()] } else { cur.fenced.clone() };
    if let Err(v) = check_plan(&plan, &steps, &world_of(req.decl, &plan), &fenced_during) {
        let labels: Vec<String> = v.after_steps.iter().map(|i| format!("{}. {}", i + 1, steps[*i].label)).collect();
        return Err(err(
            "This plan would break the DR safety invariant",
            format!("{} after: {}", v.what, if labels.is_empty() { "before any step".into() } else { labels.join("; ") }),
            "Check that attributes following dr.active are consistent (one writer, one priority-1 endpoint), then plan again.",
        ));
    }
    let (_, rto_est) = rto(&steps, req.decl.rto_s);
    let rpo_est = rpo(&plan, &steps, &world, req.mode, req.decl.rpo_s);
    let dr = DrPlan {
        kind: req.kind,
        mode: req.mode,
        from,
        to,
        steps,
        rto: rto_est,
        rpo: rpo_est,
        state_change,
        roots: crate::lang::Value::Map(roots.into_iter().collect()).to_json(),
    };
    plan.dr = Some(serde_json::to_value(&dr).unwrap_or_default());
    Ok((plan, warnings))
}

fn clone_request<'a>(r: &PlanRequest<'a>) -> PlanRequest<'a> {
    PlanRequest {
        module: r.module,
        graph: r.graph,
        sources: r.sources,
        variables: r.variables.clone(),
        state: r.state.clone(),
        provider: r.provider.clone(),
        options: r.options.clone(),
        parallelism: r.parallelism,
        extra_roots: r.extra_roots.clone(),
    }
}
