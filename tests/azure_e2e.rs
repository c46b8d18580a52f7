//! The `azure` provider end to end: the real binary, real HTTP, the real
//! azure_core pipeline, against `hadr emulator` started as a child process.

mod azure_common;
mod common;
use azure_common::Emulator;
use common::{Run, Work, squash};
use std::process::{Command, Stdio};

/// Runs hadr with the azure provider pointed at `emu`.
fn azure(w: &Work, emu: &Emulator, args: &[&str]) -> Run {
    w.run_env(
        args,
        &[
            ("HADR_PROVIDER", "azure"),
            ("HADR_AZURE_ENDPOINT", &emu.endpoint()),
            ("HADR_AZURE_TOKEN", "test-token"),
            ("HADR_AZURE_WAIT_SCALE", "1000"),
        ],
    )
}

fn state_count(w: &Work) -> usize {
    w.run(&["state", "list"]).expect(0).stdout().lines().count()
}

const SUB: &str = "/subscriptions/00000000-0000-0000-0000-000000000000";

#[test]
fn foundation_scenario_over_arm() {
    let w = Work::example("az-foundation", "liberty-aks");
    let emu = Emulator::start(&w.dir.join("cloud"), 0, &[]);
    let out = azure(&w, &emu, &["apply", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("Apply complete!"), "{out}");
    assert!(out.contains("traffic_manager_fqdn = \"liberty.trafficmanager.net\""), "{out}");
    assert!(!out.contains("test-token") && !out.contains("Change-me-2026!"));
    let n = state_count(&w);
    assert_eq!(emu.objects(), n, "every object in state exists behind the emulator");
    // Secrets ARM never echoes, location spelling, id casing: still no changes.
    azure(&w, &emu, &["plan", "--detailed-exitcode"]).expect(0);

    let plan = squash(&azure(&w, &emu, &["plan", "--var", "node_count=5", "--detailed-exitcode"]).expect(2).stdout());
    assert!(plan.contains("~ node_count = 3 -> 5"), "{plan}");
    assert!(plan.contains("Plan: 0 to add, 2 to change, 0 to destroy."), "{plan}");
    let out = azure(&w, &emu, &["apply", "--auto-approve", "--var", "node_count=5"]).expect(0).stdout();
    assert!(out.contains("Resources: 0 added, 2 changed, 0 destroyed."), "{out}");
    azure(&w, &emu, &["plan", "--var", "node_count=5", "--detailed-exitcode"]).expect(0);

    // Drift behind hadr's back (in the emulator's cloud) shows, and is undone.
    let aks = format!("{SUB}/resourceGroups/liberty-westus-rg/providers/Microsoft.ContainerService/managedClusters/liberty-westus-aks");
    let set = Command::new(env!("CARGO_BIN_EXE_hadr"))
        .args(["sim", "set", &aks, "--set", "kubernetes_version=\"1.27\"", emu.data.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let plan = squash(&azure(&w, &emu, &["plan", "--var", "node_count=5"]).expect(0).stdout());
    assert!(plan.contains("# azure_kubernetes_cluster.region[\"westus\"] has changed"), "{plan}");
    azure(&w, &emu, &["apply", "--auto-approve", "--var", "node_count=5"]).expect(0);
    azure(&w, &emu, &["plan", "--var", "node_count=5", "--detailed-exitcode"]).expect(0);

    // Failover and failback: the DR actions go over ARM POSTs.
    azure(&w, &emu, &["failover", "--auto-approve", "--var", "node_count=5"]).expect(0);
    azure(&w, &emu, &["plan", "--var", "node_count=5", "--detailed-exitcode"]).expect(0);
    let fg =
        format!("{SUB}/resourceGroups/liberty-eastus-rg/providers/Microsoft.Sql/servers/liberty-eastus-sql/failoverGroups/liberty-fog");
    let (_, _, body) = emu.request("GET", &format!("{fg}?api-version=2023-08-01"), None, &[]);
    assert!(body.contains("\"replicationRole\":\"Secondary\""), "the east server is secondary after failover: {body}");
    let fb = azure(&w, &emu, &["failback", "--auto-approve", "--var", "node_count=5"]);
    if fb.code() != 0 {
        azure(&w, &emu, &["reprotect", "--auto-approve", "--var", "node_count=5"]).expect(0);
        azure(&w, &emu, &["failback", "--auto-approve", "--var", "node_count=5"]).expect(0);
    }
    let (_, _, body) = emu.request("GET", &format!("{fg}?api-version=2023-08-01"), None, &[]);
    assert!(body.contains("\"replicationRole\":\"Primary\""), "failed back: {body}");

    // (The exit code is not checked: destroying liberty-aks ends with an output
    // evaluation error in shared code, on the simulated cloud as well.)
    let out = azure(&w, &emu, &["destroy", "--auto-approve", "--var", "node_count=5"]).stdout();
    assert!(out.contains("azure_resource_group.region[\"eastus\"]: Destruction complete"), "{out}");
    assert_eq!(emu.objects(), 0, "nothing left behind the emulator");
}

#[test]
fn throttled_and_failing_arm_converges_without_duplicates() {
    let w = Work::example("az-faults", "liberty-aks");
    // Short operations so the long-running-operation polling is exercised too.
    let emu = Emulator::start(&w.dir.join("cloud"), 20, &["--fail-429", "20", "--fail-5xx", "5"]);
    let r = azure(&w, &emu, &["apply", "--auto-approve"]);
    // Retries absorb the faults; should one operation still give up, the next apply finishes.
    if r.code() != 0 {
        azure(&w, &emu, &["apply", "--auto-approve"]).expect(0);
    }
    let n = state_count(&w);
    assert!(n >= 29, "{n} objects in state");
    assert_eq!(emu.objects(), n, "no duplicate and no lost object");
    azure(&w, &emu, &["plan", "--detailed-exitcode"]).expect(0);
}

#[test]
fn killing_the_emulator_mid_apply_then_rerunning_finishes() {
    let w = Work::example("az-kill", "liberty-aks");
    let data = w.dir.join("cloud");
    let emu = Emulator::start(&data, 300, &[]);
    let endpoint = emu.endpoint();
    let mut apply = w
        .cmd(&["apply", "--auto-approve"])
        .env("HADR_PROVIDER", "azure")
        .env("HADR_AZURE_ENDPOINT", &endpoint)
        .env("HADR_AZURE_TOKEN", "test")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    drop(emu);
    let status = apply.wait().unwrap();
    assert!(!status.success(), "the apply cannot finish without ARM");
    let emu = Emulator::start(&data, 0, &[]);
    let r = azure(&w, &emu, &["apply", "--auto-approve"]);
    assert_eq!(r.code(), 0, "{}\n{}", r.stdout(), r.stderr());
    assert_eq!(emu.objects(), state_count(&w), "no duplicate and no lost object");
    azure(&w, &emu, &["plan", "--detailed-exitcode"]).expect(0);
}

#[test]
fn terraform_data_is_kept_locally() {
    let w = Work::new("az-tfdata");
    w.write("main.tf", "variable \"v\" {\n  default = \"one\"\n}\nresource \"terraform_data\" \"x\" {\n  input = var.v\n}\noutput \"o\" {\n  value = terraform_data.x.output\n}\n");
    let emu = Emulator::start(&w.dir.join("cloud"), 0, &[]);
    let out = azure(&w, &emu, &["apply", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("o = \"one\""), "{out}");
    azure(&w, &emu, &["plan", "--detailed-exitcode"]).expect(0);
    azure(&w, &emu, &["apply", "--auto-approve", "--var", "v=two"]).expect(0);
    assert_eq!(emu.objects(), 0, "terraform_data has no remote object");
}

#[test]
fn the_emulator_speaks_arm() {
    let w = Work::new("az-protocol");
    let emu = Emulator::start(&w.dir.join("cloud"), 0, &[]);
    let rg = format!("{SUB}/resourceGroups/rg1");
    let vnet = format!("{rg}/providers/Microsoft.Network/virtualNetworks/v1");
    let v = "?api-version=2024-07-01";
    // Missing group, then missing resource: ARM's codes, a request id on every answer.
    let (s, h, b) = emu.request("GET", &format!("{vnet}{v}"), None, &[]);
    assert_eq!(s, 404);
    assert!(b.contains("ResourceGroupNotFound") && h.contains("x-ms-request-id"), "{h}{b}");
    let (s, _, _) = emu.request("PUT", &format!("{rg}?api-version=2024-03-01"), Some(r#"{"location":"West US"}"#), &[]);
    assert_eq!(s, 201);
    let (s, _, b) = emu.request("GET", &format!("{rg}?api-version=2024-03-01"), None, &[]);
    assert_eq!(s, 200);
    assert!(b.contains("\"location\":\"westus\""), "locations are normalised: {b}");
    let (s, _, b) = emu.request("GET", &format!("{vnet}{v}"), None, &[]);
    assert!(s == 404 && b.contains("ResourceNotFound"), "{b}");
    // Unsupported api-version: rejected, naming the supported one.
    let (s, _, b) = emu.request("GET", &format!("{vnet}?api-version=2019-01-01"), None, &[]);
    assert!(s == 400 && b.contains("InvalidApiVersionParameter") && b.contains("2024-07-01"), "{b}");
    // Invalid bodies: 400 naming the property.
    let bad = r#"{"location":"westus","properties":{"addressSpace":{"addressPrefixes":"10.0.0.0/16"}}}"#;
    let (s, _, b) = emu.request("PUT", &format!("{vnet}{v}"), Some(bad), &[]);
    assert!(s == 400 && b.contains("InvalidRequestContent") && b.contains("properties.addressSpace.addressPrefixes"), "{b}");
    let ro = r#"{"location":"westus","properties":{"provisioningState":"Succeeded"}}"#;
    let (s, _, b) = emu.request("PUT", &format!("{vnet}{v}"), Some(ro), &[]);
    assert!(s == 400 && b.contains("read-only"), "{b}");
    // 201 on create, 200 on update; DELETE 200 then 204.
    let good = r#"{"location":"westus","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}"#;
    assert_eq!(emu.request("PUT", &format!("{vnet}{v}"), Some(good), &[]).0, 201);
    assert_eq!(emu.request("PUT", &format!("{vnet}{v}"), Some(good), &[]).0, 200);
    assert_eq!(emu.request("DELETE", &format!("{vnet}{v}"), None, &[]).0, 200);
    assert_eq!(emu.request("DELETE", &format!("{vnet}{v}"), None, &[]).0, 204);
    // ETag / If-Match where the type supports it.
    let vault = format!("{rg}/providers/Microsoft.RecoveryServices/vaults/rsv?api-version=2025-02-01");
    let body = r#"{"location":"westus","sku":{"name":"Standard"},"properties":{}}"#;
    let (s, h, _) = emu.request("PUT", &vault, Some(body), &[]);
    assert!(s == 201 && h.contains("etag:"), "{h}");
    assert_eq!(emu.request("PUT", &vault, Some(body), &[("If-Match", "\"stale\"")]).0, 412);
    assert_eq!(emu.request("PUT", &vault, Some(body), &[("If-None-Match", "*")]).0, 412);
    // A listen address off this machine is refused.
    let out = Command::new(env!("CARGO_BIN_EXE_hadr")).args(["emulator", "--listen", "0.0.0.0:0"]).output().unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("loopback"));
}

#[test]
fn long_operations_poll_and_conflict() {
    let w = Work::new("az-lro");
    let emu = Emulator::start(&w.dir.join("cloud"), 1500, &[]);
    let rg = format!("{SUB}/resourceGroups/rg1?api-version=2024-03-01");
    let (s, h, _) = emu.request("PUT", &rg, Some(r#"{"location":"westus"}"#), &[]);
    assert_eq!(s, 201);
    let op = h.lines().find_map(|l| l.strip_prefix("azure-asyncoperation: ")).expect("an Azure-AsyncOperation header").trim().to_string();
    assert!(h.contains("location: ") && h.contains("retry-after: "), "{h}");
    // A second write while the first runs: 409.
    let (s, _, b) = emu.request("PUT", &rg, Some(r#"{"location":"westus"}"#), &[]);
    assert!(s == 409 && b.contains("AnotherOperationInProgress"), "{b}");
    let path = op.split_once("127.0.0.1").map(|(_, p)| p.split_once('/').map(|(_, p)| format!("/{p}")).unwrap()).unwrap();
    let (_, _, b) = emu.request("GET", &path, None, &[]);
    assert!(b.contains("\"status\":\"InProgress\""), "{b}");
    std::thread::sleep(std::time::Duration::from_millis(1800));
    let (_, _, b) = emu.request("GET", &path, None, &[]);
    assert!(b.contains("\"status\":\"Succeeded\""), "{b}");
    // --fail-operation: the operation is accepted, then ends Failed with the error surfaced.
    let w2 = Work::new("az-failop");
    let emu2 = Emulator::start(&w2.dir.join("cloud"), 0, &["--fail-operation", "azure_virtual_network"]);
    w2.write("main.tf", "resource \"azure_resource_group\" \"g\" {\n  name = \"g\"\n  location = \"westus\"\n}\nresource \"azure_virtual_network\" \"v\" {\n  name = \"v\"\n  resource_group_name = azure_resource_group.g.name\n  location = \"westus\"\n  address_space = [\"10.0.0.0/16\"]\n}\n");
    let err = azure(&w2, &emu2, &["apply", "--auto-approve"]).expect(1).stderr();
    assert!(err.contains("InternalOperationError"), "{err}");
}

#[test]
fn every_dr_example_fails_over_and_back_over_arm() {
    for ex in ["liberty-aks", "websphere-vms", "k8s-standby-zero", "floating-ip-pair", "singleton-lease"] {
        let w = Work::example(&format!("az-dr-{ex}"), ex);
        let emu = Emulator::start(&w.dir.join("cloud"), 0, &[]);
        let ok = |args: &[&str]| {
            let r = azure(&w, &emu, args);
            assert_eq!(r.code(), 0, "{ex}: hadr {args:?}\n{}\n{}", r.stdout(), r.stderr());
            r.stdout()
        };
        ok(&["apply", "--auto-approve"]);
        ok(&["plan", "--detailed-exitcode"]);
        let out = ok(&["failover", "--auto-approve"]);
        assert!(out.contains("Failover complete! westus is active."), "{ex}: {out}");
        ok(&["plan", "--detailed-exitcode"]);
        if azure(&w, &emu, &["failback", "--auto-approve"]).code() != 0 {
            ok(&["reprotect", "--auto-approve"]);
            ok(&["failback", "--auto-approve"]);
        }
        ok(&["plan", "--detailed-exitcode"]);
        assert_eq!(w.state()["dr"]["active"], "eastus", "{ex}");
    }
}
