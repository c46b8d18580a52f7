//! Terraform-compatible CLI features, through the real binary: `state show`,
//! `state rm`, `state mv`, `output --raw`, `--lock-timeout`, `--input=false`.

mod common;
use common::Work;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

const CONFIG: &str = r#"
variable "pw" {
  type      = string
  default   = "s3cret"
  sensitive = true
}
resource "terraform_data" "x" {
  input = "hello"
}
resource "terraform_data" "c" {
  count = 2
  input = { a = 1, bb = "two", list = [1, 2] }
}
resource "terraform_data" "s" {
  input            = var.pw
  triggers_replace = ["a"]
}
module "m" {
  source = "./mod"
}
output "str" {
  value = "hi"
}
output "num" {
  value = 42
}
output "frac" {
  value = 1.5
}
output "bool" {
  value = true
}
output "lst" {
  value = [1, 2]
}
output "obj" {
  value = { a = 1 }
}
output "sec" {
  value     = "topsecret"
  sensitive = true
}
output "nul" {
  value = null
}
"#;

/// The configuration above, applied.
fn applied(name: &str) -> Work {
    let w = Work::new(name);
    w.write("main.tf", CONFIG);
    std::fs::create_dir_all(w.dir.join("mod")).unwrap();
    w.write("mod/main.tf", "resource \"terraform_data\" \"in\" {\n  input = \"m\"\n}\n");
    w.run(&["apply", "--auto-approve"]).expect(0);
    w
}

fn list(w: &Work) -> Vec<String> {
    w.run(&["state", "list"]).expect(0).stdout().lines().map(String::from).collect()
}

/// The id the state holds for an address.
fn id_of(w: &Work, address: &str) -> String {
    let state = w.state();
    let r = state["resources"].as_array().unwrap().iter().find(|r| r["address"] == address).unwrap_or_else(|| panic!("{address}"));
    r["id"].as_str().unwrap().to_string()
}

#[test]
fn state_show_prints_one_instance_as_terraform_does() {
    let w = applied("stshow");
    let id = id_of(&w, "terraform_data.x");
    let out = w.run(&["state", "show", "terraform_data.x"]).expect(0).stdout();
    assert_eq!(
        out,
        format!(
            "# terraform_data.x:\nresource \"terraform_data\" \"x\" {{\n    id     = \"{id}\"\n    input  = \"hello\"\n    output = \"hello\"\n}}\n"
        )
    );
    let id = id_of(&w, "terraform_data.c[1]");
    let out = w.run(&["state", "show", "terraform_data.c[1]"]).expect(0).stdout();
    let expected = format!(
        r#"# terraform_data.c[1]:
resource "terraform_data" "c" {{
    id     = "{id}"
    input  = {{
        a    = 1
        bb   = "two"
        list = [
            1,
            2,
        ]
    }}
    output = {{
        a    = 1
        bb   = "two"
        list = [
            1,
            2,
        ]
    }}
}}
"#
    );
    assert_eq!(out, expected);
    // Sensitive attributes are masked, never printed.
    let out = w.run(&["state", "show", "terraform_data.s"]).expect(0).stdout();
    assert!(out.contains("    input            = (sensitive value)\n"), "{out}");
    assert!(out.contains("    triggers_replace = [\n        \"a\",\n    ]\n"), "{out}");
    assert!(!out.contains("s3cret"), "{out}");
    // In a module, and from another directory with --chdir.
    let parent = w.dir.parent().unwrap();
    let out = w
        .cmd(&["--chdir", w.dir.file_name().unwrap().to_str().unwrap(), "state", "show", "module.m.terraform_data.in"])
        .current_dir(parent)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.starts_with("# module.m.terraform_data.in:\nresource \"terraform_data\" \"in\" {\n"), "{out}");
}

#[test]
fn state_show_names_what_it_cannot_find() {
    let w = applied("stshowerr");
    let e = w.run(&["state", "show", "terraform_data.nope"]).expect(1).stderr();
    assert!(e.contains("No instance found for the given address"), "{e}");
    assert!(e.contains("terraform_data.nope is not in the state"), "{e}");
    assert!(e.contains("hadr state list"), "{e}");
    // A resource with several instances: which ones to choose from.
    let e = w.run(&["state", "show", "terraform_data.c"]).expect(1).stderr();
    assert!(e.contains("terraform_data.c has 2 instances"), "{e}");
    assert!(e.contains("terraform_data.c[0], terraform_data.c[1]"), "{e}");
    let e = w.run(&["state", "show", "module.m"]).expect(1).stderr();
    assert!(e.contains("Error parsing instance address: module.m"), "{e}");
    let e = w.run(&["state", "show", "not an address"]).expect(1).stderr();
    assert!(e.contains("Error parsing instance address"), "{e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn state_rm_forgets_instances_resources_and_modules() {
    let w = applied("strm");
    let before = w.state();
    let serial = before["serial"].as_u64().unwrap();
    let objects = w.run(&["sim", "list"]).expect(0).stdout().lines().count();

    // --dry-run lists and changes nothing.
    let bytes = std::fs::read(w.dir.join("hadr.state.json")).unwrap();
    let out = w.run(&["state", "rm", "--dry-run", "terraform_data.c"]).expect(0).stdout();
    assert_eq!(out, "Would remove terraform_data.c[0]\nWould remove terraform_data.c[1]\n");
    assert_eq!(std::fs::read(w.dir.join("hadr.state.json")).unwrap(), bytes, "state untouched");
    let out = w.run(&["state", "rm", "--dry-run", "module.nope"]).expect(0).stdout();
    assert_eq!(out, "Would have removed nothing.\n");

    // A resource without a key removes all its instances; an instance, itself.
    let out = w.run(&["state", "rm", "terraform_data.c", "terraform_data.x"]).expect(0).stdout();
    assert_eq!(
        out,
        "Removed terraform_data.c[0]\nRemoved terraform_data.c[1]\nRemoved terraform_data.x\nSuccessfully removed 3 resource instance(s).\n"
    );
    assert_eq!(list(&w), ["terraform_data.s", "module.m.terraform_data.in"]);
    let after = w.state();
    assert_eq!(after["serial"].as_u64().unwrap(), serial + 1, "serial incremented");
    assert_eq!(after["lineage"], before["lineage"]);
    let backup: serde_json::Value = serde_json::from_slice(&std::fs::read(w.dir.join("hadr.state.json.backup")).unwrap()).unwrap();
    assert_eq!(backup, before, "the previous state is kept as the backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.dir.join("hadr.state.json")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A module address removes everything in it.
    let out = w.run(&["state", "rm", "module.m"]).expect(0).stdout();
    assert_eq!(out, "Removed module.m.terraform_data.in\nSuccessfully removed 1 resource instance(s).\n");
    assert_eq!(list(&w), ["terraform_data.s"]);

    // Forgotten, not destroyed: the objects still exist, and a plan adopts nothing but creates anew.
    assert_eq!(w.run(&["sim", "list"]).expect(0).stdout().lines().count(), objects);
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains("# terraform_data.x will be created"), "{plan}");
    assert!(plan.contains("Plan: 4 to add, 0 to change, 0 to destroy."), "{plan}");

    // Nothing matching: an error, and the state is untouched.
    let bytes = std::fs::read(w.dir.join("hadr.state.json")).unwrap();
    let e = w.run(&["state", "rm", "terraform_data.nope"]).expect(1).stderr();
    assert!(e.contains("Invalid target address") && e.contains("No matching objects found for terraform_data.nope"), "{e}");
    assert!(e.contains("hadr state list"), "{e}");
    let e = w.run(&["state", "rm", "not an address"]).expect(1).stderr();
    assert!(e.contains("\"not an address\" is not a resource or module address"), "{e}");
    let e = w.run(&["state", "rm"]).expect(1).stderr();
    assert!(e.contains("<ADDRESS>"), "{e}");
    assert_eq!(std::fs::read(w.dir.join("hadr.state.json")).unwrap(), bytes);
}

#[test]
fn state_rm_and_mv_of_module_instances() {
    let w = Work::new("strmmod");
    std::fs::create_dir_all(w.dir.join("mod/n")).unwrap();
    w.write("main.tf", "module \"m\" {\n  source = \"./mod\"\n  count  = 2\n}\nresource \"terraform_data\" \"x\" {}\n");
    w.write("mod/main.tf", "resource \"terraform_data\" \"in\" {}\nmodule \"n\" {\n  source = \"./n\"\n}\n");
    w.write("mod/n/main.tf", "resource \"terraform_data\" \"deep\" {}\n");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let out = w.run(&["state", "rm", "--dry-run", "module.m[0]"]).expect(0).stdout();
    assert_eq!(out, "Would remove module.m[0].terraform_data.in\nWould remove module.m[0].module.n.terraform_data.deep\n");
    // A module moves with the modules inside it, each named as Terraform does.
    let out = w.run(&["state", "mv", "module.m[1]", "module.k"]).expect(0).stdout();
    assert_eq!(
        out,
        "Move \"module.m[1]\" to \"module.k\"\nMove \"module.m[1].module.n\" to \"module.k.module.n\"\nSuccessfully moved 2 object(s).\n"
    );
    let e = w.run(&["state", "mv", "module.k", "module.m[0]"]).expect(1).stderr();
    assert!(e.contains("destination module already exists"), "{e}");
    // As in Terraform, a module address without a key moves only that exact module...
    let e = w.run(&["state", "mv", "module.m", "module.j"]).expect(1).stderr();
    assert!(e.contains("Cannot move module.m: does not match anything in the current state."), "{e}");
    // ...but removes every instance.
    let out = w.run(&["state", "rm", "module.m", "module.k.module.n"]).expect(0).stdout();
    assert_eq!(
        out,
        "Removed module.m[0].terraform_data.in\nRemoved module.m[0].module.n.terraform_data.deep\n\
         Removed module.k.module.n.terraform_data.deep\nSuccessfully removed 3 resource instance(s).\n"
    );
    assert_eq!(list(&w), ["terraform_data.x", "module.k.terraform_data.in"]);
}

#[test]
fn state_mv_renames_instances_resources_and_modules() {
    let w = applied("stmv");
    let serial = w.state()["serial"].as_u64().unwrap();
    let c0 = id_of(&w, "terraform_data.c[0]");

    let bytes = std::fs::read(w.dir.join("hadr.state.json")).unwrap();
    let out = w.run(&["state", "mv", "--dry-run", "terraform_data.c", "terraform_data.d"]).expect(0).stdout();
    assert_eq!(out, "Would move \"terraform_data.c\" to \"terraform_data.d\"\n");
    assert_eq!(std::fs::read(w.dir.join("hadr.state.json")).unwrap(), bytes, "state untouched");

    // One instance.
    let out = w.run(&["state", "mv", "terraform_data.c[0]", "terraform_data.one[\"a\"]"]).expect(0).stdout();
    assert_eq!(out, "Move \"terraform_data.c[0]\" to \"terraform_data.one[\\\"a\\\"]\"\nSuccessfully moved 1 object(s).\n");
    assert_eq!(id_of(&w, "terraform_data.one[\"a\"]"), c0, "the same object under its new address");
    assert_eq!(w.state()["serial"].as_u64().unwrap(), serial + 1);
    // A whole resource, every instance with its key.
    let out = w.run(&["state", "mv", "terraform_data.c", "terraform_data.d"]).expect(0).stdout();
    assert_eq!(out, "Move \"terraform_data.c\" to \"terraform_data.d\"\nSuccessfully moved 1 object(s).\n");
    // A module.
    let out = w.run(&["state", "mv", "module.m", "module.k"]).expect(0).stdout();
    assert_eq!(out, "Move \"module.m\" to \"module.k\"\nSuccessfully moved 1 object(s).\n");
    // Into a module.
    w.run(&["state", "mv", "terraform_data.x", "module.k.terraform_data.x"]).expect(0);
    assert_eq!(
        list(&w),
        ["terraform_data.d[1]", "terraform_data.one[\"a\"]", "terraform_data.s", "module.k.terraform_data.in", "module.k.terraform_data.x"]
    );
    let state = w.state();
    for r in state["resources"].as_array().unwrap() {
        assert_eq!(r["type"], "terraform_data", "{r}");
    }
    let backup: serde_json::Value = serde_json::from_slice(&std::fs::read(w.dir.join("hadr.state.json.backup")).unwrap()).unwrap();
    assert_eq!(backup["serial"].as_u64().unwrap(), state["serial"].as_u64().unwrap() - 1, "the backup is the previous state");
}

#[test]
fn state_mv_refuses_a_taken_destination_or_a_missing_source() {
    let w = applied("stmverr");
    let bytes = std::fs::read(w.dir.join("hadr.state.json")).unwrap();
    let e = w.run(&["state", "mv", "terraform_data.x", "terraform_data.s"]).expect(1).stderr();
    assert!(e.contains("Cannot move to terraform_data.s: there is already a resource at that address in the current state."), "{e}");
    let e = w.run(&["state", "mv", "terraform_data.c[0]", "terraform_data.c[1]"]).expect(1).stderr();
    assert!(e.contains("there is already a resource instance at that address"), "{e}");
    let e = w.run(&["state", "mv", "terraform_data.nope", "terraform_data.y"]).expect(1).stderr();
    assert!(e.contains("Invalid source address") && e.contains("Cannot move terraform_data.nope: does not match anything"), "{e}");
    assert!(e.contains("hadr state list"), "{e}");
    let e = w.run(&["state", "mv", "terraform_data.x", "azure_resource_group.x"]).expect(1).stderr();
    assert!(e.contains("resource types don't match"), "{e}");
    let e = w.run(&["state", "mv", "terraform_data.c", "terraform_data.y[0]"]).expect(1).stderr();
    assert!(e.contains("the source is a whole resource"), "{e}");
    let e = w.run(&["state", "mv", "module.m", "terraform_data.y"]).expect(1).stderr();
    assert!(e.contains("the target must also be a module"), "{e}");
    let e = w.run(&["state", "mv", "terraform_data.x", "module.x"]).expect(1).stderr();
    assert!(e.contains("the target must also be a resource"), "{e}");
    let e = w.run(&["state", "mv", "terraform_data.x"]).expect(1).stderr();
    assert!(e.contains("<DESTINATION>"), "{e}");
    assert_eq!(std::fs::read(w.dir.join("hadr.state.json")).unwrap(), bytes, "nothing was written");
}

#[test]
fn state_mv_follows_a_renamed_block_without_changes() {
    let w = Work::new("stmvrename");
    w.write("main.tf", "resource \"terraform_data\" \"old\" {\n  count = 2\n  input = count.index\n}\n");
    w.run(&["apply", "--auto-approve"]).expect(0);
    w.write("main.tf", "resource \"terraform_data\" \"new\" {\n  count = 2\n  input = count.index\n}\n");
    w.run(&["plan", "--detailed-exitcode"]).expect(2);
    w.run(&["state", "mv", "terraform_data.old", "terraform_data.new"]).expect(0);
    let plan = w.run(&["plan", "--detailed-exitcode"]).expect(0).stdout();
    assert!(plan.starts_with("No changes."), "{plan}");
}

#[test]
fn output_raw_prints_scalars_as_they_are() {
    let w = applied("raw");
    assert_eq!(w.run(&["output", "--raw", "str"]).expect(0).stdout(), "hi");
    assert_eq!(w.run(&["output", "--raw", "num"]).expect(0).stdout(), "42");
    assert_eq!(w.run(&["output", "--raw", "frac"]).expect(0).stdout(), "1.5");
    assert_eq!(w.run(&["output", "--raw", "bool"]).expect(0).stdout(), "true");
    // As Terraform: --raw is the request to see the value, sensitive or not.
    assert_eq!(w.run(&["output", "--raw", "sec"]).expect(0).stdout(), "topsecret");
    assert_eq!(w.run(&["output", "sec"]).expect(0).stdout(), "<sensitive>\n");
    let e = w.run(&["output", "--raw", "lst"]).expect(1);
    assert_eq!(e.stdout(), "");
    assert!(e.stderr().contains("Unsupported value for raw output"), "{}", e.stderr());
    assert!(e.stderr().contains("output value \"lst\" is tuple"), "{}", e.stderr());
    assert!(e.stderr().contains("hadr output --json lst"), "{}", e.stderr());
    let e = w.run(&["output", "--raw", "obj"]).expect(1).stderr();
    assert!(e.contains("output value \"obj\" is object"), "{e}");
    let e = w.run(&["output", "--raw", "nul"]).expect(1).stderr();
    assert!(e.contains("The value for output value \"nul\" is null, so --raw mode cannot print it."), "{e}");
    let e = w.run(&["output", "--raw", "nope"]).expect(1).stderr();
    assert!(e.contains("Output \"nope\" not found"), "{e}");
    let e = w.run(&["output", "--raw"]).expect(1).stderr();
    assert!(e.contains("Output name required"), "{e}");
    let e = w.run(&["output", "--raw", "--json", "str"]).expect(1).stderr();
    assert!(e.contains("'--raw' cannot be used with '--json'"), "{e}");
    let parent = w.dir.parent().unwrap();
    let out =
        w.cmd(&["--chdir", w.dir.file_name().unwrap().to_str().unwrap(), "output", "--raw", "str"]).current_dir(parent).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hi");
}

/// Starts an apply that holds the state lock for about `hold`, and returns
/// once it does (its description is in the lock file).
fn hold_lock(w: &Work, hold: Duration) -> std::process::Child {
    w.write("main.tf", "resource \"terraform_data\" \"slow\" {\n  input = 1\n}\n");
    let child = w
        .cmd(&["apply", "--auto-approve"])
        .env("HADR_SIM_OP_MS", hold.as_millis().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(w.dir.join(".hadr/state.lock")).is_ok_and(|t| t.contains("\"operation\":\"apply\"")) {
        assert!(Instant::now() < deadline, "the apply never took the lock");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn lock_timeout_waits_for_the_holder_then_proceeds() {
    let w = Work::new("locktimeout");
    let mut holder = hold_lock(&w, Duration::from_millis(2500));
    let start = Instant::now();
    let r = w.run(&["plan", "--lock-timeout", "60s"]).expect(0);
    assert!(start.elapsed() >= Duration::from_millis(500), "it waited: {:?}", start.elapsed());
    assert!(r.stderr().contains("Waiting up to 1m0s for it (--lock-timeout)"), "{}", r.stderr());
    assert!(r.stderr().contains(&format!("(pid {})", holder.id())), "names the holder: {}", r.stderr());
    assert!(r.stdout().starts_with("No changes."), "planned after the apply finished:\n{}", r.stdout());
    assert!(holder.wait().unwrap().success());
    // Without a holder, no wait and no message.
    let r = w.run(&["state", "rm", "--lock-timeout", "5m", "terraform_data.slow"]).expect(0);
    assert_eq!(r.stderr(), "");
}

#[test]
fn lock_timeout_gives_up_with_the_lock_error() {
    let w = Work::new("locktimeoutfail");
    let mut holder = hold_lock(&w, Duration::from_millis(4000));
    let start = Instant::now();
    let e = w.run(&["state", "rm", "--lock-timeout=700ms", "terraform_data.slow"]).expect(1).stderr();
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(700) && waited < Duration::from_millis(3000), "{waited:?}");
    assert!(e.contains("Error acquiring the state lock"), "{e}");
    assert!(e.contains(&format!("(pid {})", holder.id())) && e.contains("for `apply` since"), "{e}");
    assert!(e.contains("Waited 700ms for it (--lock-timeout)"), "{e}");
    assert!(e.contains("pass a longer --lock-timeout"), "{e}");
    // The default is not to wait.
    let start = Instant::now();
    let e = w.run(&["state", "mv", "terraform_data.slow", "terraform_data.fast"]).expect(1).stderr();
    assert!(start.elapsed() < Duration::from_millis(1500), "{:?}", start.elapsed());
    assert!(e.contains("Error acquiring the state lock") && e.contains("pass --lock-timeout"), "{e}");
    assert!(!e.contains("Waited"), "{e}");
    assert!(holder.wait().unwrap().success());
    assert_eq!(list(&w), ["terraform_data.slow"], "the state holds what the apply made, nothing else");
}

#[test]
fn lock_timeout_is_on_every_command_that_locks_and_checks_its_value() {
    let w = Work::new("locktimeoutflags");
    for cmd in [
        &["plan"][..],
        &["apply"],
        &["destroy"],
        &["import"],
        &["state", "rm"],
        &["state", "mv"],
        &["failover"],
        &["failback"],
        &["reprotect"],
        &["drill", "cleanup"],
    ] {
        let help = w.run(&[cmd, &["--help"]].concat()).expect(0).stdout();
        assert!(help.contains("--lock-timeout <DURATION>"), "{cmd:?}:\n{help}");
    }
    let e = w.run(&["plan", "--lock-timeout", "30"]).expect(1).stderr();
    assert!(e.contains("\"30\" is not a duration; write a number and a unit, e.g. 30s, 5m or 1m30s"), "{e}");
    let e = w.run(&["state", "rm", "--lock-timeout", "soon", "x.y"]).expect(1).stderr();
    assert!(e.contains("\"soon\" is not a duration"), "{e}");
    // Longer than a clock can count: no deadline, and no panic.
    let e = w.run(&["state", "rm", "--lock-timeout", "3000000000000000h", "x.y"]).expect(1).stderr();
    assert!(e.contains("No matching objects found for x.y"), "{e}");
    let e = w.run(&["state", "rm", "--lock-timeout", "99999999999999999999999h", "x.y"]).expect(1).stderr();
    assert!(e.contains("is not a duration"), "{e}");
}

/// Runs `hadr ARGS` on a pseudo-terminal through util-linux `script`, typing
/// `input`; `None` when `script` is not available.
fn on_terminal(w: &Work, args: &str, input: &str) -> Option<(i32, String)> {
    let probe = std::process::Command::new("script").args(["-q", "-e", "-c", "true", "/dev/null"]).stdin(Stdio::null()).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: util-linux `script` is not available to provide a terminal");
        return None;
    }
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_hadr"));
    let mut child = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .current_dir(&w.dir)
        .env("NO_COLOR", "1")
        .env("HADR_SIM_OP_MS", "0")
        .env_remove("CI")
        .env_remove("HADR_PROVIDER")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Some((out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).replace('\r', "")))
}

#[test]
fn input_false_never_prompts_even_on_a_terminal() {
    let w = Work::new("inputfalse");
    w.write("main.tf", "variable \"v\" {\n  description = \"A value\"\n}\nresource \"terraform_data\" \"x\" {\n  input = var.v\n}\n");
    // Without a terminal, the flag is accepted and missing values are errors as before.
    for cmd in
        [&["plan", "--input=false"][..], &["apply", "--input=false", "--auto-approve"], &["destroy", "--input=false", "--auto-approve"]]
    {
        let e = w.run(cmd).expect(1).stderr();
        assert!(e.contains("No value for required variable") && e.contains("--var v=VALUE"), "{cmd:?}: {e}");
    }
    let Some((code, out)) = on_terminal(&w, "plan", "typed\n") else { return };
    // On a terminal hadr asks...
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("var.v\n  A value\n\n  Enter a value:"), "{out}");
    assert!(out.contains("input  = \"typed\""), "{out}");
    // ...unless told not to.
    let (code, out) = on_terminal(&w, "plan --input=false", "typed\n").unwrap();
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("Enter a value"), "{out}");
    assert!(out.contains("No value for required variable"), "{out}");
    let (code, out) = on_terminal(&w, "apply --input=false --auto-approve --var v=given", "").unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Apply complete! Resources: 1 added"), "{out}");
}

#[test]
fn lock_false_plans_without_the_lock() {
    let w = Work::new("lockfalse");
    let mut holder = hold_lock(&w, Duration::from_millis(2500));
    // Terraform's -lock=false: a read-only plan need not wait for a running apply.
    let start = Instant::now();
    let r = w.run(&["plan", "--lock=false"]).expect(0);
    assert!(start.elapsed() < Duration::from_millis(2000), "it did not wait: {:?}", start.elapsed());
    assert!(!r.stderr().contains("state lock"), "{}", r.stderr());
    // The lock is still held by the apply, untouched by the plan.
    let e = w.run(&["plan"]).expect(1).stderr();
    assert!(e.contains("Error acquiring the state lock"), "{e}");
    assert!(holder.wait().unwrap().success());
    w.run(&["plan", "--lock=false", "--detailed-exitcode"]).expect(0);
}
