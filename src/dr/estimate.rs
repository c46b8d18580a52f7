//! RTO and RPO estimates of a step plan, before anyone presses the button.
//!
//! RTO is the critical path: phases are barriers, steps within a phase run in
//! parallel (unless one waits for another), each takes its estimated time.
//! RPO comes from the data tier: what each switch can lose.

use super::steps::{Mode, Step, StepKind};
use super::world::World;
use crate::lang::Value;
use crate::plan::Plan;
use crate::schema::catalog;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Estimate {
    pub seconds: f64,
    /// What determines it: step indices (RTO) or sources (RPO).
    pub because: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective_s: Option<f64>,
}

impl Estimate {
    pub fn met(&self) -> bool {
        self.objective_s.is_none_or(|o| self.seconds <= o + 1e-9)
    }
}

/// Finish times of every step, and the RTO with its critical path.
pub fn rto(steps: &[Step], objective_s: Option<f64>) -> (Vec<f64>, Estimate) {
    let mut finish = vec![0.0; steps.len()];
    let mut pred: Vec<Option<usize>> = vec![None; steps.len()];
    let mut phase_end = 0.0;
    let mut phase_last: Option<usize> = None;
    let mut phase = 0;
    let mut cur_end = 0.0;
    let mut cur_last: Option<usize> = None;
    for (i, s) in steps.iter().enumerate() {
        if s.phase != phase {
            if cur_last.is_some() {
                phase_end = cur_end;
                phase_last = cur_last;
            }
            phase = s.phase;
            cur_end = phase_end;
            cur_last = None;
        }
        let (mut start, mut p) = (phase_end, phase_last);
        for &a in &s.after {
            if finish[a] > start {
                start = finish[a];
                p = Some(a);
            }
        }
        let d = if s.skipped.is_some() { 0.0 } else { s.estimate_s };
        finish[i] = start + d;
        pred[i] = p;
        if finish[i] >= cur_end || cur_last.is_none() {
            cur_end = cur_end.max(finish[i]);
            if finish[i] >= cur_end {
                cur_last = Some(i);
            }
        }
    }
    let total = finish.iter().cloned().fold(0.0, f64::max);
    let mut path = vec![];
    let mut at = (0..steps.len()).rfind(|&i| finish[i] == total);
    while let Some(i) = at {
        path.push(i.to_string());
        at = pred[i];
    }
    path.reverse();
    (finish, Estimate { seconds: total, because: path, objective_s })
}

/// The most data a switch can lose, from the data-tier steps.
pub fn rpo(plan: &Plan, steps: &[Step], world: &World, mode: Mode, objective_s: Option<f64>) -> Estimate {
    let mut worst = 0.0;
    let mut because = vec![];
    for s in steps {
        let StepKind::Invoke { action } = &s.kind else { continue };
        let c = &plan.changes[s.change];
        let Some(schema) = catalog().get(&c.rtype) else { continue };
        let Some(dr) = &schema.dr else { continue };
        let after = c.after.as_ref();
        let get = |k: &str| after.and_then(|v| v.get_attr(k)).cloned().unwrap_or(Value::Null);
        let (secs, why) = if let Some(r) = dr.get("rpo_seconds") {
            let key = if mode == Mode::Forced { "forced" } else { "planned" };
            (r.get(key).and_then(|v| v.as_f64()).unwrap_or(0.0), format!("{} {} ({key})", action.name, c.address))
        } else if let Some(attr) = dr.get("rpo_from").and_then(|v| v.as_str()) {
            if action.name == "failoverCommit" {
                continue;
            }
            let minutes = get(attr).as_f64().unwrap_or(5.0);
            (minutes * 60.0, format!("{} {}: a recovery point every {minutes} min", action.name, c.address))
        } else if dr.get("rpo_from_policy").is_some() {
            let policy_id = get("backup_policy_id");
            let interval = world
                .objects
                .values()
                .find(|o| o.attrs.get("id").and_then(Value::as_str) == policy_id.as_str())
                .and_then(|o| o.attrs.get("backup_repeating_time_intervals"))
                .and_then(|v| match v {
                    Value::List(l) => l.first().and_then(Value::as_str).and_then(super::iso_interval_secs),
                    _ => None,
                })
                .unwrap_or(86400.0);
            (interval, format!("{} {}: restores the last backup (every {})", action.name, c.address, super::fmt_secs(interval)))
        } else {
            continue;
        };
        if secs > worst || because.is_empty() {
            if secs > worst {
                because.clear();
            }
            worst = worst.max(secs);
            because.push(why);
        }
    }
    Estimate { seconds: worst, because, objective_s }
}
