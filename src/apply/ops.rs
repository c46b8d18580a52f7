//! The operation graph of an apply: one or two operations per planned
//! change, ordered so that nothing is created before what it needs and
//! nothing is deleted before what needs it.

use crate::plan::{Plan, PlanAction};
use crate::provider::{Operation, Provider};
use crate::schema::catalog;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Create,
    Update,
    Delete,
    /// Deletes the old object of a create_before_destroy replacement (or a deposed leftover).
    DeleteDeposed,
    Invoke,
    /// A DR fence: the object's current arguments with a patch (endpoint disabled, lease released).
    Fence,
    /// A data source read deferred to apply.
    Read,
}

impl OpKind {
    pub fn operation(self) -> Operation {
        match self {
            OpKind::Create => Operation::Create,
            OpKind::Update => Operation::Update,
            OpKind::Delete | OpKind::DeleteDeposed => Operation::Delete,
            OpKind::Invoke => Operation::Invoke,
            OpKind::Fence => Operation::Update,
            OpKind::Read => Operation::Read,
        }
    }
}

pub struct Op {
    pub change: usize,
    pub kind: OpKind,
    /// The DR step this operation runs, in a switch plan.
    pub step: Option<usize>,
    pub deps: Vec<usize>,
    pub dependents: Vec<usize>,
    /// Expected duration in ms (at least 1, so that path length counts operations).
    pub weight: u64,
    /// Longest remaining path from here, in ms: the scheduling priority.
    pub priority: u64,
}

pub struct OpGraph {
    pub ops: Vec<Op>,
}

impl OpGraph {
    pub fn build(plan: &Plan, provider: &Arc<dyn Provider>) -> OpGraph {
        if let Some(dr) = crate::dr::switch::DrPlan::from_plan(plan) {
            return OpGraph::from_steps(&dr.steps);
        }
        let mut ops: Vec<Op> = vec![];
        let mut forward: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut destroy: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut edges: Vec<(usize, usize)> = vec![];
        let add = |ops: &mut Vec<Op>, change: usize, kind: OpKind| {
            let c = &plan.changes[change];
            let w = catalog().get(&c.rtype).map(|s| provider.estimate(s, kind.operation()).as_millis() as u64).unwrap_or(0);
            ops.push(Op { change, kind, step: None, deps: vec![], dependents: vec![], weight: w.max(1), priority: 0 });
            ops.len() - 1
        };
        for (i, c) in plan.changes.iter().enumerate() {
            let key = c.address.resource.static_key();
            match (c.action, &c.deposed) {
                (PlanAction::Delete, Some(_)) => {
                    let d = add(&mut ops, i, OpKind::DeleteDeposed);
                    destroy.entry(key).or_default().push(d);
                }
                (PlanAction::Create, _) => forward.entry(key).or_default().push(add(&mut ops, i, OpKind::Create)),
                (PlanAction::Update, _) => forward.entry(key).or_default().push(add(&mut ops, i, OpKind::Update)),
                (PlanAction::Invoke, _) => forward.entry(key).or_default().push(add(&mut ops, i, OpKind::Invoke)),
                (PlanAction::Delete, None) => {
                    let d = add(&mut ops, i, OpKind::Delete);
                    destroy.entry(key).or_default().push(d);
                }
                (PlanAction::DeleteThenCreate, _) => {
                    let d = add(&mut ops, i, OpKind::Delete);
                    let cr = add(&mut ops, i, OpKind::Create);
                    edges.push((d, cr));
                    destroy.entry(key.clone()).or_default().push(d);
                    forward.entry(key).or_default().push(cr);
                }
                (PlanAction::CreateThenDelete, _) => {
                    let cr = add(&mut ops, i, OpKind::Create);
                    let d = add(&mut ops, i, OpKind::DeleteDeposed);
                    edges.push((cr, d));
                    destroy.entry(key.clone()).or_default().push(d);
                    forward.entry(key).or_default().push(cr);
                }
                (PlanAction::Read, _) => forward.entry(key).or_default().push(add(&mut ops, i, OpKind::Read)),
                // Forgotten objects leave the state when the apply starts; nothing runs against the cloud.
                (PlanAction::NoOp | PlanAction::Forget, _) => {}
            }
        }
        // Who depended on what in the prior state (for delete order).
        let prior_deps = |i: usize| -> Vec<String> {
            let c = &plan.changes[i];
            plan.prior_state.resources.get(&c.address).map(|r| r.dependencies.clone()).unwrap_or_else(|| c.dependencies.clone())
        };
        for (oi, op) in ops.iter().enumerate() {
            let c = &plan.changes[op.change];
            match op.kind {
                OpKind::Create | OpKind::Update | OpKind::Invoke | OpKind::Fence | OpKind::Read => {
                    for d in &c.dependencies {
                        for &f in forward.get(d).map(Vec::as_slice).unwrap_or(&[]) {
                            edges.push((f, oi));
                        }
                    }
                }
                OpKind::Delete | OpKind::DeleteDeposed => {
                    let me = c.address.resource.static_key();
                    let pure_delete = c.action == PlanAction::Delete;
                    for (oj, other) in ops.iter().enumerate() {
                        if oj == oi || other.change == op.change {
                            continue;
                        }
                        if !prior_deps(other.change).contains(&me) {
                            continue;
                        }
                        match other.kind {
                            // Dependents go first.
                            OpKind::Delete | OpKind::DeleteDeposed => edges.push((oj, oi)),
                            // A dependent that stops using this object is updated before it goes.
                            _ if pure_delete || op.kind == OpKind::DeleteDeposed => edges.push((oj, oi)),
                            _ => {}
                        }
                    }
                }
            }
        }
        edges.sort();
        edges.dedup();
        for (a, b) in edges {
            ops[b].deps.push(a);
            ops[a].dependents.push(b);
        }
        // Longest remaining path, computed in reverse topological order.
        let order = topo(&ops);
        for &i in order.iter().rev() {
            let tail = ops[i].dependents.iter().map(|&d| ops[d].priority).max().unwrap_or(0);
            ops[i].priority = ops[i].weight + tail;
        }
        OpGraph { ops }
    }
}

impl OpGraph {
    /// A switch plan runs its steps: phases are barriers, `after` orders steps
    /// within a phase; skipped steps (fence pending) do not run.
    fn from_steps(steps: &[crate::dr::steps::Step]) -> OpGraph {
        use crate::dr::steps::StepKind;
        let mut ops: Vec<Op> = vec![];
        let mut op_of: BTreeMap<usize, usize> = BTreeMap::new();
        for (si, s) in steps.iter().enumerate() {
            if s.skipped.is_some() {
                continue;
            }
            let kind = match s.kind {
                StepKind::Create => OpKind::Create,
                StepKind::Update => OpKind::Update,
                StepKind::Delete => OpKind::Delete,
                StepKind::Fence { .. } => OpKind::Fence,
                StepKind::Invoke { .. } => OpKind::Invoke,
            };
            let weight = (s.estimate_s * 1000.0) as u64;
            op_of.insert(si, ops.len());
            ops.push(Op { change: s.change, kind, step: Some(si), deps: vec![], dependents: vec![], weight: weight.max(1), priority: 0 });
        }
        let mut edges = vec![];
        for (si, s) in steps.iter().enumerate() {
            let Some(&b) = op_of.get(&si) else { continue };
            // The previous phase's steps all come first.
            let prev = steps
                .iter()
                .enumerate()
                .filter(|(_, p)| p.phase < s.phase)
                .map(|(i, p)| (i, p.phase))
                .max_by_key(|(_, ph)| *ph)
                .map(|(_, ph)| ph);
            if let Some(ph) = prev {
                for (pi, p) in steps.iter().enumerate() {
                    if p.phase == ph
                        && let Some(&a) = op_of.get(&pi)
                    {
                        edges.push((a, b));
                    }
                }
            }
            for a in &s.after {
                if let Some(&a) = op_of.get(a) {
                    edges.push((a, b));
                }
            }
        }
        edges.sort();
        edges.dedup();
        for (a, b) in edges {
            ops[b].deps.push(a);
            ops[a].dependents.push(b);
        }
        let order = topo(&ops);
        for &i in order.iter().rev() {
            let tail = ops[i].dependents.iter().map(|&d| ops[d].priority).max().unwrap_or(0);
            ops[i].priority = ops[i].weight + tail;
        }
        OpGraph { ops }
    }
}

fn topo(ops: &[Op]) -> Vec<usize> {
    let mut indeg: Vec<usize> = ops.iter().map(|o| o.deps.len()).collect();
    let mut stack: Vec<usize> = (0..ops.len()).filter(|i| indeg[*i] == 0).collect();
    let mut out = vec![];
    while let Some(i) = stack.pop() {
        out.push(i);
        for &d in &ops[i].dependents {
            indeg[d] -= 1;
            if indeg[d] == 0 {
                stack.push(d);
            }
        }
    }
    out
}
