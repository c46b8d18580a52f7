//! The foundation's user-visible behaviour, through the real binary, on the
//! two-region liberty-aks example and small terraform_data configs.

mod common;
use common::{Work, squash};

fn example(name: &str) -> Work {
    Work::example(name, "liberty-aks")
}

#[test]
fn apply_then_plan_shows_no_changes() {
    let w = example("noop");
    let out = w.run(&["apply", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("Apply complete! Resources: 29 added, 0 changed, 0 destroyed."), "{out}");
    assert!(out.contains("traffic_manager_fqdn = \"liberty.trafficmanager.net\""), "{out}");
    let plan = w.run(&["plan", "--detailed-exitcode"]).expect(0).stdout();
    assert!(plan.starts_with("No changes. Your infrastructure matches the configuration."), "{plan}");
    // The SQL admin password is in state (like Terraform) but never printed.
    assert!(!out.contains("Change-me-2026!"));
    let show = w.run(&["show"]).expect(0).stdout();
    let pw = show.lines().find(|l| l.trim_start().starts_with("administrator_login_password")).expect("listed");
    assert!(pw.ends_with("= (sensitive value)"), "{pw}");
    assert!(!show.contains("Change-me-2026!"));
}

#[test]
fn changing_a_variable_updates_in_place() {
    let w = example("update");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let plan = squash(&w.run(&["plan", "--var", "node_count=5", "--detailed-exitcode"]).expect(2).stdout());
    assert!(plan.contains("# azure_kubernetes_cluster.region[\"eastus\"] will be updated in-place"), "{plan}");
    assert!(plan.contains("~ node_count = 3 -> 5"), "{plan}");
    assert!(plan.contains("Plan: 0 to add, 2 to change, 0 to destroy."), "{plan}");
    let out = w.run(&["apply", "--auto-approve", "--var", "node_count=5"]).expect(0).stdout();
    assert!(out.contains("Resources: 0 added, 2 changed, 0 destroyed."), "{out}");
    w.run(&["plan", "--var", "node_count=5", "--detailed-exitcode"]).expect(0);
}

#[test]
fn removing_a_resource_deletes_it_with_the_reason() {
    let w = example("delete");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let text = std::fs::read_to_string(w.dir.join("main.tf")).unwrap();
    let start = text.find("output \"sql_servers\"").unwrap();
    let trimmed = text[..start]
        .replace("resource \"azure_application_gateway\" \"region\"", "resource \"azure_application_gateway\" \"removed\"\n/*");
    // Comment out the whole application gateway block.
    let end = trimmed.find("# The data tier").unwrap();
    let cfg = format!("{}*/\n{}", &trimmed[..end], &trimmed[end..]).replace("resource \"azure_application_gateway\" \"removed\"\n", "");
    w.write("main.tf", &cfg);
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains("# azure_application_gateway.region[\"eastus\"] will be destroyed"), "{plan}");
    assert!(plan.contains("(because azure_application_gateway.region is not in configuration)"), "{plan}");
    assert!(plan.contains("Plan: 0 to add, 0 to change, 2 to destroy."), "{plan}");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let list = w.run(&["sim", "list"]).expect(0).stdout();
    assert!(!list.contains("applicationGateways"), "the simulated cloud no longer has them:\n{list}");
}

#[test]
fn drift_is_shown_and_corrected() {
    let w = example("drift");
    w.run(&["apply", "--auto-approve"]).expect(0);
    w.run(&["sim", "set", "azure_kubernetes_cluster.region[\"westus\"]", "--set", "kubernetes_version=\"1.27\""]).expect(0);
    let plan = squash(&w.run(&["plan"]).expect(0).stdout());
    assert!(plan.contains("Note: Objects have changed outside of hadr"), "{plan}");
    assert!(plan.contains("# azure_kubernetes_cluster.region[\"westus\"] has changed"), "{plan}");
    assert!(plan.contains("+ kubernetes_version = \"1.27\""), "{plan}");
    assert!(plan.contains("- kubernetes_version = \"1.27\" -> null"), "the plan undoes it:\n{plan}");
    w.run(&["apply", "--auto-approve"]).expect(0);
    w.run(&["plan", "--detailed-exitcode"]).expect(0);
    // An object deleted behind hadr's back is re-created.
    w.run(&["sim", "delete", "azure_backup_policy.aks[\"eastus\"]"]).expect(0);
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains("# azure_backup_policy.aks[\"eastus\"] has been deleted"), "{plan}");
    assert!(plan.contains("# azure_backup_policy.aks[\"eastus\"] will be created"), "{plan}");
}

#[test]
fn kill_9_during_apply_recovers_without_duplicates() {
    let w = Work::new("kill9");
    w.write(
        "main.tf",
        r#"
resource "terraform_data" "a" {
  count = 8
  input = "a${count.index}"
}
resource "terraform_data" "b" {
  count = 8
  input = terraform_data.a[count.index].output
}
"#,
    );
    let mut child = w
        .cmd(&["apply", "--auto-approve", "--parallelism", "4"])
        .env("HADR_SIM_OP_MS", "400")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1000));
    // SIGKILL: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();
    let listed_before = w.run(&["sim", "list"]).expect(0).stdout().lines().count();
    assert!(listed_before > 0 && listed_before < 16, "killed mid-way: {listed_before} objects");
    let plan = w.run(&["plan"]).expect(0);
    assert!(plan.stderr().contains("Recovered the state of an interrupted apply"), "{}", plan.stderr());
    let known = w.run(&["state", "list"]).expect(0).stdout().lines().count();
    assert_eq!(known, listed_before, "every object the cloud has is in the state");
    w.run(&["apply", "--auto-approve"]).expect(0);
    assert_eq!(w.run(&["sim", "list"]).expect(0).stdout().lines().count(), 16, "no duplicates");
    assert_eq!(w.run(&["state", "list"]).expect(0).stdout().lines().count(), 16);
    w.run(&["plan", "--detailed-exitcode"]).expect(0);
}

#[test]
fn a_second_apply_fails_on_the_lock_naming_the_holder() {
    let w = Work::new("lock");
    w.write("main.tf", "resource \"terraform_data\" \"slow\" {\n  input = 1\n}\n");
    let mut first = w.cmd(&["apply", "--auto-approve"]).env("HADR_SIM_OP_MS", "2000").stdout(std::process::Stdio::null()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let second = w.run(&["apply", "--auto-approve"]).expect(1);
    let err = second.stderr();
    assert!(err.contains("Error acquiring the state lock"), "{err}");
    assert!(err.contains(&format!("(pid {})", first.id())), "names the holder: {err}");
    assert!(err.contains("for `apply` since"), "{err}");
    assert!(first.wait().unwrap().success());
}

#[test]
fn saved_plans_apply_exactly_and_go_stale() {
    let w = Work::new("saved");
    w.write("main.tf", "variable \"v\" {\n  default = \"one\"\n}\nresource \"terraform_data\" \"x\" {\n  input = var.v\n}\n");
    w.run(&["plan", "--out", "p1", "--var", "v=two"]).expect(0);
    w.run(&["plan", "--out", "p2"]).expect(0);
    // Editing the configuration after planning does not change what the saved plan does.
    w.write("main.tf", "resource \"terraform_data\" \"y\" {\n  input = 3\n}\n");
    w.run(&["apply", "p1"]).expect(0);
    assert_eq!(w.state()["resources"][0]["attributes"]["input"], "two");
    let stale = w.run(&["apply", "p2"]).expect(1).stderr();
    assert!(stale.contains("Saved plan is stale"), "{stale}");
    let json = w.run(&["show", "--json", "p1"]).expect(0).stdout();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format_version"], "1.2");
    assert_eq!(v["resource_changes"][0]["change"]["actions"], serde_json::json!(["create"]));
    assert_eq!(v["resource_changes"][0]["change"]["after_unknown"]["id"], true);
}

#[test]
fn apply_without_a_terminal_refuses_without_auto_approve() {
    let w = Work::new("noterm");
    w.write("main.tf", "resource \"terraform_data\" \"x\" {}\n");
    let r = w.run(&["apply"]).expect(1);
    assert!(r.stderr().contains("No terminal to confirm the apply"), "{}", r.stderr());
    assert!(r.stderr().contains("--auto-approve"));
    assert_eq!(w.run(&["state", "list"]).expect(0).stdout(), "", "nothing was applied");
}

#[test]
fn errors_name_file_line_and_column_with_a_hint() {
    let w = Work::new("errors");
    w.write("main.tf", "resource \"terraform_data\" \"x\" {\n  inptu = 1\n}\n");
    let e = w.run(&["plan"]).expect(1).stderr();
    assert!(e.contains("main.tf:2:3"), "{e}");
    assert!(e.contains("Did you mean \"input\"?"), "{e}");
    w.write("main.tf", "resource \"terraform_data\" \"x\" {\n  input = \n}\n");
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Invalid HCL syntax") && e.contains("main.tf:2:"), "{e}");
    let e = w.run(&["plan", "--parallelism", "0"]).expect(1).stderr();
    assert!(e.contains("--parallelism"), "{e}");
    assert!(!e.contains("panicked"));
}

#[test]
fn cycles_name_every_member_and_reference() {
    let w = Work::new("cycle");
    w.write(
        "main.tf",
        "resource \"terraform_data\" \"a\" {\n  input = terraform_data.b.output\n}\nresource \"terraform_data\" \"b\" {\n  input = local.c\n}\nlocals {\n  c = terraform_data.a.id\n}\n",
    );
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Cycle: local.c, terraform_data.a, terraform_data.b"), "{e}");
    for line in ["main.tf:2:11", "main.tf:5:11", "main.tf:8:7"] {
        assert!(e.contains(line), "reference {line} named:\n{e}");
    }
}

#[test]
fn chdir_works_with_every_command() {
    let w = Work::new("chdir");
    std::fs::create_dir_all(w.dir.join("envs/prod")).unwrap();
    std::fs::write(
        w.dir.join("envs/prod/main.tf"),
        "resource \"terraform_data\" \"x\" {\n  input = 1\n}\noutput \"o\" {\n  value = 2\n}\n",
    )
    .unwrap();
    w.run(&["--chdir", "envs/prod", "apply", "--auto-approve"]).expect(0);
    assert_eq!(w.run(&["--chdir", "envs/prod", "state", "list"]).expect(0).stdout(), "terraform_data.x\n");
    assert_eq!(w.run(&["--chdir", "envs/prod", "output", "o"]).expect(0).stdout(), "2\n");
    assert!(w.run(&["--chdir", "envs/prod", "graph"]).expect(0).stdout().starts_with("digraph"));
    let e = w.run(&["--chdir", "nope", "plan"]).expect(1).stderr();
    assert!(e.contains("--chdir nope"), "{e}");
}

#[test]
fn targets_include_dependencies_and_replace_forces_replacement() {
    let w = Work::new("target");
    w.write(
        "main.tf",
        "resource \"terraform_data\" \"a\" {\n  input = 1\n}\nresource \"terraform_data\" \"b\" {\n  input = terraform_data.a.output\n}\nresource \"terraform_data\" \"c\" {\n  input = 3\n}\n",
    );
    let plan = w.run(&["plan", "--target", "terraform_data.b"]).expect(0).stdout();
    assert!(plan.contains("terraform_data.a will be created") && plan.contains("terraform_data.b will be created"), "{plan}");
    assert!(!plan.contains("terraform_data.c"), "{plan}");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let plan = w.run(&["plan", "--replace", "terraform_data.c"]).expect(0).stdout();
    assert!(plan.contains("# terraform_data.c will be replaced, as requested"), "{plan}");
    assert!(plan.contains("Plan: 1 to add, 0 to change, 1 to destroy."), "{plan}");
}

#[test]
fn plans_are_byte_identical_for_the_same_inputs() {
    let w = example("determinism");
    let a = w.run(&["plan"]).expect(0).stdout();
    let b = w.run(&["plan"]).expect(0).stdout();
    assert_eq!(a, b);
    let ja = w.run_env(&["plan", "--json"], &[("SOURCE_DATE_EPOCH", "1700000000")]).expect(0).stdout();
    let jb = w.run_env(&["plan", "--json"], &[("SOURCE_DATE_EPOCH", "1700000000")]).expect(0).stdout();
    assert_eq!(ja, jb);
}

#[test]
fn destroy_removes_everything_in_reverse_order() {
    let w = example("destroy");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let out = w.run(&["destroy", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("Destroy complete! Resources: 29 destroyed."), "{out}");
    assert_eq!(w.run(&["sim", "list"]).expect(0).stdout(), "", "the simulated cloud is empty");
    assert_eq!(w.run(&["state", "list"]).expect(0).stdout(), "");
    let again = w.run(&["destroy", "--auto-approve"]).expect(0).stdout();
    assert!(again.contains("No changes. No objects need to be destroyed."), "{again}");
}
