//! The runner shared by the Terraform-derived corpora (tests/tf_cases,
//! tests/tf_cases_lang; see tests/tf_cases/README.md): replays each case's
//! steps through hadr in one scratch directory and compares plan actions,
//! reasons, moves, the summary line and outputs with what Terraform recorded
//! in the case's expected.json.

use super::{Work, repo};
use serde_json::Value as J;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn step_dirs(case: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(case).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    v.sort_by_key(|p| p.file_name().unwrap().to_string_lossy().trim_start_matches("step").parse::<u32>().unwrap_or(0));
    v
}

/// Relative paths ('/'-separated) of a step's files, subfolders included,
/// without vars.txt (which becomes --var flags): what generate.py copies.
fn step_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                if rel != "vars.txt" {
                    out.push(rel);
                }
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Copies the step's files into the work dir and deletes those the previous
/// step had that this one lacks (and folders left empty), as generate.py does.
/// hadr's own files (state, .hadr/) are never touched.
fn sync_step(w: &Work, dir: &Path, previous: &[String]) -> Vec<String> {
    let names = step_files(dir);
    for n in previous.iter().filter(|n| !names.contains(n)) {
        let p = w.dir.join(n);
        std::fs::remove_file(&p).unwrap();
        let mut d = p.parent().unwrap().to_path_buf();
        while d != w.dir && std::fs::read_dir(&d).map(|mut r| r.next().is_none()).unwrap_or(false) {
            std::fs::remove_dir(&d).unwrap();
            d = d.parent().unwrap().to_path_buf();
        }
    }
    for n in &names {
        let dst = w.dir.join(n);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::copy(dir.join(n), dst).unwrap();
    }
    names
}

fn num_eq(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() <= 1e-9 * y.as_f64().unwrap().abs().max(1.0),
        (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| num_eq(p, q)),
        (J::Object(x), J::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| num_eq(v, w))),
        _ => a == b,
    }
}

/// The moves a human-readable plan reports, as {to: from}: "# A has moved to B"
/// for a pure move, "# B will be ..." followed by "# (moved from A)" otherwise.
fn human_moves(out: &str) -> BTreeMap<String, String> {
    let mut moves = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in out.lines() {
        let Some(c) = line.trim_start().strip_prefix("# ") else { continue };
        if let Some((from, to)) = c.split_once(" has moved to ") {
            moves.insert(to.trim().to_string(), from.to_string());
        } else if let Some(from) = c.strip_prefix("(moved from ").and_then(|r| r.strip_suffix(')')) {
            if let Some(to) = &last {
                moves.insert(to.clone(), from.to_string());
            }
        } else if let Some(i) = [" will be ", " must be ", " is tainted"].iter().filter_map(|k| c.find(k)).min() {
            last = Some(c[..i].to_string());
        }
    }
    moves
}

/// Runs one case of `corpus` (a folder under the repository); returns the first mismatch.
/// The human plan from "... will perform the following actions:" to the rule
/// before the footer (or the first warning), random ids as <uuid>: as
/// generate.py records Terraform's.
fn plan_text(out: &str) -> Option<String> {
    let lines: Vec<&str> = out.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("will perform the following actions:"))
        .or_else(|| lines.iter().position(|l| l.starts_with("Changes to Outputs:")))?;
    let mut text: Vec<String> = lines[start..]
        .iter()
        .take_while(|l| !l.starts_with('\u{2500}') && !l.starts_with("Warning: "))
        .map(|l| uuids_out(l).trim_end().to_string())
        .collect();
    while text.last().is_some_and(|l| l.is_empty()) {
        text.pop();
    }
    Some(text.join("\n") + "\n")
}

/// Replaces every UUID (8-4-4-4-12 lower-case hex) with <uuid>, as generate.py's UUID_RE does.
fn uuids_out(line: &str) -> String {
    static UUID: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = UUID.get_or_init(|| regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap());
    re.replace_all(line, "<uuid>").into_owned()
}

pub fn run_case(corpus: &str, name: &str) -> Result<(), String> {
    let case = repo().join(corpus).join(name);
    let expected: J = serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
    let w = Work::new(&format!("tfcase-{}-{name}", corpus.rsplit('/').next().unwrap()));
    let mut present = vec![];
    let (dirs, steps) = (step_dirs(&case), expected["steps"].as_array().unwrap());
    // zip would stop at the shorter side: a missing step must fail, not pass unchecked.
    if dirs.is_empty() || dirs.len() != steps.len() {
        return Err(format!("{} step folders but {} steps in expected.json (regenerate it)", dirs.len(), steps.len()));
    }
    for (i, (dir, exp)) in dirs.iter().zip(steps).enumerate() {
        let step = i + 1;
        present = sync_step(&w, dir, &present);
        let mut args: Vec<String> = vec![];
        if let Ok(vars) = std::fs::read_to_string(dir.join("vars.txt")) {
            for l in vars.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                args.push("--var".into());
                args.push(l.to_string());
            }
        }
        let with = |cmd: &[&str]| -> Vec<String> { cmd.iter().map(|s| s.to_string()).chain(args.iter().cloned()).collect() };
        let plan_args = with(&["plan"]);
        let plan = w.run(&plan_args.iter().map(String::as_str).collect::<Vec<_>>());
        if let Some(err) = exp.get("error").and_then(J::as_str) {
            let kind = err.split(':').next().unwrap();
            if plan.code() != 1 || !plan.stderr().contains(kind) {
                return Err(format!(
                    "step {step}: expected error \"{err}\", got exit {}:\n{}{}",
                    plan.code(),
                    plan.stdout(),
                    plan.stderr()
                ));
            }
            continue;
        }
        if plan.code() != 0 {
            return Err(format!("step {step}: plan failed:\n{}", plan.stderr()));
        }
        let summary = exp["summary"].as_str().unwrap();
        let out = plan.stdout();
        let got_summary = if out.starts_with("No changes.") {
            "No changes."
        } else {
            out.lines().find(|l| l.starts_with("Plan: ")).unwrap_or(if out.contains("Changes to Outputs:") {
                "Changes to Outputs."
            } else {
                ""
            })
        };
        if got_summary != summary {
            return Err(format!("step {step}: summary \"{got_summary}\", Terraform: \"{summary}\"\n{out}"));
        }
        let json_args = with(&["plan", "--json"]);
        let pj = w.run(&json_args.iter().map(String::as_str).collect::<Vec<_>>());
        if pj.code() != 0 {
            return Err(format!("step {step}: plan --json failed:\n{}", pj.stderr()));
        }
        let pj: J = serde_json::from_str(&pj.stdout()).map_err(|e| format!("step {step}: plan --json is not JSON: {e}"))?;
        let mut actions = BTreeMap::new();
        let mut reasons = BTreeMap::new();
        let mut moved = BTreeMap::new();
        for rc in pj["resource_changes"].as_array().unwrap() {
            let mut addr = rc["address"].as_str().unwrap().to_string();
            if let Some(d) = rc["deposed"].as_str() {
                addr = format!("{addr} (deposed {d})");
            }
            let a: Vec<&str> = rc["change"]["actions"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
            if a != ["no-op"] {
                actions.insert(addr.clone(), J::String(a.join(",")));
            }
            if let Some(r) = rc["action_reason"].as_str() {
                reasons.insert(addr.clone(), J::String(r.into()));
            }
            if let Some(p) = rc["previous_address"].as_str() {
                moved.insert(addr.clone(), J::String(p.into()));
            }
        }
        let (ea, er) = (exp["actions"].as_object().unwrap(), exp["reasons"].as_object().unwrap());
        if &actions.clone().into_iter().collect::<serde_json::Map<_, _>>() != ea {
            return Err(format!("step {step}: actions {actions:?}\nTerraform: {ea:?}"));
        }
        if &reasons.clone().into_iter().collect::<serde_json::Map<_, _>>() != er {
            return Err(format!("step {step}: reasons {reasons:?}\nTerraform: {er:?}"));
        }
        // Only corpora that record moves have the key (see corpus.json).
        if let Some(em) = exp.get("moved").and_then(J::as_object) {
            if &moved.clone().into_iter().collect::<serde_json::Map<_, _>>() != em {
                return Err(format!("step {step}: previous_address {moved:?}\nTerraform: {em:?}"));
            }
            let human: serde_json::Map<_, _> = human_moves(&out).into_iter().map(|(k, v)| (k, J::String(v))).collect();
            if &human != em {
                return Err(format!("step {step}: the plan reports moves {human:?}\nTerraform: {em:?}\n{out}"));
            }
        }
        // Only corpora that record the plan text have the key (see corpus.json).
        if let Some(text) = exp.get("plan_text").and_then(J::as_str) {
            let got = plan_text(&out);
            if got.as_deref() != Some(text) {
                return Err(format!(
                    "step {step}: plan text differs from Terraform's\n--- hadr\n{}\n--- Terraform\n{text}",
                    got.unwrap_or_default()
                ));
            }
        }
        let apply_args = with(&["apply", "--auto-approve"]);
        let ap = w.run(&apply_args.iter().map(String::as_str).collect::<Vec<_>>());
        if ap.code() != 0 {
            return Err(format!("step {step}: apply failed:\n{}", ap.stderr()));
        }
        let outs: J = serde_json::from_str(&w.run(&["output", "--json"]).expect(0).stdout()).unwrap();
        let mut got = serde_json::Map::new();
        for (k, o) in outs.as_object().unwrap() {
            let v = if o["sensitive"] == J::Bool(true) { J::String("(sensitive value)".into()) } else { o["value"].clone() };
            if !v.is_null() {
                got.insert(k.clone(), v);
            }
        }
        if !num_eq(&J::Object(got.clone()), &exp["outputs"]) {
            return Err(format!("step {step}: outputs {}\nTerraform: {}", J::Object(got), exp["outputs"]));
        }
    }
    Ok(())
}

/// Runs every case of `corpus`. Fails when a case outside `known_gaps` differs
/// from Terraform, or a known gap now passes (so the list stays true).
/// TF_CASES_ONLY=PREFIX[,PREFIX...] limits the run to cases whose name starts
/// with one of the prefixes; each case's result is printed (see it with
/// `cargo test --test NAME -- --nocapture`).
pub fn check_corpus(corpus: &str, known_gaps: &[(&str, &str)], min_cases: usize) {
    let mut cases: Vec<String> = std::fs::read_dir(repo().join(corpus))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("expected.json").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= min_cases, "the corpus is present");
    for (g, _) in known_gaps {
        assert!(cases.iter().any(|c| c == g), "KNOWN_GAPS names {g}, which is not a case of {corpus}");
    }
    let only: Vec<String> =
        std::env::var("TF_CASES_ONLY").map(|s| s.split(',').map(|p| p.trim().to_string()).collect()).unwrap_or_default();
    if !only.is_empty() {
        cases.retain(|c| only.iter().any(|p| c.starts_with(p.as_str())));
    }
    let mut failures = vec![];
    let mut fixed = vec![];
    for c in &cases {
        let gap = known_gaps.iter().find(|(n, _)| n == c);
        let result = run_case(corpus, c);
        let first = |e: &String| e.lines().next().unwrap_or("").to_string();
        match (&result, gap) {
            (Ok(()), None) => println!("pass       {c}"),
            (Ok(()), Some(_)) => {
                println!("FIXED      {c} (remove it from KNOWN_GAPS)");
                fixed.push(c.clone())
            }
            (Err(e), None) => {
                println!("FAIL       {c}: {}", first(e));
                failures.push(format!("== {c}\n{e}"))
            }
            (Err(e), Some((_, why))) => println!("known gap  {c}: {why}\n           ({})", first(e)),
        }
    }
    assert!(fixed.is_empty(), "these known gaps now pass; remove them from KNOWN_GAPS: {fixed:?}");
    assert!(failures.is_empty(), "{} of {} cases differ from Terraform:\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
