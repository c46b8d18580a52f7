//! Disaster recovery: the `dr { }` declaration, the pair's roles recorded in
//! the state, and failover as a plan.
//!
//! A failover plan is an ordinary plan computed with the active region
//! swapped (`dr.active`), whose changes become ordered steps (`steps`): fence
//! the old region, switch the data tier, bring up compute, check health,
//! switch traffic. `estimate` prices the steps (RTO, RPO); `safety` checks
//! that no prefix of them has two writers or two priority-1 regions.

pub mod checks;
pub mod drill;
pub mod estimate;
pub mod report;
pub mod safety;
pub mod steps;
pub mod switch;
pub mod world;

use crate::config::Module;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use crate::lang::eval::Evaluator;
use crate::lang::functions::FnEnv;
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The evaluated `dr` block.
#[derive(Clone, Debug, PartialEq)]
pub struct DrDeclared {
    pub regions: [String; 2],
    pub primary: String,
    pub rto_s: Option<f64>,
    pub rpo_s: Option<f64>,
}

/// The pair's roles, recorded in the state.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DrState {
    pub active: String,
    pub passive: String,
    /// Regions held fenced (never writable, never given traffic) until `reprotect`.
    #[serde(default)]
    pub fenced: Vec<String>,
    /// Objects whose replication towards the passive region must be re-established.
    #[serde(default)]
    pub needs_reprotect: Vec<String>,
}

impl DrState {
    pub fn protected(&self) -> bool {
        self.fenced.is_empty() && self.needs_reprotect.is_empty()
    }

    pub fn from_state(state: &State) -> Option<DrState> {
        state.dr.as_ref().and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Evaluates the dr block (its values may use variables and functions).
pub fn declared(m: &Module, variables: &BTreeMap<String, Value>) -> Result<Option<DrDeclared>, Diagnostics> {
    let Some(d) = &m.dr else { return Ok(None) };
    let env = FnEnv { module_dir: m.dir.clone(), root_dir: m.dir.clone() };
    let mut roots = BTreeMap::new();
    roots.insert("var".to_string(), Value::Map(variables.clone()));
    let eval = |e: &crate::config::Expr| -> Result<Value, Diagnostics> {
        Evaluator::new(&roots, &env)
            .eval(&e.expr)
            .map(|v| v.unmark_deep().0)
            .map_err(|err| Diagnostics(vec![crate::plan::body::eval_diag(err, e.file)]))
    };
    let bad = |e: &crate::config::Expr, what: &str| {
        Diagnostics(vec![Diagnostic::error("Invalid dr block").detail(what.to_string()).at(e.location())])
    };
    let regions: Vec<String> = match eval(&d.regions)? {
        Value::List(items) | Value::Set(items) => items.iter().filter_map(|v| v.as_str().map(normalize)).collect(),
        _ => return Err(bad(&d.regions, "regions must be a list of two region names, e.g. [\"eastus\", \"westus\"].")),
    };
    if regions.len() != 2 || regions[0] == regions[1] {
        return Err(bad(&d.regions, "regions must name exactly two distinct regions."));
    }
    let primary = match eval(&d.primary)? {
        Value::String(s) => normalize(&s),
        _ => return Err(bad(&d.primary, "primary must be a region name.")),
    };
    if !regions.contains(&primary) {
        return Err(bad(&d.primary, &format!("primary \"{primary}\" is not one of the regions {regions:?}.")));
    }
    let objective = |e: &Option<crate::config::Expr>| -> Result<Option<f64>, Diagnostics> {
        match e {
            None => Ok(None),
            Some(e) => match eval(e)? {
                Value::String(s) => parse_duration(&s)
                    .map(Some)
                    .ok_or_else(|| bad(e, &format!("\"{s}\" is not a duration; write it like \"1h\", \"15m\" or \"30s\"."))),
                Value::Number(n) => Ok(Some(n)),
                _ => Err(bad(e, "an objective is a duration such as \"1h\".")),
            },
        }
    };
    Ok(Some(DrDeclared {
        regions: [regions[0].clone(), regions[1].clone()],
        primary,
        rto_s: objective(&d.rto)?,
        rpo_s: objective(&d.rpo)?,
    }))
}

impl DrDeclared {
    pub fn other(&self, region: &str) -> String {
        if self.regions[0] == region { self.regions[1].clone() } else { self.regions[0].clone() }
    }

    /// The roles now: recorded in the state, or the declared primary at first.
    pub fn current(&self, state: &State) -> DrState {
        DrState::from_state(state).filter(|s| self.regions.contains(&s.active)).unwrap_or_else(|| DrState {
            active: self.primary.clone(),
            passive: self.other(&self.primary),
            fenced: vec![],
            needs_reprotect: vec![],
        })
    }

    /// The `dr` object expressions see.
    pub fn roots(&self, s: &DrState) -> BTreeMap<String, Value> {
        let mut m = BTreeMap::new();
        m.insert("active".to_string(), Value::String(s.active.clone()));
        m.insert("passive".to_string(), Value::String(s.passive.clone()));
        m.insert("primary".to_string(), Value::String(self.primary.clone()));
        m.insert("regions".to_string(), Value::List(self.regions.iter().map(|r| Value::String(r.clone())).collect()));
        [("dr".to_string(), Value::Map(m))].into_iter().collect()
    }

    /// Warnings about the pair itself (not a paired region).
    pub fn pair_warnings(&self) -> Diagnostics {
        let mut d = Diagnostics::default();
        let [a, b] = &self.regions;
        let pa = crate::provider::sim::regions::paired(a);
        if pa != Some(b.as_str()) {
            let pb = crate::provider::sim::regions::paired(b);
            d.push(
                Diagnostic::warning(format!("{a} and {b} are not an Azure region pair"))
                    .detail(format!(
                        "{a} pairs with {}, {b} pairs with {}. Paired regions get sequential platform updates and priority recovery; geo-redundant storage and backup cross-region restore replicate only to the pair.",
                        pa.unwrap_or("no region"),
                        pb.unwrap_or("no region")
                    )),
            );
        }
        d
    }
}

pub fn normalize(r: &str) -> String {
    crate::provider::sim::regions::normalize(r)
}

/// `1h30m`, `15m`, `45s`, `2h` → seconds.
pub fn parse_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut total = 0.0;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
        } else {
            let n: f64 = num.parse().ok()?;
            num.clear();
            total += n * match c {
                'h' => 3600.0,
                'm' => 60.0,
                's' => 1.0,
                'd' => 86400.0,
                _ => return None,
            };
        }
    }
    if !num.is_empty() {
        return None;
    }
    Some(total)
}

/// `1h2m3s` style, rounding to seconds.
pub fn fmt_secs(s: f64) -> String {
    crate::util::format_duration(std::time::Duration::from_secs_f64(s.max(0.0).round()))
}

/// ISO 8601 repeating interval (`R/2026-01-01T02:00:00+00:00/P1D`) or duration → seconds.
pub fn iso_interval_secs(s: &str) -> Option<f64> {
    let d = s.rsplit('/').next()?;
    let d = d.strip_prefix('P')?;
    let (date, time) = d.split_once('T').unwrap_or((d, ""));
    let mut total = 0.0;
    let mut num = String::new();
    for c in date.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            let n: f64 = num.parse().ok()?;
            num.clear();
            total += n * match c {
                'Y' => 365.0 * 86400.0,
                'M' => 30.0 * 86400.0,
                'W' => 7.0 * 86400.0,
                'D' => 86400.0,
                _ => return None,
            };
        }
    }
    // A number with no unit after it (`P1`) is not a duration.
    if !num.is_empty() {
        return None;
    }
    for c in time.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
        } else {
            let n: f64 = num.parse().ok()?;
            num.clear();
            total += n * match c {
                'H' => 3600.0,
                'M' => 60.0,
                'S' => 1.0,
                _ => return None,
            };
        }
    }
    if !num.is_empty() {
        return None;
    }
    Some(total)
}

/// Drops planned changes to objects in a fenced region (they wait for
/// `reprotect`); returns their addresses.
pub fn hold_fenced(plan: &mut crate::plan::Plan, decl: &DrDeclared, current: &DrState) -> Vec<String> {
    if current.fenced.is_empty() {
        return vec![];
    }
    let world = switch::world_of(decl, plan);
    let mut held = vec![];
    plan.changes.retain(|c| {
        let fenced = c.action != crate::plan::PlanAction::NoOp
            && world::World::role(&c.rtype).is_some_and(|r| r != "data")
            && world.region_of(&c.address).is_some_and(|r| current.fenced.contains(&r));
        if fenced {
            held.push(c.address.to_string());
        }
        !fenced
    });
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("1h30m"), Some(5400.0));
        assert_eq!(parse_duration("5m"), Some(300.0));
        assert_eq!(parse_duration("1x"), None);
        assert_eq!(parse_duration("10"), None);
        assert_eq!(iso_interval_secs("R/2026-01-01T02:00:00+00:00/P1D"), Some(86400.0));
        assert_eq!(iso_interval_secs("PT4H"), Some(14400.0));
        assert_eq!(iso_interval_secs("PT4"), None);
        assert_eq!(iso_interval_secs("P1"), None);
        assert_eq!(fmt_secs(3725.0), "1h2m5s");
    }
}
