//! Failover as a plan, for every reference architecture in examples/,
//! through the real binary on the simulated cloud.

mod common;
use common::{Run, Work};
use hadr::dr::switch::DrPlan;
use hadr::plan::Plan;

const EXAMPLES: &[&str] = &["liberty-aks", "websphere-vms", "k8s-standby-zero", "floating-ip-pair", "singleton-lease"];

fn deployed(name: &str, example: &str) -> Work {
    let w = Work::example(&format!("{name}-{example}"), example);
    w.run(&["apply", "--auto-approve"]).expect(0);
    w
}

fn no_changes(w: &Work, when: &str) {
    let r = w.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(r.code(), 0, "{when}: plan should show no changes:\n{}{}", r.stdout(), r.stderr());
}

fn ok(r: Run, what: &str) -> String {
    assert_eq!(r.code(), 0, "{what} failed:\n{}\n{}", r.stdout(), r.stderr());
    r.stdout()
}

/// Fails back, re-protecting first when the pair needs it (Site Recovery, storage).
fn failback(w: &Work) {
    let r = w.run(&["failback", "--auto-approve"]);
    if r.code() != 0 {
        assert!(r.stderr().contains("Failback refused: the pair is not re-protected"), "{}", r.stderr());
        ok(w.run(&["reprotect", "--auto-approve"]), "reprotect");
        ok(w.run(&["failback", "--auto-approve"]), "failback after reprotect");
    }
}

#[test]
fn planned_failover_and_failback() {
    for ex in EXAMPLES {
        let w = deployed("planned", ex);
        let out = ok(w.run(&["failover", "--auto-approve"]), "failover");
        assert!(out.contains("Failover complete! westus is active."), "{ex}: {out}");
        assert!(out.contains("  Phase 1: fence and drain the old active region"), "{ex}: {out}");
        assert_eq!(w.state()["dr"]["active"], "westus", "{ex}: the active region is recorded");
        no_changes(&w, &format!("{ex} after failover"));
        failback(&w);
        assert_eq!(w.state()["dr"]["active"], "eastus");
        no_changes(&w, &format!("{ex} after failback"));
    }
}

#[test]
fn outage_forced_failover_recover_reprotect_failback() {
    for ex in EXAMPLES {
        let w = deployed("outage", ex);
        ok(w.run(&["sim", "outage", "eastus"]), "outage");
        if *ex == "liberty-aks" {
            // Traffic Manager's probes see the failed region.
            let p = common::squash(&ok(w.run(&["plan"]), "plan during the outage"));
            assert!(p.contains("~ endpoint_monitor_status = \"Online\" -> \"Degraded\""), "{p}");
        }
        let planned = w.run(&["failover", "--auto-approve"]).expect(1).stderr();
        assert!(planned.contains("eastus is unreachable: a planned failover needs both regions"), "{ex}: {planned}");
        let out = ok(w.run(&["failover", "--mode", "forced", "--auto-approve"]), "forced failover");
        assert!(out.contains("(forced mode)"), "{ex}: {out}");
        let st = w.state();
        assert_eq!(st["dr"]["active"], "westus");
        assert_eq!(st["dr"]["fenced"], serde_json::json!(["eastus"]), "{ex}: the failed region is held fenced");
        // An ordinary plan never un-fences or fails back by itself.
        no_changes(&w, &format!("{ex} while fenced"));
        let refused = w.run(&["failback", "--auto-approve"]).expect(1).stderr();
        assert!(refused.contains("eastus is still fenced"), "{ex}: {refused}");
        let still_down = w.run(&["reprotect", "--auto-approve"]).expect(1).stderr();
        assert!(still_down.contains("eastus is still unreachable"), "{ex}: {still_down}");
        ok(w.run(&["sim", "recover", "eastus"]), "recover");
        ok(w.run(&["reprotect", "--auto-approve"]), "reprotect");
        assert_eq!(w.state()["dr"]["fenced"], serde_json::json!([]));
        no_changes(&w, &format!("{ex} after reprotect"));
        ok(w.run(&["failback", "--auto-approve"]), "failback");
        no_changes(&w, &format!("{ex} after failback"));
        // Site Recovery and storage need re-protecting after any failover; then nothing is left.
        ok(w.run(&["reprotect", "--auto-approve"]), "reprotect after failback");
        let nothing = ok(w.run(&["reprotect", "--auto-approve"]), "reprotect with nothing to do");
        assert!(nothing.contains("Nothing to re-protect"), "{ex}: {nothing}");
    }
}

#[test]
fn drill_and_cleanup_leave_everything_as_before() {
    for ex in EXAMPLES {
        let w = deployed("drill", ex);
        let state_before = std::fs::read(w.dir.join("hadr.state.json")).unwrap();
        let cloud_before = ok(w.run(&["sim", "list", "--json"]), "sim list");
        ok(w.run(&["failover", "--drill", "--auto-approve"]), "drill");
        assert_eq!(std::fs::read(w.dir.join("hadr.state.json")).unwrap(), state_before, "{ex}: a drill does not touch the state");
        let again = w.run(&["failover", "--drill", "--auto-approve"]).expect(1).stderr();
        assert!(again.contains("A drill is still in place"), "{again}");
        ok(w.run(&["drill", "cleanup", "--auto-approve"]), "drill cleanup");
        assert_eq!(std::fs::read(w.dir.join("hadr.state.json")).unwrap(), state_before, "{ex}: state file unchanged");
        assert_eq!(ok(w.run(&["sim", "list", "--json"]), "sim list"), cloud_before, "{ex}: simulated cloud unchanged");
        assert!(ok(w.run(&["drill", "cleanup", "--auto-approve"]), "second cleanup").contains("No drill to clean up"));
    }
}

/// Every prefix of a saved plan, replayed on the model of the deployment.
fn assert_prefixes_safe(plan_file: &std::path::Path, what: &str) -> usize {
    let plan: Plan = serde_json::from_slice(&std::fs::read(plan_file).unwrap()).unwrap();
    let dr = DrPlan::from_plan(&plan).unwrap_or_else(|| panic!("{what}: a switch plan"));
    let decl = hadr::dr::DrDeclared { regions: ["eastus".into(), "westus".into()], primary: "eastus".into(), rto_s: None, rpo_s: None };
    let start = hadr::dr::switch::world_of(&decl, &plan);
    let fenced: Vec<String> = if dr.mode == hadr::dr::steps::Mode::Forced { vec![dr.from.clone()] } else { vec![] };
    let states = hadr::dr::safety::states(&plan, &dr.steps, &start);
    for (k, w) in states.iter().enumerate() {
        let live = |m: std::collections::BTreeMap<String, Vec<String>>| m.into_keys().filter(|r| !fenced.contains(r)).count();
        assert!(live(w.writers()) <= 1, "{what}: two writers after {k} steps: {:?}", w.writers());
        assert!(live(w.primary_traffic()) <= 1, "{what}: two priority-1 regions after {k} steps: {:?}", w.primary_traffic());
    }
    // The exhaustive check (every subset of parallel steps) agrees.
    hadr::dr::safety::check_plan(&plan, &dr.steps, &start, &fenced).unwrap_or_else(|v| panic!("{what}: {v:?}"));
    states.len()
}

#[test]
fn no_prefix_of_any_plan_has_two_writers_or_two_primaries() {
    for ex in EXAMPLES {
        let w = deployed("prefix", ex);
        let p = w.dir.join("failover.plan");
        ok(w.run(&["failover", "--out", p.to_str().unwrap()]), "failover --out");
        assert!(assert_prefixes_safe(&p, &format!("{ex} failover")) > 1);
        ok(w.run(&["apply", p.to_str().unwrap()]), "apply saved failover");
        no_changes(&w, &format!("{ex} after the saved failover"));
        let r = w.run(&["failback", "--out", p.to_str().unwrap()]);
        if r.code() != 0 {
            ok(w.run(&["reprotect", "--out", p.to_str().unwrap()]), "reprotect --out");
            assert_prefixes_safe(&p, &format!("{ex} reprotect"));
            ok(w.run(&["apply", p.to_str().unwrap()]), "apply reprotect");
            ok(w.run(&["failback", "--out", p.to_str().unwrap()]), "failback --out");
        }
        assert_prefixes_safe(&p, &format!("{ex} failback"));
        ok(w.run(&["apply", p.to_str().unwrap()]), "apply saved failback");
        ok(w.run(&["failover", "--drill", "--out", p.to_str().unwrap()]), "drill --out");
        assert_prefixes_safe(&p, &format!("{ex} drill"));
        ok(w.run(&["sim", "outage", "eastus"]), "outage");
        ok(w.run(&["failover", "--mode", "forced", "--out", p.to_str().unwrap()]), "forced --out");
        assert_prefixes_safe(&p, &format!("{ex} forced failover"));
    }
}

#[test]
fn estimated_rto_matches_the_measured_makespan_on_a_virtual_clock() {
    for ex in EXAMPLES {
        let w = deployed("rto", ex);
        let env = [("HADR_SIM_CLOCK", "virtual"), ("HADR_SIM_SPEED", "1"), ("HADR_SIM_OP_MS", "")];
        let mut c = w.cmd(&["failover", "--auto-approve"]);
        c.env_remove("HADR_SIM_OP_MS");
        for (k, v) in env.iter().filter(|(_, v)| !v.is_empty()) {
            c.env(k, v);
        }
        let out = Run(c.output().unwrap()).expect(0).stdout();
        let line = out.lines().find(|l| l.contains("Failover complete!")).unwrap_or_else(|| panic!("{ex}: {out}"));
        let took = secs(line.split("Took ").nth(1).unwrap().split(' ').next().unwrap());
        let est = secs(line.split("estimated RTO ").nth(1).unwrap().trim_end_matches(").").trim_end_matches(')'));
        assert!(est > 0.0, "{ex}: {line}");
        assert!((took - est).abs() <= 0.1 * est, "{ex}: measured {took}s vs estimated {est}s ({line})");
    }
}

fn secs(s: &str) -> f64 {
    hadr::dr::parse_duration(s.trim_end_matches('.')).unwrap_or_else(|| panic!("duration {s}"))
}

#[test]
fn a_failover_that_would_replace_the_failover_group_is_refused() {
    let w = deployed("replace", "liberty-aks");
    // The classic mistake, in the shared module: the creation-time server follows the active region.
    let module = w.dir.join("../../modules/sql-failover-pair/main.tf");
    let cfg = std::fs::read_to_string(&module).unwrap();
    let wrong = cfg
        .replace("server_id         = azure_sql_server.region[dr.primary].id", "server_id         = azure_sql_server.region[dr.active].id");
    assert_ne!(wrong, cfg);
    std::fs::write(&module, wrong).unwrap();
    let e = w.run(&["failover", "--auto-approve"]).expect(1).stderr();
    assert!(e.contains("A failover must not replace module.sql.azure_sql_failover_group.app"), "{e}");
    assert!(e.contains("server_id"), "{e}");
}

#[test]
fn two_priority_one_endpoints_violate_the_safety_invariant() {
    let w = deployed("unsafe", "liberty-aks");
    let cfg = std::fs::read_to_string(w.dir.join("main.tf")).unwrap();
    // Both workloads run in both regions during the switch window: two writers.
    w.write(
        "main.tf",
        &cfg.replace(
            "replicas              = each.key == dr.active ? 3 : 0",
            "replicas              = dr.active == \"westus\" ? 3 : (each.key == dr.active ? 3 : 0)",
        ),
    );
    let e = w.run(&["failover", "--auto-approve"]).expect(1).stderr();
    assert!(e.contains("This plan would break the DR safety invariant"), "{e}");
    assert!(e.contains("both regions accept writes"), "{e}");
}

#[test]
fn failover_plans_show_actions_and_estimates() {
    let w = deployed("show", "liberty-aks");
    let out = ok(w.run(&["failover", "--out", "f.plan"]), "failover --out");
    assert!(out.contains("  ! run a provider action"), "{out}");
    assert!(out.contains("# module.sql.azure_sql_failover_group.app will run failover"), "{out}");
    assert!(out.contains("Estimated RTO: 24m35s — objective 1h0m0s met"), "{out}");
    assert!(out.contains("Estimated RPO: 4h0m0s"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&ok(w.run(&["show", "--json", "f.plan"]), "show --json")).unwrap();
    let fog =
        json["resource_changes"].as_array().unwrap().iter().find(|c| c["address"] == "module.sql.azure_sql_failover_group.app").unwrap();
    assert_eq!(fog["change"]["actions"], serde_json::json!(["update"]), "tools that scan for delete see an update");
    assert_eq!(fog["hadr_action"]["name"], "failover");
    assert!(json["hadr_dr"]["steps"].as_array().unwrap().len() >= 8);
    // Forced mode uses the forced action and prices the data loss.
    ok(w.run(&["sim", "outage", "eastus"]), "outage");
    let forced = ok(w.run(&["failover", "--mode", "forced", "--out", "g.plan"]), "forced");
    assert!(forced.contains("forceFailoverAllowDataLoss"), "{forced}");
    assert!(forced.contains("fence pending: eastus is unreachable"), "{forced}");
}

#[test]
fn validate_estimates_the_failover_and_fails_on_a_missed_objective() {
    let w = Work::example("objective", "liberty-aks");
    let ok_out = ok(w.run(&["validate"]), "validate");
    assert!(ok_out.contains("DR: a planned failover eastus → westus is estimated at RTO"), "{ok_out}");
    let cfg = std::fs::read_to_string(w.dir.join("main.tf")).unwrap();
    w.write("main.tf", &cfg.replace("rto = \"1h\"", "rto = \"10m\""));
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("The estimated RTO misses the objective"), "{e}");
    assert!(e.contains("over the objective of 10m0s"), "{e}");
    let json: serde_json::Value = serde_json::from_str(&w.run(&["validate", "--json"]).expect(1).stdout()).unwrap();
    assert_eq!(json["valid"], false);
}

#[test]
fn dr_checks_warn_about_unsafe_designs() {
    let w = Work::example("checks", "liberty-aks");
    // The failover group's policy and the routing method live in the shared modules (copied with the example).
    let edit = |module: &str, from: &str, to: &str| {
        let path = w.dir.join("../../modules").join(module).join("main.tf");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{module} has {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit("sql-failover-pair", "mode = \"Manual\"", "mode          = \"Automatic\"\n    grace_minutes = 30");
    edit("priority-traffic", "traffic_routing_method = \"Priority\"", "traffic_routing_method = \"Weighted\"");
    let cfg = std::fs::read_to_string(w.dir.join("main.tf")).unwrap();
    let cfg = cfg
        .replace("resource \"azure_application_gateway\" \"region\" {\n  for_each             = azure_resource_group.region", "resource \"azure_application_gateway\" \"region\" {\n  for_each             = { eastus = azure_resource_group.region[\"eastus\"] }");
    w.write("main.tf", &cfg);
    let e = w.run(&["validate"]).stderr();
    assert!(e.contains("does not use Priority routing"), "{e}");
    assert!(e.contains("fails over automatically after 30 minutes"), "{e}");
    assert!(e.contains("Asymmetry report") && e.contains("azure_application_gateway: eastus 1, westus 0"), "{e}");
    // A pair Azure does not pair is a warning naming each region's real pair.
    let p = Work::new("pair");
    p.write("main.tf", "dr {\n  regions = [\"eastus\", \"westeurope\"]\n  primary = \"eastus\"\n}\nresource \"terraform_data\" \"x\" {\n  input = dr.active\n}\n");
    let e = p.run(&["validate"]).expect(0).stderr();
    assert!(e.contains("eastus and westeurope are not an Azure region pair"), "{e}");
    assert!(e.contains("eastus pairs with westus, westeurope pairs with northeurope"), "{e}");
}
