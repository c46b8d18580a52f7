//! The configuration language beyond the basics, through the real binary:
//! modules, data sources, lifecycle, moved and import, validation.

mod common;
use common::{Work, squash};

fn module_tree(w: &Work) {
    std::fs::create_dir_all(w.dir.join("modules/region")).unwrap();
    std::fs::create_dir_all(w.dir.join("modules/net")).unwrap();
    w.write(
        "main.tf",
        r#"
variable "regions" {
  type    = list(string)
  default = ["eastus", "westus"]
}
resource "terraform_data" "shared" {
  input = "shared"
}
module "region" {
  source   = "./modules/region"
  for_each = toset(var.regions)
  name     = each.key
  shared   = terraform_data.shared.output
}
output "summary" {
  value = { for k, m in module.region : k => m.summary }
}
"#,
    );
    w.write(
        "modules/region/main.tf",
        r#"
variable "name" {
  type = string
  validation {
    condition     = length(var.name) > 2
    error_message = "A region name has more than two letters."
  }
}
variable "shared" {}
locals {
  label = "app-${var.name}"
}
resource "terraform_data" "app" {
  count = 2
  input = "${local.label}-${count.index}-${var.shared}"
}
module "net" {
  source = "../net"
  cidr   = var.name == "eastus" ? "10.1.0.0/16" : "10.2.0.0/16"
}
output "summary" {
  value = "${local.label}:${module.net.first}:${length(terraform_data.app)}"
}
"#,
    );
    w.write(
        "modules/net/main.tf",
        "variable \"cidr\" {}\nresource \"terraform_data\" \"subnet\" {\n  input = cidrsubnet(var.cidr, 8, 1)\n}\noutput \"first\" {\n  value = terraform_data.subnet.output\n}\n",
    );
}

#[test]
fn modules_expand_nest_and_output() {
    let w = Work::new("modules");
    module_tree(&w);
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains("# module.region[\"eastus\"].terraform_data.app[1] will be created"), "{plan}");
    assert!(plan.contains("# module.region[\"westus\"].module.net.terraform_data.subnet will be created"), "{plan}");
    assert!(squash(&plan).contains("+ input = \"10.2.1.0/24\""), "module inputs flow into nested modules:\n{plan}");
    let out = w.run(&["apply", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("  \"eastus\" = \"app-eastus:10.1.1.0/24:2\""), "outputs as Terraform prints them:\n{out}");
    w.run(&["plan", "--detailed-exitcode"]).expect(0);
    let list = w.run(&["state", "list"]).expect(0).stdout();
    assert!(list.contains("module.region[\"westus\"].module.net.terraform_data.subnet"), "{list}");
    // Removing a module instance deletes what it made, with the reason.
    let plan = w.run(&["plan", "--var", "regions=[\"eastus\"]"]).expect(0).stdout();
    assert!(plan.contains("(because module.region[\"westus\"] is not in configuration)"), "{plan}");
    assert!(plan.contains("Plan: 0 to add, 0 to change, 3 to destroy."), "{plan}");
    let json: serde_json::Value =
        serde_json::from_str(&w.run(&["plan", "--json", "--var", "regions=[\"eastus\"]"]).expect(0).stdout()).unwrap();
    let gone = json["resource_changes"].as_array().unwrap().iter().find(|c| c["change"]["actions"][0] == "delete").unwrap();
    assert_eq!(gone["action_reason"], "delete_because_no_module");
    assert_eq!(gone["module_address"], "module.region[\"westus\"]");
    // Targets take module addresses.
    let t = w.run(&["plan", "--replace", "module.region[\"eastus\"].terraform_data.app[0]"]).expect(0).stdout();
    assert!(t.contains("will be replaced, as requested"), "{t}");
    // Saved plans carry the module files.
    w.run(&["plan", "--out", "p.plan", "--var", "regions=[\"eastus\",\"centralus\"]"]).expect(0);
    w.run(&["apply", "p.plan"]).expect(0);
    assert!(w.run(&["state", "list"]).expect(0).stdout().contains("module.region[\"centralus\"]"));
}

#[test]
fn module_errors_are_precise() {
    let w = Work::new("module-errors");
    module_tree(&w);
    let e = w.run(&["plan", "--var", "regions=[\"us\"]"]).expect(1).stderr();
    assert!(e.contains("A region name has more than two letters."), "validation blocks run in modules:\n{e}");
    w.write("extra.tf", "module \"gone\" {\n  source = \"./modules/nowhere\"\n}\n");
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Unreadable module directory") && e.contains("extra.tf:2:12"), "{e}");
    w.write("extra.tf", "module \"loop\" {\n  source = \"./modules/loop\"\n}\n");
    std::fs::create_dir_all(w.dir.join("modules/loop")).unwrap();
    w.write("modules/loop/main.tf", "module \"again\" {\n  source = \"../loop\"\n}\n");
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Module cycle"), "{e}");
    w.write("extra.tf", "module \"x\" {\n  source = \"./modules/net\"\n  cidrr  = \"10.0.0.0/16\"\n}\n");
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Did you mean \"cidr\"?") && e.contains("Missing required argument"), "{e}");
}

#[test]
fn data_sources_read_now_or_during_apply() {
    let w = Work::new("data");
    w.write(
        "main.tf",
        r#"
resource "azure_resource_group" "rg" {
  name     = "shared-rg"
  location = "eastus"
}
data "azure_client_config" "me" {}
data "azure_resource_group" "shared" {
  name = azure_resource_group.rg.name
}
resource "terraform_data" "x" {
  input = "${data.azure_client_config.me.subscription_id}/${data.azure_resource_group.shared.location}"
}
output "x" {
  value = terraform_data.x.output
}
"#,
    );
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains(" <= read (data resources)"), "{plan}");
    assert!(plan.contains("# data.azure_resource_group.shared will be read during apply"), "{plan}");
    assert!(plan.contains("# (depends on a resource or a module with changes pending)"), "{plan}");
    let out = w.run(&["apply", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("x = \"00000000-0000-0000-0000-000000000000/eastus\""), "{out}");
    w.run(&["plan", "--detailed-exitcode"]).expect(0);
    w.write(
        "missing.tf",
        "data \"azure_virtual_network\" \"hub\" {\n  name                = \"hub\"\n  resource_group_name = \"nope\"\n}\n",
    );
    let e = w.run(&["plan"]).expect(1).stderr();
    assert!(e.contains("Error reading data.azure_virtual_network.hub") && e.contains("was not found"), "{e}");
}

#[test]
fn lifecycle_rules() {
    let w = Work::new("lifecycle");
    w.write(
        "main.tf",
        r#"
variable "v" {
  default = 1
}
resource "terraform_data" "a" {
  input = var.v
}
resource "terraform_data" "b" {
  input = "b"
  lifecycle {
    replace_triggered_by = [terraform_data.a]
  }
}
resource "terraform_data" "keep" {
  input            = "keep"
  triggers_replace = var.v
  lifecycle {
    prevent_destroy = true
  }
}
resource "terraform_data" "ignored" {
  input = var.v
  lifecycle {
    ignore_changes = [input]
  }
}
"#,
    );
    w.run(&["apply", "--auto-approve"]).expect(0);
    let e = w.run(&["plan", "--var", "v=2"]).expect(1).stderr();
    assert!(e.contains("Instance cannot be destroyed") && e.contains("terraform_data.keep"), "{e}");
    let text = std::fs::read_to_string(w.dir.join("main.tf")).unwrap().replace("triggers_replace = var.v", "triggers_replace = 1");
    w.write("main.tf", &text);
    let plan = w.run(&["plan", "--var", "v=2"]).expect(0).stdout();
    assert!(plan.contains("# terraform_data.b will be replaced due to changes in replace_triggered_by"), "{plan}");
    assert!(!plan.contains("terraform_data.ignored will be updated"), "ignore_changes holds:\n{plan}");
    let json: serde_json::Value = serde_json::from_str(&w.run(&["plan", "--json", "--var", "v=2"]).expect(0).stdout()).unwrap();
    let b = json["resource_changes"].as_array().unwrap().iter().find(|c| c["address"] == "terraform_data.b").unwrap();
    assert_eq!(b["action_reason"], "replace_by_triggers");
}

#[test]
fn create_before_destroy_propagates_to_dependencies() {
    let w = Work::new("cbd");
    w.write(
        "main.tf",
        "variable \"v\" {\n  default = 1\n}\nresource \"terraform_data\" \"base\" {\n  triggers_replace = var.v\n}\nresource \"terraform_data\" \"top\" {\n  triggers_replace = terraform_data.base.id\n  lifecycle {\n    create_before_destroy = true\n  }\n}\n",
    );
    w.run(&["apply", "--auto-approve"]).expect(0);
    let plan = w.run(&["plan", "--var", "v=2"]).expect(0).stdout();
    assert!(plan.contains("+/- create replacement and then destroy"), "{plan}");
    assert!(!plan.contains("-/+ destroy and then create"), "base inherits create_before_destroy:\n{plan}");
    w.run(&["apply", "--auto-approve", "--var", "v=2"]).expect(0);
    assert_eq!(w.run(&["sim", "list"]).expect(0).stdout().lines().count(), 2, "the old objects are gone");
}

#[test]
fn moved_blocks_rename_without_destroying() {
    let w = Work::new("moved");
    w.write("main.tf", "resource \"terraform_data\" \"old\" {\n  input = 1\n}\n");
    w.run(&["apply", "--auto-approve"]).expect(0);
    let id = w.state()["resources"][0]["id"].clone();
    w.write(
        "main.tf",
        "resource \"terraform_data\" \"new\" {\n  input = 1\n}\nmoved {\n  from = terraform_data.old\n  to   = terraform_data.new\n}\n",
    );
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains("# terraform_data.old has moved to terraform_data.new"), "{plan}");
    assert!(plan.contains("Plan: 0 to add, 0 to change, 0 to destroy."), "{plan}");
    w.run(&["apply", "--auto-approve"]).expect(0);
    assert_eq!(w.state()["resources"][0]["address"], "terraform_data.new");
    assert_eq!(w.state()["resources"][0]["id"], id, "same object");
    w.run(&["plan", "--detailed-exitcode"]).expect(0);
}

#[test]
fn import_blocks_and_the_import_command_adopt_objects() {
    let w = Work::new("import");
    w.write(
        "main.tf",
        "resource \"azure_resource_group\" \"a\" {\n  name     = \"a\"\n  location = \"eastus\"\n}\nresource \"azure_resource_group\" \"b\" {\n  name     = \"b\"\n  location = \"westus\"\n}\n",
    );
    w.run(&["apply", "--auto-approve"]).expect(0);
    std::fs::remove_file(w.dir.join("hadr.state.json")).unwrap();
    let sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups";
    w.write("import.tf", &format!("import {{\n  to = azure_resource_group.a\n  id = \"{sub}/a\"\n}}\n"));
    let plan = w.run(&["plan"]).expect(0).stdout();
    assert!(plan.contains("# azure_resource_group.a will be imported"), "{plan}");
    assert!(plan.contains("Plan: 1 to import, 1 to add, 0 to change, 0 to destroy."), "{plan}");
    let out = w.run(&["import", "azure_resource_group.b", &format!("{sub}/b")]).expect(0).stdout();
    assert!(out.contains("Import successful!"), "{out}");
    let out = w.run(&["apply", "--auto-approve"]).expect(0).stdout();
    assert!(out.contains("Resources: 1 imported, 0 added, 0 changed, 0 destroyed."), "{out}");
    w.run(&["plan", "--detailed-exitcode"]).expect(0);
    let e = w.run(&["import", "azure_resource_group.c", &format!("{sub}/c")]).expect(1).stderr();
    assert!(e.contains("Configuration for import target does not exist"), "{e}");
}

#[test]
fn sensitive_values_propagate_and_missing_variables_fail_without_a_terminal() {
    let w = Work::new("sensitive");
    w.write(
        "main.tf",
        "variable \"pw\" {\n  sensitive = true\n}\nresource \"terraform_data\" \"x\" {\n  input = \"p:${var.pw}\"\n}\noutput \"leak\" {\n  value = \"${var.pw}!\"\n}\n",
    );
    let e = w.run(&["plan"]).expect(1).stderr();
    assert!(e.contains("No value for required variable") && e.contains("--var pw=VALUE"), "{e}");
    let e = w.run(&["plan", "--var", "pw=hunter2"]).expect(1).stderr();
    assert!(e.contains("Output refers to sensitive values"), "{e}");
    w.write(
        "main.tf",
        &std::fs::read_to_string(w.dir.join("main.tf"))
            .unwrap()
            .replace("value = \"${var.pw}!\"", "value     = \"${var.pw}!\"\n  sensitive = true"),
    );
    let out = w.run(&["apply", "--auto-approve", "--var", "pw=hunter2"]).expect(0).stdout();
    assert!(!out.contains("hunter2"), "{out}");
    assert!(out.contains("leak = <sensitive>"), "{out}");
    let json = w.run(&["show", "--json"]).expect(0).stdout();
    assert!(!json.contains("hunter2"), "secrets never in machine-readable output: {json}");
}

#[test]
fn every_mistake_is_reported_in_one_run() {
    let w = Work::new("mistakes");
    w.write(
        "main.tf",
        "variable \"regions\" {\n  default = [\"eastus\"]\n}\nlocals {\n  n = lenght(var.regions)\n}\nresource \"terraform_data\" \"x\" {\n  input = var.regoins\n}\nresource \"terraform_data\" \"y\" {\n  inptu = 2\n}\n",
    );
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Call to unknown function") && e.contains("Did you mean \"length\"?") && e.contains("main.tf:5:7"), "{e}");
    assert!(e.contains("Reference to undeclared input variable") && e.contains("Did you mean \"regions\"?"), "{e}");
    assert!(e.contains("  n = lenght(var.regions)\n  │       ^^^^^^"), "a caret under the name:\n{e}");
    assert!(e.contains("Unsupported argument") && e.contains("main.tf:11:3") && e.contains("Did you mean \"input\"?"), "{e}");
    let json: serde_json::Value = serde_json::from_str(&w.run(&["validate", "--json"]).expect(1).stdout()).unwrap();
    assert_eq!(json["error_count"], 3, "{json}");
    assert_eq!(json["diagnostics"][0]["range"]["start"]["line"], 5, "{json}");
}

#[test]
fn dynamic_blocks_make_one_block_per_element() {
    let w = Work::new("dynamic");
    let config = |net: &str| {
        format!(
            r#"
variable "network" {{
  default = {net}
}}
resource "azure_resource_group" "rg" {{
  name     = "rg-dyn"
  location = "eastus"
}}
resource "azure_kubernetes_cluster" "aks" {{
  name                = "aks-dyn"
  resource_group_name = azure_resource_group.rg.name
  location            = "eastus"
  dns_prefix          = "dyn"
  default_node_pool {{
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 1
  }}
  identity {{
    type = "SystemAssigned"
  }}
  dynamic "network_profile" {{
    for_each = var.network == null ? [] : [var.network]
    iterator = net
    content {{
      network_plugin = net.value.plugin
      network_policy = net.value.policy
    }}
  }}
}}
"#
        )
    };
    w.write("main.tf", &config(r#"{ plugin = "azure", policy = "calico" }"#));
    let out = w.run(&["plan"]).expect(0).stdout();
    assert!(out.contains("+ network_profile {") && out.contains("+ network_policy") && out.contains("\"calico\""), "{out}");
    w.run(&["apply", "--auto-approve"]).expect(0);
    assert!(w.run(&["plan"]).expect(0).stdout().contains("No changes."));
    // No element, no block: the optional block goes away (and forces a new cluster, as its schema says).
    w.write("main.tf", &config("null"));
    let out = w.run(&["plan"]).expect(0).stdout();
    assert!(out.contains("- network_profile {") && out.contains("must be replaced"), "{out}");
    // A for_each known only after apply makes the blocks unknown as a whole;
    // apply expands them.
    let gated = config(r#"{ plugin = "azure", policy = "calico" }"#)
        .replace("var.network == null ? [] : [var.network]", "terraform_data.gate.output == 1 ? [var.network] : []")
        + "resource \"terraform_data\" \"gate\" {\n  input = 1\n}\n";
    w.write("main.tf", &gated);
    let out = w.run(&["plan"]).expect(0).stdout();
    assert!(out.contains("+ network_profile (known after apply)") && out.contains("- network_profile {"), "{out}");
    w.run(&["apply", "--auto-approve"]).expect(0);
    assert!(w.run(&["plan"]).expect(0).stdout().contains("No changes."));
    let shown = w.run(&["show", "--json"]).expect(0).stdout();
    assert!(shown.contains("calico"), "the expanded block is in the state: {shown}");
    // Mistakes point at the dynamic block.
    w.write(
        "main.tf",
        &config("null")
            .replace("dynamic \"network_profile\"", "dynamic \"network_profil\"")
            .replace("iterator = net", "iterator = net\n    labels = []"),
    );
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Did you mean \"network_profile\"?"), "{e}");
}

#[test]
fn custom_conditions_and_checks() {
    let w = Work::new("conditions");
    w.write(
        "main.tf",
        r#"
variable "n" {
  type    = number
  default = 2
}
resource "terraform_data" "x" {
  input = var.n
  lifecycle {
    precondition {
      condition     = var.n < 5
      error_message = "n must be below 5."
    }
    postcondition {
      condition     = self.input != 1
      error_message = "input must not be 1."
    }
    postcondition {
      condition     = self.output == 2
      error_message = "output must be 2, not ${self.output}."
    }
  }
}
resource "terraform_data" "after" {
  input = terraform_data.x.output
}
output "o" {
  value = terraform_data.x.output
  precondition {
    condition     = var.n > 0
    error_message = "n must be positive."
  }
}
check "not_three" {
  assert {
    condition     = var.n != 3
    error_message = "n is 3."
  }
}
"#,
    );
    let e = w.run(&["plan", "--var", "n=7"]).expect(1).stderr();
    assert!(e.contains("Resource precondition failed") && e.contains("n must be below 5.") && e.contains("main.tf:10:23"), "{e}");
    // A postcondition whose `self` is known at plan time is decided then.
    let e = w.run(&["plan", "--var", "n=1"]).expect(1).stderr();
    assert!(e.contains("Resource postcondition failed") && e.contains("input must not be 1."), "{e}");
    let e = w.run(&["plan", "--var", "n=-1"]).expect(1).stderr();
    assert!(e.contains("Module output value precondition failed") && e.contains("n must be positive."), "{e}");
    // Check assertions warn, at plan and at apply, and never fail.
    let r = w.run(&["plan", "--var", "n=3"]).expect(0);
    assert!(r.stderr().contains("Check block assertion failed") && r.stderr().contains("n is 3."), "{}", r.stderr());
    let r = w.run(&["plan", "--var", "n=2"]).expect(0);
    assert!(!r.stderr().contains("Check block assertion failed"), "{}", r.stderr());
    assert!(r.stdout().contains("Note: You didn't use the --out option to save this plan"), "{}", r.stdout());
    w.run(&["apply", "--auto-approve"]).expect(0);
    // `self.output` is known only after apply: the object is made and kept, what depends on it is not.
    let r = w.run(&["apply", "--auto-approve", "--var", "n=3"]).expect(1);
    let e = r.stderr();
    assert!(e.contains("Check block assertion failed") && e.contains("n is 3."), "{e}");
    assert!(e.contains("Resource postcondition failed") && e.contains("output must be 2, not 3."), "{e}");
    assert!(!r.stdout().contains("terraform_data.after: Modifying"), "{}", r.stdout());
    let shown = w.run(&["show", "--json"]).expect(0).stdout();
    let state: serde_json::Value = serde_json::from_str(&shown).unwrap();
    let x = &state["values"]["root_module"]["resources"].as_array().unwrap().iter().find(|r| r["address"] == "terraform_data.x").unwrap()["values"];
    assert_eq!(x["output"], 3, "the object that failed its postcondition is in the state: {x}");
    // A condition must be a bool.
    w.write("extra.tf", "check \"typed\" {\n  assert {\n    condition     = \"maybe\"\n    error_message = \"never\"\n  }\n}\n");
    let e = w.run(&["plan", "--var", "n=2"]).stderr();
    assert!(e.contains("Invalid condition result") && e.contains("extra.tf:3:21"), "{e}");
}

#[test]
fn removed_blocks_forget_without_destroying() {
    let w = Work::new("removed");
    w.write(
        "main.tf",
        "resource \"terraform_data\" \"keep\" {\n  input = \"keep me\"\n}\nresource \"terraform_data\" \"drop\" {\n  input = 1\n}\n",
    );
    w.run(&["apply", "--auto-approve"]).expect(0);
    let removed =
        "removed {\n  from = terraform_data.keep\n  lifecycle {\n    destroy = false\n  }\n}\nremoved {\n  from = terraform_data.drop\n}\n";
    // Still declared: an error that points at the resource.
    w.write("extra.tf", removed);
    let e = w.run(&["plan"]).expect(1).stderr();
    assert!(e.contains("Removed resource still exists") && e.contains("main.tf:1:1"), "{e}");
    std::fs::remove_file(w.dir.join("main.tf")).unwrap();
    let r = w.run(&["plan", "--out", "p.plan"]).expect(0);
    let out = r.stdout();
    assert!(out.contains(" # terraform_data.keep will no longer be managed by hadr, but will not be destroyed\n # (destroy = false is set in the configuration)\n . resource \"terraform_data\" \"keep\" {"), "{out}");
    assert!(out.contains("terraform_data.drop will be destroyed") && out.contains("Plan: 0 to add, 0 to change, 1 to destroy."), "{out}");
    assert!(
        r.stderr().contains("Some objects will no longer be managed by hadr") && r.stderr().contains(" - terraform_data.keep"),
        "{}",
        r.stderr()
    );
    let json: serde_json::Value = serde_json::from_str(&w.run(&["show", "--json", "p.plan"]).expect(0).stdout()).unwrap();
    let keep = json["resource_changes"].as_array().unwrap().iter().find(|c| c["address"] == "terraform_data.keep").unwrap().clone();
    assert_eq!(keep["change"]["actions"], serde_json::json!(["forget"]), "{keep}");
    w.run(&["apply", "p.plan"]).expect(0);
    assert_eq!(w.run(&["state", "list"]).expect(0).stdout(), "", "both left the state");
    let sim = w.run(&["sim", "list"]).expect(0).stdout();
    assert_eq!(sim.lines().filter(|l| l.starts_with("terraform_data")).count(), 1, "the forgotten one still exists:\n{sim}");
    assert!(w.run(&["plan"]).expect(0).stdout().contains("No changes."));
}

#[test]
fn provider_aliases_are_refused_with_the_reason() {
    let w = Work::new("alias");
    w.write(
        "main.tf",
        "resource \"azure_resource_group\" \"rg\" {\n  provider = azure.west\n  name     = \"rg\"\n  location = \"westus\"\n}\n",
    );
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Provider aliases are not supported") && e.contains("main.tf:2:14") && e.contains("set location"), "{e}");
    w.write(
        "main.tf",
        "variable \"sub\" {\n  type = string\n}\nprovider \"azure\" {\n  alias           = \"west\"\n  subscription_id = var.sub\n}\n",
    );
    let e = w.run(&["validate"]).expect(1).stderr();
    assert!(e.contains("Provider aliases are not supported") && e.contains("main.tf:5:21"), "{e}");
    // Without the alias, a provider block whose values are not known yet validates.
    w.write("main.tf", "variable \"sub\" {\n  type = string\n}\nprovider \"azure\" {\n  subscription_id = var.sub\n}\n");
    w.run(&["validate"]).expect(0);
}
