//! Applying a plan: its changes become operations in a graph (creates and
//! updates after what they depend on, deletes in reverse dependency order),
//! run concurrently under `--parallelism`, longest remaining path first.
//! Every finished operation is journaled before the next decision, so a
//! crash or Ctrl-C loses nothing; a failure stops only its dependents.

mod ops;

use crate::addr::InstanceAddress;
use crate::config::Module;
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{Graph, Node};
use crate::lang::Value;
use crate::lang::eval::Evaluator;
use crate::lang::functions::FnEnv;
use crate::plan::body::{eval_body, eval_diag};
use crate::plan::conditions::{self, ConditionKind};
use crate::plan::planner::{base_roots, expand, instance_scope, plan_instance};
use crate::plan::{Plan, PlanAction};
use crate::provider::{Attrs, Operation, Provider};
use crate::schema::catalog;
use crate::state::journal::{Journal, Record, pending};
use crate::state::{DeposedObject, OutputState, ResourceInstance, State, StateStore};
use ops::{OpGraph, OpKind};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What the apply reports as it goes; the CLI prints it.
pub trait ApplyUi: Send + Sync {
    fn started(&self, addr: &str, op: Operation);
    fn finished(&self, addr: &str, op: Operation, elapsed: Duration, id: Option<&str>);
    fn failed(&self, addr: &str, op: Operation, elapsed: Duration);
    fn still_running(&self, addr: &str, op: Operation, elapsed: Duration);
    fn interrupted(&self);
}

pub struct ApplyRequest<'a> {
    pub plan: &'a Plan,
    pub module: &'a Module,
    pub graph: &'a Graph,
    pub variables: BTreeMap<String, Value>,
    pub extra_roots: BTreeMap<String, Value>,
    pub provider: Arc<dyn Provider>,
    pub store: &'a StateStore,
    pub state: State,
    pub parallelism: usize,
    pub ui: &'a dyn ApplyUi,
    /// Set (by Ctrl-C) to stop starting operations.
    pub cancel: Arc<AtomicBool>,
    /// How often long operations are reported ("Still creating...").
    pub heartbeat: Duration,
}

#[derive(Debug, Default)]
pub struct ApplyOutcome {
    pub imported: usize,
    pub added: usize,
    pub changed: usize,
    pub destroyed: usize,
    pub errors: Diagnostics,
    /// Failed `check` assertions: reported, never failing the apply.
    pub warnings: Diagnostics,
    pub interrupted: bool,
    pub state: State,
    /// Wall time of the apply (virtual time under HADR_SIM_CLOCK=virtual).
    pub elapsed: Duration,
}

type OpResult = (usize, Result<Option<Attrs>, crate::provider::ProviderError>, Duration);

struct Running {
    started: Instant,
    reported: u64,
}

pub async fn apply(req: ApplyRequest<'_>) -> Result<ApplyOutcome, Diagnostics> {
    let plan = req.plan;
    let mut state = req.state.clone();
    // A drill acts on the cloud but leaves the state exactly as it was.
    let record = !crate::dr::switch::DrPlan::from_plan(plan).is_some_and(|d| d.kind.is_drill());
    let mut journal =
        if record { Journal::create(&req.store.journal_path(), &state).map_err(|d| Diagnostics(vec![d]))? } else { Journal::disabled() };
    // Imports and moves first: they only record or rename state entries.
    for c in plan.changes.iter().filter(|c| c.importing.is_some()) {
        if let Some(inst) = plan.prior_state.resources.get(&c.address) {
            journal.append(&Record::Upsert { instance: Box::new(inst.clone()) }).map_err(one)?;
            state.resources.insert(c.address.clone(), inst.clone());
        }
    }
    for c in &plan.changes {
        if let Some(prev) = &c.previous_address
            && let Some(mut inst) = state.resources.remove(prev)
        {
            inst.address = c.address.clone();
            journal.append(&Record::Remove { address: prev.clone() }).map_err(one)?;
            journal.append(&Record::Upsert { instance: Box::new(inst.clone()) }).map_err(one)?;
            state.resources.insert(c.address.clone(), inst);
        }
    }
    // Forgotten objects (`removed` with destroy = false) leave the state; the cloud keeps them.
    for c in plan.changes.iter().filter(|c| c.action == PlanAction::Forget) {
        if state.resources.remove(&c.address).is_some() {
            journal.append(&Record::Remove { address: c.address.clone() }).map_err(one)?;
        }
    }
    let graph = OpGraph::build(plan, &req.provider);
    let dr_plan = crate::dr::switch::DrPlan::from_plan(plan);
    let started_at = tokio::time::Instant::now();
    let env = FnEnv { module_dir: req.module.dir.clone(), root_dir: req.module.dir.clone() };
    let mut ev = ApplyEval::new(&req, &env);
    let mut out = ApplyOutcome { imported: plan.changes.iter().filter(|c| c.importing.is_some()).count(), ..ApplyOutcome::default() };
    let mut indeg: Vec<usize> = graph.ops.iter().map(|o| o.deps.len()).collect();
    let mut ready: std::collections::BinaryHeap<(u64, std::cmp::Reverse<usize>)> =
        graph.ops.iter().enumerate().filter(|(i, _)| indeg[*i] == 0).map(|(i, o)| (o.priority, std::cmp::Reverse(i))).collect();
    let mut skipped: BTreeSet<usize> = BTreeSet::new();
    let mut running: BTreeMap<usize, Running> = BTreeMap::new();
    let mut deposed_keys: BTreeMap<usize, DeposedObject> = BTreeMap::new();
    let mut set: tokio::task::JoinSet<OpResult> = tokio::task::JoinSet::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let cancelled = req.cancel.load(Ordering::SeqCst);
        while running.len() < req.parallelism.max(1) && !cancelled {
            let Some((_, std::cmp::Reverse(i))) = ready.pop() else { break };
            let op = &graph.ops[i];
            let c = &plan.changes[op.change];
            let schema = catalog().get(&c.rtype).expect("planned types are known");
            let addr = c.address.to_string();
            // Forward operations evaluate their configuration now, with real values of what they depend on.
            let config = match op.kind {
                OpKind::Create | OpKind::Update | OpKind::Read => match ev.config_for(&c.address, &mut out.errors) {
                    Some(cfg) => Some(cfg),
                    None => {
                        fail_dependents(&graph, i, &mut skipped);
                        continue;
                    }
                },
                OpKind::Fence => {
                    let patch = match op.step.map(|s| &dr_plan.as_ref().expect("fences come from switch plans").steps[s].kind) {
                        Some(crate::dr::steps::StepKind::Fence { patch }) => patch.clone(),
                        _ => Attrs::new(),
                    };
                    let mut attrs = arguments(&c.rtype, state.resources.get(&c.address).map(|r| &r.attributes));
                    attrs.extend(patch);
                    Some(attrs)
                }
                _ => None,
            };
            let p = req.provider.clone();
            let kind = op.kind;
            let id = match kind {
                OpKind::DeleteDeposed => c.id.clone().unwrap_or_default(),
                // ARM ids follow from names; other types get a fresh id, chosen before
                // the create so that an interrupted create can be found again.
                OpKind::Create => c.id.clone().filter(|_| schema.arm.is_some()).unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
                _ => state.resources.get(&c.address).map(|r| r.id.clone()).or(c.id.clone()).unwrap_or_default(),
            };
            if kind == OpKind::Create {
                if c.action == PlanAction::CreateThenDelete {
                    if let Some(old) = state.resources.get(&c.address) {
                        let d = DeposedObject { key: short_key(), id: old.id.clone(), attributes: old.attributes.clone() };
                        journal.append(&Record::Depose { address: c.address.clone(), object: d.clone() }).map_err(one)?;
                        deposed_keys.insert(op.change, d);
                    }
                } else {
                    let p = pending(c.address.clone(), &c.rtype, &id, c.dependencies.clone());
                    journal.append(&Record::Upsert { instance: Box::new(p.clone()) }).map_err(one)?;
                    state.resources.insert(c.address.clone(), p);
                }
            }
            let opname = kind.operation();
            req.ui.started(&addr, opname);
            running.insert(i, Running { started: Instant::now(), reported: 0 });
            let invoke = match op.step.map(|s| &dr_plan.as_ref().expect("steps come from switch plans").steps[s].kind) {
                Some(crate::dr::steps::StepKind::Invoke { action }) => Some(action.clone()),
                _ => c.invoke.clone(),
            };
            let deposed_id = deposed_keys.get(&op.change).map(|d| d.id.clone());
            set.spawn(async move {
                let t = Instant::now();
                let r = match kind {
                    OpKind::Create => p.create(schema, Some(&id), config.as_ref().expect("create has config")).await.map(Some),
                    OpKind::Update | OpKind::Fence => p.update(schema, &id, config.as_ref().expect("update has config")).await.map(Some),
                    OpKind::Delete => p.delete(schema, &id).await.map(|_| None),
                    OpKind::DeleteDeposed => p.delete(schema, &deposed_id.unwrap_or(id)).await.map(|_| None),
                    OpKind::Read => match schema.as_data_source() {
                        Some(ds) => p.read_data(&ds, config.as_ref().expect("reads have arguments")).await.map(Some),
                        None => Ok(None),
                    },
                    OpKind::Invoke => match &invoke {
                        Some(a) => p.invoke(schema, &id, a).await.map(Some),
                        None => Ok(None),
                    },
                };
                (i, r, t.elapsed())
            });
        }
        journal.flush_soon();
        if running.is_empty() {
            if req.cancel.load(Ordering::SeqCst) && !ready.is_empty() {
                out.interrupted = true;
            }
            break;
        }
        tokio::select! {
            done = set.join_next() => {
                let Some(done) = done else { break };
                let (i, result, elapsed) = match done {
                    Ok(r) => r,
                    Err(e) => return Err(Diagnostics(vec![Diagnostic::error("An apply operation panicked").detail(e.to_string())])),
                };
                running.remove(&i);
                let op = &graph.ops[i];
                let c = &plan.changes[op.change];
                let addr = c.address.to_string();
                match result {
                    Ok(attrs) => {
                        let mut post_failed = false;
                        let id = attrs.as_ref().and_then(|a| a.get("id")).and_then(|v| v.as_str()).map(str::to_string);
                        req.ui.finished(&addr, op.kind.operation(), elapsed, id.as_deref());
                        match op.kind {
                            // Data sources are read each run, not kept in the state.
                            OpKind::Read => {
                                let inst = ResourceInstance {
                                    address: c.address.clone(),
                                    rtype: c.rtype.clone(),
                                    id: id.clone().unwrap_or_default(),
                                    status: Default::default(),
                                    sensitive_attributes: serde_json::Value::Null,
                                    attributes: attrs.unwrap_or_default(),
                                    dependencies: vec![],
                                    create_before_destroy: false,
                                    deposed: vec![],
                                };
                                ev.completed(&inst);
                                post_failed = !ev.postconditions(&inst, &mut out.errors);
                            }
                            OpKind::Create | OpKind::Update | OpKind::Invoke | OpKind::Fence => {
                                let attrs = attrs.unwrap_or_default();
                                let inst = ResourceInstance {
                                    address: c.address.clone(),
                                    rtype: c.rtype.clone(),
                                    id: id.clone().unwrap_or_default(),
                                    status: Default::default(),
                                    sensitive_attributes: sensitive_shape(&c.rtype, &attrs, c.after.as_ref()),
                                    attributes: attrs,
                                    dependencies: c.dependencies.clone(),
                                    create_before_destroy: c.create_before_destroy,
                                    deposed: state.resources.get(&c.address).map(|r| r.deposed.clone()).unwrap_or_default()
                                        .into_iter().chain(deposed_keys.get(&op.change).cloned()).collect(),
                                };
                                ev.completed(&inst);
                                journal.append(&Record::Upsert { instance: Box::new(inst.clone()) }).map_err(one)?;
                                // The object exists and stays in the state; what depends on it waits for a fix.
                                post_failed = !ev.postconditions(&inst, &mut out.errors);
                                state.resources.insert(c.address.clone(), inst);
                                match op.kind {
                                    OpKind::Create => out.added += 1,
                                    _ => out.changed += 1,
                                }
                            }
                            OpKind::Delete => {
                                journal.append(&Record::Remove { address: c.address.clone() }).map_err(one)?;
                                state.resources.remove(&c.address);
                                out.destroyed += 1;
                            }
                            OpKind::DeleteDeposed => {
                                let key = deposed_keys.get(&op.change).map(|d| d.key.clone()).or(c.deposed.clone()).unwrap_or_default();
                                journal.append(&Record::RemoveDeposed { address: c.address.clone(), key: key.clone() }).map_err(one)?;
                                if let Some(r) = state.resources.get_mut(&c.address) {
                                    r.deposed.retain(|d| d.key != key);
                                }
                                out.destroyed += 1;
                            }
                        }
                        if post_failed {
                            fail_dependents(&graph, i, &mut skipped);
                        } else {
                            for &d in &op.dependents {
                                indeg[d] -= 1;
                                if indeg[d] == 0 && !skipped.contains(&d) {
                                    ready.push((graph.ops[d].priority, std::cmp::Reverse(d)));
                                }
                            }
                        }
                    }
                    Err(e) => {
                        req.ui.failed(&addr, op.kind.operation(), elapsed);
                        if op.kind == OpKind::Create && c.action != PlanAction::CreateThenDelete {
                            journal.append(&Record::Remove { address: c.address.clone() }).map_err(one)?;
                            state.resources.remove(&c.address);
                        }
                        out.errors.push(
                            Diagnostic::error(format!("{} failed: {}", describe(op.kind, &addr), e.code))
                                .detail(e.message.clone())
                                .hint("Objects that finished are saved in the state; fix the cause and run apply again to resume."),
                        );
                        fail_dependents(&graph, i, &mut skipped);
                    }
                }
            }
            _ = tick.tick() => {
                for (i, r) in running.iter_mut() {
                    let el = r.started.elapsed();
                    let n = el.as_secs() / req.heartbeat.as_secs().max(1);
                    if n > r.reported {
                        r.reported = n;
                        let c = &plan.changes[graph.ops[*i].change];
                        req.ui.still_running(&c.address.to_string(), graph.ops[*i].kind.operation(), el);
                    }
                }
            }
        }
        if req.cancel.load(Ordering::SeqCst) && !out.interrupted {
            out.interrupted = true;
            req.ui.interrupted();
        }
    }
    journal.sync().map_err(one)?;
    if !skipped.is_empty() && out.errors.is_empty() && !out.interrupted {
        out.errors.push(Diagnostic::error("Some operations could not be started"));
    }
    // Outputs reflect what now exists (nothing, after a destroy).
    let outputs = if plan.options.destroy { BTreeMap::new() } else { ev.outputs(&mut out.errors) };
    if !plan.options.destroy && record && !out.interrupted {
        ev.checks(&mut out.warnings);
    }
    if plan.options.destroy && out.errors.is_empty() && !out.interrupted {
        state.outputs.clear();
    }
    if out.errors.is_empty() && !out.interrupted {
        state.outputs = outputs;
    } else {
        for (k, v) in outputs {
            state.outputs.insert(k, v);
        }
    }
    if let Some(dr) = &plan.dr
        && let Some(s) = dr.get("state_change")
        && out.errors.is_empty()
        && !out.interrupted
    {
        state.dr = Some(s.clone());
    }
    out.elapsed = started_at.elapsed();
    if record {
        req.store.commit(&mut state).map_err(one)?;
    }
    out.state = state;
    Ok(out)
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

/// The arguments of an object's current attributes (what a PUT sends).
fn arguments(rtype: &str, attrs: Option<&Attrs>) -> Attrs {
    let Some(schema) = catalog().get(rtype) else { return Attrs::new() };
    attrs
        .map(|a| {
            a.iter()
                .filter(|(k, _)| schema.attributes.get(*k).is_some_and(|x| x.is_argument()) || schema.blocks.contains_key(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn describe(k: OpKind, addr: &str) -> String {
    match k {
        OpKind::Fence => format!("Fencing {addr}"),
        OpKind::Read => format!("Reading {addr}"),
        OpKind::Create => format!("Creating {addr}"),
        OpKind::Update => format!("Updating {addr}"),
        OpKind::Delete | OpKind::DeleteDeposed => format!("Destroying {addr}"),
        OpKind::Invoke => format!("Action on {addr}"),
    }
}

fn short_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_string()
}

fn fail_dependents(g: &OpGraph, i: usize, skipped: &mut BTreeSet<usize>) {
    let mut stack = vec![i];
    while let Some(n) = stack.pop() {
        for &d in &g.ops[n].dependents {
            if skipped.insert(d) {
                stack.push(d);
            }
        }
    }
}

/// Which attributes are secret: the schema's and whatever the configuration marked.
fn sensitive_shape(rtype: &str, attrs: &Attrs, planned: Option<&Value>) -> serde_json::Value {
    let mut v = Value::from_json(&serde_json::Value::Object(attrs.clone()));
    if let (Some(schema), Value::Map(m)) = (catalog().get(rtype), &mut v) {
        for (k, a) in &schema.attributes {
            if a.sensitive
                && let Some(x) = m.remove(k)
            {
                m.insert(k.clone(), x.mark());
            }
        }
    }
    if let Some(p) = planned {
        v = v.with_sensitive_shape(&p.sensitive_shape());
    }
    // What is computed from a secret is a secret (terraform_data.output from a sensitive input).
    if let (Some(schema), Value::Map(m)) = (catalog().get(rtype), &mut v) {
        for (k, a) in &schema.attributes {
            let sources: Vec<serde_json::Value> =
                a.derived_from.iter().filter_map(|d| m.get(d)).filter(|v| v.is_sensitive()).map(Value::sensitive_shape).collect();
            if sources.is_empty() {
                continue;
            }
            if let Some(x) = m.remove(k) {
                // One source of the same shape (output mirrors input): copy its marks; otherwise mark it all.
                let marked = if sources.len() == 1 { x.with_sensitive_shape(&sources[0]) } else { x.mark() };
                m.insert(k.clone(), marked);
            }
        }
    }
    let s = v.sensitive_shape();
    if s.as_object().is_some_and(|o| o.is_empty()) { serde_json::Value::Null } else { s }
}

/// Evaluation during apply: the configuration re-evaluated with the real
/// values of what has been applied so far, module instance by instance.
struct ApplyEval<'a> {
    req: &'a ApplyRequest<'a>,
    insts: BTreeMap<String, InstScope<'a>>,
    /// Instance values by (module instance path, `type.name`).
    values: BTreeMap<(String, String), BTreeMap<crate::addr::InstanceKey, Value>>,
    dirty: BTreeSet<(String, String)>,
    /// Module instances whose scope was rebuilt in this evaluation round.
    prepared: BTreeSet<String>,
}

struct InstScope<'a> {
    module: &'a Module,
    roots: BTreeMap<String, Value>,
    env: FnEnv,
}

/// `each.value` of one instance of `r` in scope `i` (None inside: no for_each);
/// None when the expansion itself fails (reported into `errors`).
fn each_value(
    i: &InstScope,
    r: &crate::config::Resource,
    key: &crate::addr::InstanceKey,
    errors: &mut Diagnostics,
) -> Option<Option<Value>> {
    match expand(r.count.as_ref(), r.for_each.as_ref(), &i.roots, &i.env) {
        Ok(keys) => Some(keys.into_iter().find(|(k, _)| k == key).and_then(|(_, v)| v)),
        Err(d) => {
            errors.push(d);
            None
        }
    }
}

/// Splits `module.a["x"].module.b[0]` into its parent path, the call name and the key.
fn split_instance(path: &str) -> Option<(String, String, crate::addr::InstanceKey)> {
    let i = path.rfind("module.")?;
    let (parent, last) = (path[..i].trim_end_matches('.'), &path[i + "module.".len()..]);
    let (name, key) = match last.find('[') {
        Some(k) => (&last[..k], crate::addr::parse_key(&last[k..])?),
        None => (last, crate::addr::InstanceKey::None),
    };
    Some((parent.to_string(), name.to_string(), key))
}

impl<'a> ApplyEval<'a> {
    fn new(req: &'a ApplyRequest<'a>, _env: &'a FnEnv) -> ApplyEval<'a> {
        let mut values: BTreeMap<(String, String), BTreeMap<crate::addr::InstanceKey, Value>> = BTreeMap::new();
        for c in req.plan.changes.iter().filter(|c| c.deposed.is_none() && c.action != PlanAction::Delete) {
            if let Some(a) = &c.after {
                values
                    .entry((c.address.resource.module.clone(), c.address.resource.local_key()))
                    .or_default()
                    .insert(c.address.key.clone(), a.clone());
            }
        }
        let mut e = ApplyEval { req, insts: BTreeMap::new(), values, dirty: BTreeSet::new(), prepared: BTreeSet::new() };
        let mut roots = base_roots(req.module, &req.variables);
        roots.extend(req.extra_roots.clone());
        e.insts.insert(
            String::new(),
            InstScope { module: req.module, roots, env: FnEnv { module_dir: req.module.dir.clone(), root_dir: req.module.dir.clone() } },
        );
        e
    }

    fn completed(&mut self, inst: &ResourceInstance) {
        if let Some(schema) = catalog().get(&inst.rtype) {
            let v = crate::plan::planner::prior_value(schema, &inst.attributes, &inst.sensitive_attributes);
            let k = (inst.address.resource.module.clone(), inst.address.resource.local_key());
            self.values.entry(k.clone()).or_default().insert(inst.address.key.clone(), v);
            self.dirty.insert(k);
        }
    }

    /// Makes (or refreshes) the scope of a module instance: its variables are
    /// the call's arguments evaluated in the caller with current values.
    fn prepare(&mut self, path: &str, errors: &mut Diagnostics) -> Option<()> {
        if path.is_empty() || !self.prepared.insert(path.to_string()) {
            return Some(());
        }
        let (parent, name, key) = split_instance(path)?;
        self.prepare(&parent, errors)?;
        let pstatic = crate::addr::strip_keys(&parent);
        self.materialize(&parent, &Node::ModuleCall(pstatic, name.clone()), &mut BTreeSet::new(), errors);
        let p = self.insts.get(&parent)?;
        let call = p.module.calls.get(&name)?;
        let child = p.module.children.get(&name)?;
        let each = match expand(call.count.as_ref(), call.for_each.as_ref(), &p.roots, &p.env) {
            Ok(keys) => keys.into_iter().find(|(k, _)| *k == key).and_then(|(_, v)| v),
            Err(d) => {
                errors.push(d);
                return None;
            }
        };
        let scope = instance_scope(&p.roots, &key, each);
        let mut inputs = BTreeMap::new();
        for (k, e) in &call.inputs {
            match Evaluator::new(&scope, &p.env).eval(&e.expr) {
                Ok(v) => {
                    inputs.insert(k.clone(), (v, e.location()));
                }
                Err(err) => errors.push(eval_diag(err, e.file)),
            }
        }
        let vars = crate::plan::modules::child_variables(child, &name, inputs, None, errors);
        let mut roots = base_roots(child, &vars);
        roots.extend(self.req.extra_roots.clone());
        let env = FnEnv { module_dir: child.dir.clone(), root_dir: self.req.module.dir.clone() };
        // A fresh scope: every resource value it holds is rebuilt on demand.
        self.dirty.extend(child.resources.keys().map(|k| (path.to_string(), k.clone())));
        self.insts.insert(path.to_string(), InstScope { module: child, roots, env });
        Some(())
    }

    fn set_root(&mut self, path: &str, root: &str, key: &str, v: Value) {
        if let Some(i) = self.insts.get_mut(path) {
            let r = i.roots.entry(root.to_string()).or_insert_with(|| Value::Map(BTreeMap::new()));
            if let Value::Map(m) = r {
                m.insert(key.to_string(), v);
            }
        }
    }

    /// Child instances of call `name` under instance `path`, in key order.
    fn children_of(&self, path: &str, name: &str) -> Vec<(String, crate::addr::InstanceKey)> {
        self.req
            .plan
            .module_instances
            .iter()
            .filter_map(|m| split_instance(m).filter(|(p, n, _)| p == path && n == name).map(|(_, _, k)| (m.clone(), k)))
            .collect()
    }

    /// Puts into `path`'s scope everything `node` reads, with current values.
    fn materialize(&mut self, path: &str, node: &Node, seen: &mut BTreeSet<(String, Node)>, errors: &mut Diagnostics) {
        let g = self.req.graph;
        for d in g.dependencies(node) {
            self.materialize_one(path, d, seen, errors);
        }
    }

    /// Puts `d` itself into `path`'s scope (after what it reads).
    fn materialize_one(&mut self, path: &str, d: &Node, seen: &mut BTreeSet<(String, Node)>, errors: &mut Diagnostics) {
        {
            if !seen.insert((path.to_string(), d.clone())) {
                return;
            }
            match d {
                Node::Variable(..) => {}
                Node::Local(_, n) => {
                    self.materialize(path, d, seen, errors);
                    let Some(i) = self.insts.get(path) else { return };
                    let l = &i.module.locals[n];
                    let v = Evaluator::new(&i.roots, &i.env).eval(&l.expr.expr).unwrap_or_else(|e| {
                        errors.push(eval_diag(e, l.expr.file));
                        Value::Unknown
                    });
                    self.set_root(path, "local", n, v);
                }
                Node::Resource(_, key) => {
                    let k = (path.to_string(), key.clone());
                    let present = self.insts.get(path).is_some_and(|i| {
                        let r = &i.module.resources[key];
                        let t = if r.mode == crate::addr::Mode::Data {
                            i.roots.get("data").and_then(|d| d.get_attr(&r.rtype))
                        } else {
                            i.roots.get(&r.rtype)
                        };
                        t.and_then(|t| t.get_attr(&r.name)).is_some()
                    });
                    if present && !self.dirty.contains(&k) {
                        return;
                    }
                    self.dirty.remove(&k);
                    let Some(i) = self.insts.get(path) else { return };
                    let r = &i.module.resources[key];
                    let v = crate::plan::planner::resource_value(r, self.values.get(&k).cloned().unwrap_or_default());
                    if let Some(i) = self.insts.get_mut(path) {
                        crate::plan::planner::set_resource_value(&mut i.roots, r, v);
                    }
                }
                Node::Output(child_static, out) => {
                    // A child module's output, read by this instance as module.NAME.OUT.
                    let Some((_, call, _)) = split_instance(child_static) else { return };
                    let Some(i) = self.insts.get(path) else { return };
                    let counted = i.module.calls.get(&call).is_some_and(|c| c.count.is_some());
                    let single = i.module.calls.get(&call).is_some_and(|c| c.count.is_none() && c.for_each.is_none());
                    // No instances (count = 0) is an empty list or map, not null.
                    let empty = if counted { Value::List(vec![]) } else { Value::Map(BTreeMap::new()) };
                    let mut container = i.roots.get("module").and_then(|m| m.get_attr(&call)).cloned().unwrap_or(empty);
                    for (cpath, key) in self.children_of(path, &call) {
                        if self.prepare(&cpath, errors).is_none() {
                            continue;
                        }
                        self.materialize(&cpath, d, &mut BTreeSet::new(), errors);
                        let Some(ci) = self.insts.get(&cpath) else { continue };
                        let o = &ci.module.outputs[out];
                        let v = Evaluator::new(&ci.roots, &ci.env).eval(&o.value.expr).unwrap_or_else(|e| {
                            errors.push(eval_diag(e, o.value.file));
                            Value::Unknown
                        });
                        let v = if o.sensitive { v.mark() } else { v };
                        container = put_output(container, counted, single, &key, out, v);
                    }
                    self.set_root(path, "module", &call, container);
                }
                Node::ModuleCall(..) => {}
            }
        }
    }

    /// The final configuration of an instance, checked to be fully known.
    fn config_for(&mut self, addr: &InstanceAddress, errors: &mut Diagnostics) -> Option<Attrs> {
        self.prepared.clear();
        let path = addr.resource.module.clone();
        self.prepare(&path, errors)?;
        let key = addr.resource.local_key();
        let node = Node::Resource(addr.resource.static_module(), key.clone());
        self.materialize(&path, &node, &mut BTreeSet::new(), errors);
        let i = self.insts.get(&path)?;
        let r = i.module.resources.get(&key)?;
        let full = catalog().get(&r.rtype)?;
        let data_schema = if r.mode == crate::addr::Mode::Data { full.as_data_source() } else { None };
        let schema = data_schema.as_ref().unwrap_or(full);
        let each = each_value(i, r, &addr.key, errors)?;
        let scope = instance_scope(&i.roots, &addr.key, each);
        // Checked again with what is known now: one unknown at plan time is decided here.
        let mut failed = Diagnostics::default();
        conditions::check(
            &r.lifecycle.preconditions,
            &mut Evaluator::new(&scope, &i.env),
            ConditionKind::ResourcePrecondition,
            &mut failed,
        );
        if failed.has_errors() {
            errors.extend(failed);
            return None;
        }
        let config = match eval_body(r, schema, &mut Evaluator::new(&scope, &i.env)) {
            Ok(c) => c,
            Err(d) => {
                errors.extend(d);
                return None;
            }
        };
        if r.mode == crate::addr::Mode::Data {
            return match config.to_json() {
                serde_json::Value::Object(a) if config.is_known() => Some(a),
                _ => {
                    errors.push(Diagnostic::error(format!("The arguments of {addr} are still unknown at apply")));
                    None
                }
            };
        }
        let prior = self.req.plan.prior_state.resources.get(addr);
        let ip = match plan_instance(addr.clone(), r, schema, config, prior, self.req.provider.as_ref(), None, vec![]) {
            Ok(ip) => ip,
            Err(d) => {
                errors.push(d);
                return None;
            }
        };
        let mut attrs = Attrs::new();
        if let Value::Map(m) = &ip.value {
            for (k, v) in m {
                let is_arg = schema.attributes.get(k).is_some_and(|a| a.is_argument()) || schema.blocks.contains_key(k);
                if !is_arg {
                    continue;
                }
                // Left unset and decided by the service (optional + computed): not sent.
                if matches!(v, Value::Unknown) && schema.attributes.get(k).is_some_and(|a| a.computed) {
                    continue;
                }
                if !v.is_known() {
                    errors.push(
                        Diagnostic::error(format!("Value for {addr}.{k} is still unknown at apply"))
                            .detail("A value the plan expected to learn during apply was not produced. This is a bug in hadr's ordering; please report it."),
                    );
                    return None;
                }
                attrs.insert(k.clone(), v.to_json());
            }
        }
        Some(attrs)
    }

    /// Checks an applied object's postconditions, `self` being what the
    /// service returned; false when one fails.
    fn postconditions(&mut self, inst: &ResourceInstance, errors: &mut Diagnostics) -> bool {
        self.prepared.clear();
        let addr = &inst.address;
        let path = addr.resource.module.clone();
        let key = addr.resource.local_key();
        if self.prepare(&path, errors).is_none() {
            return false;
        }
        let has = self.insts.get(&path).and_then(|i| i.module.resources.get(&key)).is_some_and(|r| !r.lifecycle.postconditions.is_empty());
        if !has {
            return true;
        }
        self.materialize(&path, &Node::Resource(addr.resource.static_module(), key.clone()), &mut BTreeSet::new(), errors);
        let (Some(i), Some(schema)) = (self.insts.get(&path), catalog().get(&inst.rtype)) else { return true };
        let r = &i.module.resources[&key];
        let Some(each) = each_value(i, r, &addr.key, errors) else { return false };
        let scope = instance_scope(&i.roots, &addr.key, each);
        let mut ev = Evaluator::new(&scope, &i.env);
        let data_schema = if r.mode == crate::addr::Mode::Data { schema.as_data_source() } else { None };
        let schema = data_schema.as_ref().unwrap_or(schema);
        ev.bind("self", crate::plan::planner::prior_value(schema, &inst.attributes, &inst.sensitive_attributes));
        let mut failed = Diagnostics::default();
        conditions::check(&r.lifecycle.postconditions, &mut ev, ConditionKind::ResourcePostcondition, &mut failed);
        let ok = !failed.has_errors();
        errors.extend(failed);
        ok
    }

    /// The assertions of every `check` block, with what exists after apply:
    /// warnings, which never fail the apply.
    fn checks(&mut self, warnings: &mut Diagnostics) {
        self.prepared.clear();
        let graph = self.req.graph;
        let mut errors = Diagnostics::default();
        for path in std::iter::once(String::new()).chain(self.req.plan.module_instances.iter().filter(|p| !p.is_empty()).cloned()) {
            if self.prepare(&path, &mut errors).is_none() {
                continue;
            }
            let spath = crate::addr::strip_keys(&path);
            let Some(names) = self.insts.get(&path).map(|i| i.module.checks.keys().cloned().collect::<Vec<_>>()) else { continue };
            for name in names {
                let mut seen = BTreeSet::new();
                for n in graph.check_deps.get(&(spath.clone(), name.clone())).into_iter().flatten() {
                    self.materialize_one(&path, n, &mut seen, &mut errors);
                }
                let Some(i) = self.insts.get(&path) else { continue };
                conditions::check(
                    &i.module.checks[&name].asserts,
                    &mut Evaluator::new(&i.roots, &i.env),
                    ConditionKind::CheckAssertion,
                    warnings,
                );
            }
        }
        // A value a check could not read is reported as a warning too: checks never fail an apply.
        for d in errors.0 {
            warnings.push(Diagnostic { severity: crate::diag::Severity::Warning, ..d });
        }
    }

    fn outputs(&mut self, errors: &mut Diagnostics) -> BTreeMap<String, OutputState> {
        self.prepared.clear();
        let mut out = BTreeMap::new();
        let names: Vec<String> = self.req.module.outputs.keys().cloned().collect();
        for name in names {
            self.materialize("", &Node::Output(String::new(), name.clone()), &mut BTreeSet::new(), errors);
            let Some(i) = self.insts.get("") else { continue };
            let o = &self.req.module.outputs[&name];
            let mut ev = Evaluator::new(&i.roots, &i.env);
            let mut failed = Diagnostics::default();
            conditions::check(&o.preconditions, &mut ev, ConditionKind::OutputPrecondition, &mut failed);
            if failed.has_errors() {
                errors.extend(failed);
                continue;
            }
            match ev.eval(&o.value.expr) {
                Ok(v) if v.is_known() => {
                    out.insert(name.clone(), OutputState { value: v.to_json(), sensitive: o.sensitive || v.is_sensitive() });
                }
                Ok(_) => {}
                Err(e) => errors.push(eval_diag(e, o.value.file)),
            }
        }
        out
    }
}

/// Sets one output of one module instance inside the caller's `module.NAME` value.
fn put_output(container: Value, counted: bool, single: bool, key: &crate::addr::InstanceKey, out: &str, v: Value) -> Value {
    use crate::addr::InstanceKey;
    let set = |m: Value| match m {
        Value::Map(mut m) => {
            m.insert(out.to_string(), v.clone());
            Value::Map(m)
        }
        _ => Value::Map([(out.to_string(), v.clone())].into_iter().collect()),
    };
    match (container, key) {
        (c, _) if single => set(c),
        (Value::List(mut items), InstanceKey::Int(i)) if counted => {
            let i = *i as usize;
            while items.len() <= i {
                items.push(Value::Map(BTreeMap::new()));
            }
            let cur = std::mem::replace(&mut items[i], Value::Null);
            items[i] = set(cur);
            Value::List(items)
        }
        (_, InstanceKey::Int(i)) if counted => {
            let mut items: Vec<Value> = (0..=*i).map(|_| Value::Map(BTreeMap::new())).collect();
            items[*i as usize] = set(Value::Null);
            Value::List(items)
        }
        (Value::Map(mut m), InstanceKey::Str(k)) => {
            let cur = m.remove(k).unwrap_or(Value::Null);
            m.insert(k.clone(), set(cur));
            Value::Map(m)
        }
        (_, InstanceKey::Str(k)) => Value::Map([(k.clone(), set(Value::Null))].into_iter().collect()),
        (c, _) => c,
    }
}
