//! The safety invariant: at no moment do both regions accept writes, or both
//! receive priority-1 traffic. Checked on every prefix of a step plan: after
//! the earlier phases complete, every subset of a phase's steps that respects
//! their order (all the states parallel steps can pass through).

use super::steps::{Step, StepKind};
use super::world::World;
use crate::lang::Value;
use crate::plan::Plan;

#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub what: String,
    pub after_steps: Vec<usize>,
}

fn apply_step(world: &mut World, plan: &Plan, s: &Step) {
    if s.skipped.is_some() {
        return;
    }
    let c = &plan.changes[s.change];
    match &s.kind {
        StepKind::Create | StepKind::Update => {
            if let Some(a) = &c.after {
                world.insert(c.address.clone(), &c.rtype, a);
            }
        }
        StepKind::Delete => {
            world.remove(&c.address);
        }
        StepKind::Fence { patch } => {
            for (k, v) in patch {
                world.set(&c.address, k, Value::from_json(v));
            }
        }
        StepKind::Invoke { action } => {
            if let Some(params) = action.params.as_object() {
                for (k, v) in params {
                    if world.objects.get(&c.address).is_some_and(|o| o.attrs.contains_key(k)) {
                        world.set(&c.address, k, Value::from_json(v));
                    }
                }
            }
        }
    }
}

fn check(world: &World, fenced: &[String], prefix: &[usize]) -> Result<(), Violation> {
    let live = |m: std::collections::BTreeMap<String, Vec<String>>| -> Vec<(String, Vec<String>)> {
        m.into_iter().filter(|(r, _)| !fenced.contains(r)).collect()
    };
    let w = live(world.writers());
    if w.len() > 1 {
        return Err(Violation { what: format!("both regions accept writes: {w:?}"), after_steps: prefix.to_vec() });
    }
    let t = live(world.primary_traffic());
    if t.len() > 1 {
        return Err(Violation { what: format!("both regions receive priority-1 traffic: {t:?}"), after_steps: prefix.to_vec() });
    }
    Ok(())
}

/// Checks every reachable intermediate state of the plan.
pub fn check_plan(plan: &Plan, steps: &[Step], start: &World, fenced: &[String]) -> Result<(), Violation> {
    let mut world = start.clone();
    check(&world, fenced, &[])?;
    let mut done: Vec<usize> = vec![];
    let mut i = 0;
    while i < steps.len() {
        let phase = steps[i].phase;
        let members: Vec<usize> = (i..steps.len()).take_while(|&j| steps[j].phase == phase).collect();
        i += members.len();
        let n = members.len();
        if n <= 12 {
            for mask in 1u32..(1 << n) {
                let chosen: Vec<usize> = (0..n).filter(|b| mask & (1 << b) != 0).map(|b| members[b]).collect();
                let closed = chosen.iter().all(|&s| steps[s].after.iter().all(|a| !members.contains(a) || chosen.contains(a)));
                if !closed {
                    continue;
                }
                let mut w = world.clone();
                for &s in &chosen {
                    apply_step(&mut w, plan, &steps[s]);
                }
                let prefix: Vec<usize> = done.iter().copied().chain(chosen.iter().copied()).collect();
                check(&w, fenced, &prefix)?;
            }
        } else {
            let mut w = world.clone();
            for (k, &s) in members.iter().enumerate() {
                apply_step(&mut w, plan, &steps[s]);
                let prefix: Vec<usize> = done.iter().copied().chain(members[..=k].iter().copied()).collect();
                check(&w, fenced, &prefix)?;
            }
        }
        for &s in &members {
            apply_step(&mut world, plan, &steps[s]);
        }
        done.extend(members);
    }
    Ok(())
}

/// Every prefix of the plan in execution order, for tests and reports.
pub fn states(plan: &Plan, steps: &[Step], start: &World) -> Vec<World> {
    let mut w = start.clone();
    let mut out = vec![w.clone()];
    for s in steps {
        apply_step(&mut w, plan, s);
        out.push(w.clone());
    }
    out
}
