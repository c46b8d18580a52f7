//! The human report of a switch plan: ordered steps by phase, estimated RTO
//! with the path that determines it, estimated RPO with its source.

use super::fmt_secs;
use super::steps::{PHASES, StepKind};
use super::switch::{DrPlan, SwitchKind};
use crate::plan::Plan;
use crate::plan::render::Style;
use std::fmt::Write as _;

pub fn render(plan: &Plan, dr: &DrPlan, st: Style) -> String {
    let mut out = String::new();
    let title = match dr.kind {
        SwitchKind::Failover => {
            format!("Failover: {} → {} ({:?} mode)", dr.from, dr.to, dr.mode).replace("Planned", "planned").replace("Forced", "forced")
        }
        SwitchKind::Failback => format!("Failback: {} → {} (the declared primary)", dr.from, dr.to),
        SwitchKind::Reprotect => format!("Re-protect: replication {} → {}, fences lifted", dr.to, dr.from),
        SwitchKind::Drill => format!("Drill: test failover into {} (production untouched)", dr.from),
        SwitchKind::DrillCleanup => "Drill cleanup: remove what the drill made".to_string(),
    };
    let _ = writeln!(out, "\n{}\n", st.bold(&title));
    if dr.steps.is_empty() {
        out.push_str("  No steps.\n");
    }
    let mut phase = 0;
    for (i, s) in dr.steps.iter().enumerate() {
        if s.phase != phase {
            phase = s.phase;
            let _ = writeln!(out, "  Phase {phase}: {}", PHASES[phase as usize]);
        }
        let what = match &s.kind {
            StepKind::Invoke { .. } => "action",
            StepKind::Fence { .. } => "fence",
            StepKind::Update => "update",
            StepKind::Create => "create",
            StepKind::Delete => "delete",
        };
        let est = if s.skipped.is_some() { "skipped".to_string() } else { fmt_secs(s.estimate_s) };
        let _ = writeln!(out, "    {:>2}. [{what}] {}  ({est})", i + 1, s.label);
        if let Some(why) = &s.skipped {
            let _ = writeln!(out, "        {}", st.bold(why));
        }
    }
    let verdict = |met: bool, objective: Option<f64>| match objective {
        None => String::new(),
        Some(o) if met => format!(" — objective {} met", fmt_secs(o)),
        Some(o) => st.bold(&format!(" — MISSES the objective {}", fmt_secs(o))),
    };
    let _ = writeln!(out, "\nEstimated RTO: {}{}", fmt_secs(dr.rto.seconds), verdict(dr.rto.met(), dr.rto.objective_s));
    if !dr.rto.because.is_empty() {
        let path: Vec<String> = dr
            .rto
            .because
            .iter()
            .filter_map(|i| i.parse::<usize>().ok())
            .map(|i| format!("{} ({})", i + 1, fmt_secs(dr.steps[i].estimate_s)))
            .collect();
        let _ = writeln!(out, "  critical path: steps {}", path.join(" → "));
    }
    let _ = writeln!(out, "Estimated RPO: {}{}", fmt_secs(dr.rpo.seconds), verdict(dr.rpo.met(), dr.rpo.objective_s));
    for b in &dr.rpo.because {
        let _ = writeln!(out, "  from: {b}");
    }
    let s = &dr.state_change;
    let _ = writeln!(
        out,
        "\nAfter this plan: active {}, passive {}{}{}",
        s.active,
        s.passive,
        if s.fenced.is_empty() { String::new() } else { format!(", fenced {}", s.fenced.join(", ")) },
        if s.needs_reprotect.is_empty() { String::new() } else { format!(", to re-protect: {}", s.needs_reprotect.join(", ")) }
    );
    let _ = plan;
    out
}
