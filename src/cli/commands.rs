//! The commands: each loads what it needs, runs the stages, prints, and
//! returns the exit code (0 ok, 1 error, 2 changes with --detailed-exitcode).

use super::ui::{ConsoleUi, confirm};
use super::{Command, DrillCommand, LockArgs, ModeArg, PlanArgs, SwitchArgs};
use crate::apply::{ApplyRequest, apply};
use crate::config::inputs::{VarArg, resolve};
use crate::config::{Module, load_dir, load_sources};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::dr::DrDeclared;
use crate::dr::switch::{DrPlan, SwitchKind, SwitchRequest, plan_switch};
use crate::graph::Graph;
use crate::lang::Value;
use crate::plan::json::plan_json;
use crate::plan::planner::{PlanRequest, make_plan};
use crate::plan::render::{Style, render_plan};
use crate::plan::{Plan, PlanOptions};
use crate::provider::Provider;
use crate::provider::sim::SimCloud;
use crate::state::{State, StateStore, lock};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--input`, on the commands that may ask for input variables.
fn input_flag(cmd: &Command) -> Option<bool> {
    match cmd {
        Command::Plan { args, .. } | Command::Apply { args, .. } | Command::Destroy { args, .. } => Some(args.input),
        Command::Failover { switch, .. }
        | Command::Failback { switch, .. }
        | Command::Reprotect { switch, .. }
        | Command::Drill { command: DrillCommand::Cleanup { switch, .. } } => Some(switch.args.input),
        Command::Import { input, .. } => Some(*input),
        _ => None,
    }
}

pub async fn dispatch(cmd: Command, color: bool) -> i32 {
    let mut sources = SourceMap::default();
    if input_flag(&cmd) == Some(false) {
        crate::config::inputs::disable_prompts();
    }
    let r = match cmd {
        Command::Validate { dir, json } => validate(&dir_or_cwd(dir), json, color, &mut sources).await,
        Command::Fmt { paths, check, diff, recursive } => {
            crate::fmt::run(&crate::fmt::Options { paths, check, diff, recursive }, &mut sources)
        }
        Command::Plan { dir, args, out, detailed_exitcode, destroy, json } => {
            plan_cmd(&dir_or_cwd(dir), &args, out, detailed_exitcode, destroy, json, color, &mut sources).await
        }
        Command::Apply { target, args, auto_approve } => {
            let t = dir_or_cwd(target);
            if t.is_file() {
                apply_saved(&t, &args, color, &mut sources).await
            } else {
                apply_dir(&t, &args, auto_approve, false, color, &mut sources).await
            }
        }
        Command::Destroy { dir, args, auto_approve } => apply_dir(&dir_or_cwd(dir), &args, auto_approve, true, color, &mut sources).await,
        Command::Show { plan, json } => super::inspect::show(plan, json, color),
        Command::Import { address, id, vars: _, lock, input: _ } => import_cmd(&address, &id, &lock, color, &mut sources).await,
        Command::Output { name, json, raw, show_sensitive } => super::inspect::output_cmd(name, json, raw, show_sensitive),
        Command::State { command } => super::state::run(command),
        Command::Graph { dir } => graph_cmd(&dir_or_cwd(dir), &mut sources),
        Command::Sim { command } => super::sim::sim_cmd(command).await,
        Command::Emulator { listen, data, fail_429, fail_5xx, latency_ms, fail_operation, specs } => {
            let data = data.unwrap_or_else(|| PathBuf::from("."));
            let opts = crate::emulator::Options { listen, data, fail_429, fail_5xx, latency_ms, fail_operation, specs };
            crate::emulator::run(opts).await.map(|()| 0).map_err(|e| one(Diagnostic::error("The emulator stopped").detail(e)))
        }
        Command::Failover { dir, to, mode, drill, switch } => {
            if drill {
                super::drill::run(&dir_or_cwd(dir), false, &switch, color, &mut sources).await
            } else {
                switch_cmd(&dir_or_cwd(dir), SwitchKind::Failover, to, mode, &switch, color, &mut sources).await
            }
        }
        Command::Failback { dir, switch } => {
            switch_cmd(&dir_or_cwd(dir), SwitchKind::Failback, None, ModeArg::Planned, &switch, color, &mut sources).await
        }
        Command::Reprotect { dir, switch } => {
            switch_cmd(&dir_or_cwd(dir), SwitchKind::Reprotect, None, ModeArg::Planned, &switch, color, &mut sources).await
        }
        Command::Drill { command: DrillCommand::Cleanup { dir, switch } } => {
            super::drill::run(&dir_or_cwd(dir), true, &switch, color, &mut sources).await
        }
    };
    match r {
        Ok(code) => code,
        Err(d) => {
            eprint!("{}", d.render(&sources, color));
            1
        }
    }
}

pub(super) type CmdResult = Result<i32, Diagnostics>;

fn dir_or_cwd(d: Option<PathBuf>) -> PathBuf {
    d.unwrap_or_else(|| PathBuf::from("."))
}

pub(super) fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}

/// `--var` / `--var-file` in the order they appear on the command line (later wins).
fn var_args_in_order() -> Vec<VarArg> {
    let args: Vec<String> = std::env::args().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let take = |i: &mut usize| {
            *i += 1;
            args.get(*i).cloned().unwrap_or_default()
        };
        if a == "--var" {
            out.push(VarArg::Var(take(&mut i)));
        } else if let Some(v) = a.strip_prefix("--var=") {
            out.push(VarArg::Var(v.to_string()));
        } else if a == "--var-file" {
            out.push(VarArg::File(PathBuf::from(take(&mut i))));
        } else if let Some(v) = a.strip_prefix("--var-file=") {
            out.push(VarArg::File(PathBuf::from(v)));
        }
        i += 1;
    }
    out
}

fn print_warnings(d: &Diagnostics, sources: &SourceMap, color: bool) {
    if !d.is_empty() {
        eprint!("{}", d.render(sources, color));
    }
}

pub(super) struct Loaded {
    pub module: Module,
    pub graph: Graph,
    pub variables: BTreeMap<String, Value>,
    pub dr: Option<DrDeclared>,
}

fn load(dir: &Path, sources: &mut SourceMap, color: bool) -> Result<Loaded, Diagnostics> {
    let module = load_dir(dir, sources)?;
    let graph = graph_of(&module, sources)?;
    let (variables, warnings) = resolve(&module, &var_args_in_order(), sources)?;
    let dr = crate::dr::declared(&module, &variables)?;
    print_warnings(&warnings, sources, color);
    Ok(Loaded { module, graph, variables, dr })
}

/// The dependency graph; when a reference is wrong, the argument names of
/// every resource are checked too, so that one run reports both kinds.
fn graph_of(module: &Module, sources: &SourceMap) -> Result<Graph, Diagnostics> {
    Graph::build(module, sources).map_err(|mut d| {
        d.extend(crate::plan::body::check_names(module));
        d
    })
}

/// The `dr` root values for evaluating this configuration against `state`.
fn dr_roots(loaded: &Loaded, state: &State) -> BTreeMap<String, Value> {
    loaded.dr.as_ref().map(|d| d.roots(&d.current(state))).unwrap_or_default()
}

pub(super) fn open_provider(dir: &Path, loaded: &Loaded) -> Result<Arc<dyn Provider>, Diagnostics> {
    // A `provider "azure"` block selects ARM; HADR_PROVIDER overrides it either way.
    let block = crate::provider::azure::config::from_module(&loaded.module, &loaded.variables).map_err(one)?;
    let azure = match std::env::var("HADR_PROVIDER").as_deref() {
        Ok("azure") => Some(block.unwrap_or_default()),
        Ok("sim") => None,
        Ok(other) if !other.is_empty() => {
            return Err(one(
                Diagnostic::error(format!("Unknown provider \"{other}\" in HADR_PROVIDER")).hint("Use sim (the default) or azure.")
            ));
        }
        _ => block,
    };
    let Some(config) = azure else {
        return SimCloud::open(dir)
            .map(|s| Arc::new(s) as Arc<dyn Provider>)
            .map_err(|e| one(Diagnostic::error("Cannot open the simulated cloud").detail(e)));
    };
    crate::provider::azure::config::open_blocking(config, dir).map(|p| Arc::new(p) as Arc<dyn Provider>).map_err(|e| {
        one(Diagnostic::error("Cannot connect to Azure")
            .detail(e)
            .hint("See \"Running against Azure\" in the README: credentials, subscription_id, and HADR_AZURE_ENDPOINT for the emulator."))
    })
}

/// Locks and loads the state, folding in a journal left by an interrupted apply.
/// While another process holds the lock, retries for up to `timeout` (`--lock-timeout`).
pub(super) fn locked_state(store: &StateStore, operation: &str, args: &LockArgs) -> Result<(lock::StateLock, State), Diagnostics> {
    let timeout = args.lock_timeout;
    let waiting = |holder: &str| {
        eprintln!("The state is locked: {holder}. Waiting up to {} for it (--lock-timeout)...", lock::fmt_timeout(timeout));
    };
    let l = if args.lock {
        lock::acquire_within(&store.hadr_dir(), operation, timeout, waiting).map_err(one)?
    } else {
        lock::StateLock::not_held()
    };
    let (mut state, replayed) = store.load().map_err(one)?;
    // Without the lock, an apply may be writing that journal right now: read it, never fold it in.
    if replayed && args.lock {
        store.commit(&mut state).map_err(one)?;
        eprintln!("Recovered the state of an interrupted apply from its journal ({} resources in state).", state.resources.len());
    }
    Ok((l, state))
}

fn options(args: &PlanArgs, destroy: bool) -> PlanOptions {
    PlanOptions { targets: args.targets.clone(), replace: args.replace.clone(), refresh: args.refresh, destroy }
}

/// Plans `dir`, prints the warnings, and returns the plan with its
/// presentation (`present`), which is made while the DR checks run on the
/// other core.
async fn build_plan(
    dir: &Path,
    args: &PlanArgs,
    destroy: bool,
    operation: &str,
    sources: &mut SourceMap,
    color: bool,
    present: impl FnOnce(&Plan) -> String + Send,
) -> Result<(Loaded, lock::StateLock, State, Plan, Arc<dyn Provider>, String), Diagnostics> {
    let loaded = load(dir, sources, color)?;
    let store = StateStore::new(dir);
    let (l, state) = locked_state(&store, operation, &args.lock)?;
    let provider = open_provider(dir, &loaded)?;
    let req = PlanRequest {
        module: &loaded.module,
        graph: &loaded.graph,
        sources,
        variables: loaded.variables.clone(),
        state: state.clone(),
        provider: provider.clone(),
        options: options(args, destroy),
        parallelism: args.parallelism as usize,
        extra_roots: dr_roots(&loaded, &state),
    };
    let (mut plan, mut warnings) = make_plan(req).await?;
    if let Some(d) = &loaded.dr {
        let current = d.current(&state);
        let held = crate::dr::hold_fenced(&mut plan, d, &current);
        if !held.is_empty() {
            warnings.push(
                Diagnostic::warning(format!("Changes held while {} is fenced", current.fenced.join(", ")))
                    .detail(format!("Not planned: {}.", held.join(", ")))
                    .hint("Run `hadr reprotect` once the region is back; it lifts the fence and applies them."),
            );
        }
        if state.dr.is_none() {
            plan.dr = Some(serde_json::json!({ "state_change": current.to_json() }));
        }
    }
    let plan_ref = &plan;
    let text = std::thread::scope(|s| {
        let checks = loaded
            .dr
            .as_ref()
            .filter(|_| !destroy)
            .map(|d| s.spawn(move || crate::dr::checks::config_checks(d, &crate::dr::checks::planned_world(d, plan_ref))));
        let text = present(plan_ref);
        if let Some(c) = checks {
            match c.join() {
                Ok(d) => warnings.extend(d),
                Err(p) => std::panic::resume_unwind(p),
            }
        }
        text
    });
    print_warnings(&warnings, sources, color);
    Ok((loaded, l, state, plan, provider, text))
}

#[allow(clippy::too_many_arguments)]
async fn plan_cmd(
    dir: &Path,
    args: &PlanArgs,
    out: Option<PathBuf>,
    detailed: bool,
    destroy: bool,
    json: bool,
    color: bool,
    sources: &mut SourceMap,
) -> CmdResult {
    let present = |p: &Plan| if json { format!("{}\n", plan_json(p)) } else { render_plan(p, Style { color }) };
    let (loaded, _lock, state, plan, _p, text) = build_plan(dir, args, destroy, "plan", sources, color, present).await?;
    // Large configurations: freeing them is wasted work just before the process exits.
    std::mem::forget(loaded);
    std::mem::forget(state);
    print!("{text}");
    if out.is_none() && !json && plan.has_changes() {
        println!(
            "\n{}\n\nNote: You didn't use the --out option to save this plan, so hadr can't\nguarantee to take exactly these actions if you run \"hadr apply\" now.",
            crate::plan::render::RULE
        );
    }
    if let Some(path) = out {
        save_plan(&plan, &path)?;
        if !json {
            println!(
                "\n{}\n\nSaved the plan to: {}\n\nTo perform exactly these actions, run the following command to apply:\n    hadr apply {}",
                crate::plan::render::RULE,
                path.display(),
                path.display()
            );
        }
    }
    let code = if detailed && plan.has_changes() { 2 } else { 0 };
    std::mem::forget(plan);
    Ok(code)
}

fn save_plan(plan: &Plan, path: &Path) -> Result<(), Diagnostics> {
    let bytes = serde_json::to_vec(plan).map_err(|e| one(Diagnostic::error("Cannot encode the plan").detail(e.to_string())))?;
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut f = crate::state::open_private(path)?;
        f.write_all(&bytes)?;
        f.sync_all()
    };
    write().map_err(|e| {
        one(Diagnostic::error(format!("Failed to write plan file {}", path.display()))
            .detail(e.to_string())
            .hint("Check that the directory exists and is writable."))
    })
}

pub(super) fn read_plan(path: &Path) -> Result<Plan, Diagnostics> {
    let bytes = std::fs::read(path)
        .map_err(|e| one(Diagnostic::error(format!("Cannot read plan file {}", path.display())).detail(e.to_string())))?;
    let plan: Plan = serde_json::from_slice(&bytes).map_err(|e| {
        one(Diagnostic::error(format!("{} is not a hadr plan file", path.display()))
            .detail(e.to_string())
            .hint("Save a plan with `hadr plan --out FILE`, or pass a configuration directory."))
    })?;
    if plan.format != crate::plan::PLAN_FORMAT {
        return Err(one(Diagnostic::error("Plan file from another hadr version")
            .detail(format!("{} has plan format {}; this hadr reads format {}.", path.display(), plan.format, crate::plan::PLAN_FORMAT))
            .hint("Make the plan again with this hadr.")));
    }
    Ok(plan)
}

async fn apply_dir(dir: &Path, args: &PlanArgs, auto_approve: bool, destroy: bool, color: bool, sources: &mut SourceMap) -> CmdResult {
    let operation = if destroy { "destroy" } else { "apply" };
    let present = |p: &Plan| render_plan(p, Style { color });
    let (loaded, _lock, state, plan, provider, text) = build_plan(dir, args, destroy, operation, sources, color, present).await?;
    print!("{text}");
    if !plan.has_changes() {
        let summary = if destroy {
            "Destroy complete! Resources: 0 destroyed."
        } else {
            "Apply complete! Resources: 0 added, 0 changed, 0 destroyed."
        };
        println!("\n{}", Style { color }.bold(summary));
        super::inspect::print_outputs(&state, color);
        return Ok(0);
    }
    if !auto_approve {
        let (q, d) = if destroy {
            (
                "\nDo you really want to destroy all resources?",
                "hadr will destroy all your managed infrastructure, as shown above.\n  There is no undo.",
            )
        } else {
            ("\nDo you want to perform these actions?", "hadr will perform the actions described above.")
        };
        match confirm(q, d) {
            Ok(true) => {}
            Ok(false) => {
                eprintln!("Apply cancelled.");
                return Ok(1);
            }
            Err(_) => {
                return Err(one(Diagnostic::error("No terminal to confirm the apply")
                    .detail("hadr asks for 'yes' before changing infrastructure, and standard input is not a terminal.")
                    .hint("Run with --auto-approve, or save a plan with `hadr plan --out FILE`, review it, then `hadr apply FILE`.")));
            }
        }
    }
    run_apply(sources, &plan, &loaded, state, provider, dir, args.parallelism as usize, destroy, color).await
}

async fn apply_saved(path: &Path, args: &PlanArgs, color: bool, sources: &mut SourceMap) -> CmdResult {
    let plan = read_plan(path)?;
    let dir = PathBuf::from(".");
    let store = StateStore::new(&dir);
    let (_lock, state) = locked_state(&store, "apply", &args.lock)?;
    if state.lineage != plan.prior_lineage || state.serial != plan.prior_serial {
        return Err(one(Diagnostic::error("Saved plan is stale")
            .detail("The given plan file can no longer be applied because the state was changed by another operation after the plan was created.")
            .hint("Make a new plan with `hadr plan --out FILE` and apply that.")));
    }
    let mut module = load_sources(
        &dir,
        plan.sources.iter().filter(|(n, _)| Path::new(n).parent().is_none_or(|p| p.as_os_str().is_empty())).cloned().collect(),
        sources,
    )?;
    crate::config::load_children(&mut module, &crate::config::SavedFiles(&plan.sources), sources, &mut vec![])?;
    let graph = graph_of(&module, sources)?;
    let variables: BTreeMap<String, Value> = plan.variables.iter().map(|(k, v)| (k.clone(), Value::from_tagged(v))).collect();
    let dr = crate::dr::declared(&module, &variables)?;
    let loaded = Loaded { module, graph, variables, dr };
    let provider = open_provider(&dir, &loaded)?;
    run_apply(sources, &plan, &loaded, state, provider, &dir, args.parallelism as usize, plan.options.destroy, color).await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn run_apply(
    sources: &SourceMap,
    plan: &Plan,
    loaded: &Loaded,
    state: State,
    provider: Arc<dyn Provider>,
    dir: &Path,
    parallelism: usize,
    destroy: bool,
    color: bool,
) -> CmdResult {
    let store = StateStore::new(dir);
    let ui = ConsoleUi::new();
    let cancel = Arc::new(AtomicBool::new(false));
    let c2 = cancel.clone();
    let watcher = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            c2.store(true, Ordering::SeqCst);
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("Two interrupts received. Exiting immediately; the journal holds every finished operation.");
                std::process::exit(1);
            }
        }
    });
    let req = ApplyRequest {
        plan,
        module: &loaded.module,
        graph: &loaded.graph,
        variables: loaded.variables.clone(),
        extra_roots: match DrPlan::from_plan(plan) {
            Some(d) => match Value::from_json(&d.roots) {
                Value::Map(m) => m,
                _ => BTreeMap::new(),
            },
            None => dr_roots(loaded, &state),
        },
        provider,
        store: &store,
        state,
        parallelism,
        ui: &ui,
        cancel,
        heartbeat: std::time::Duration::from_secs(10),
    };
    let outcome = apply(req).await;
    watcher.abort();
    ui.finish();
    let outcome = outcome?;
    let st = Style { color };
    print_warnings(&outcome.warnings, sources, color);
    if !outcome.errors.is_empty() {
        eprint!("{}", outcome.errors.render(sources, color));
        return Ok(1);
    }
    if outcome.interrupted {
        eprintln!(
            "\nApply interrupted: {} added, {} changed, {} destroyed; the state is saved. Run apply again to finish.",
            outcome.added, outcome.changed, outcome.destroyed
        );
        return Ok(1);
    }
    if let Some(d) = DrPlan::from_plan(plan) {
        let what = match d.kind {
            SwitchKind::Failover => "Failover",
            SwitchKind::Failback => "Failback",
            SwitchKind::Reprotect => "Re-protect",
            SwitchKind::Drill => "Drill",
            SwitchKind::DrillCleanup => "Drill cleanup",
        };
        match d.kind {
            SwitchKind::Drill => {
                let rec = crate::dr::drill::record_of(plan, &d);
                let _ = std::fs::write(crate::dr::drill::record_path(dir), serde_json::to_vec_pretty(&rec).unwrap_or_default());
                println!("\nThe drill is in place; run `hadr drill cleanup` to remove what it made.");
            }
            SwitchKind::DrillCleanup => {
                let _ = std::fs::remove_file(crate::dr::drill::record_path(dir));
            }
            _ => {}
        }
        println!(
            "\n{}",
            st.bold(&format!(
                "{what} complete! {} is active. Took {} (estimated RTO {}).",
                d.state_change.active,
                crate::dr::fmt_secs(outcome.elapsed.as_secs_f64() * sim_speed()),
                crate::dr::fmt_secs(d.rto.seconds)
            ))
        );
    } else if destroy {
        println!("\n{}", st.bold(&format!("Destroy complete! Resources: {} destroyed.", outcome.destroyed)));
    } else {
        println!(
            "\n{}",
            st.bold(&format!(
                "Apply complete! Resources: {}{} added, {} changed, {} destroyed.",
                if outcome.imported > 0 { format!("{} imported, ", outcome.imported) } else { String::new() },
                outcome.added,
                outcome.changed,
                outcome.destroyed
            ))
        );
    }
    super::inspect::print_outputs(&outcome.state, color);
    Ok(0)
}

/// How many times faster than Azure the simulated clock runs (1 under a virtual clock).
fn sim_speed() -> f64 {
    if crate::provider::sim::virtual_clock() {
        return 1.0;
    }
    match crate::provider::sim::Timing::from_env() {
        Ok(crate::provider::sim::Timing::Scaled(s)) => s,
        _ => 1.0,
    }
}

/// What a failover-type command works with; the state stays locked while the guard lives.
pub(super) type SwitchInputs = (Loaded, DrDeclared, lock::StateLock, State, Arc<dyn Provider>);

/// Loads what a failover-type command needs.
pub(super) fn load_for_switch(
    dir: &Path,
    operation: &str,
    lock: &LockArgs,
    color: bool,
    sources: &mut SourceMap,
) -> Result<SwitchInputs, Diagnostics> {
    let loaded = load(dir, sources, color)?;
    let Some(decl) = loaded.dr.clone() else {
        return Err(one(Diagnostic::error("This configuration has no dr block")
            .detail("Failover, failback, reprotect and drills act on the two regions a dr block declares.")
            .hint("Add dr { regions = [\"eastus\", \"westus\"]  primary = \"eastus\" } and apply it first.")));
    };
    let store = StateStore::new(dir);
    let (l, state) = locked_state(&store, operation, lock)?;
    if state.resources.is_empty() {
        return Err(one(Diagnostic::error("Nothing is deployed yet").hint("Run `hadr apply` first; a failover switches what exists.")));
    }
    let provider = open_provider(dir, &loaded)?;
    Ok((loaded, decl, l, state, provider))
}

pub(super) fn base_request<'a>(
    loaded: &'a Loaded,
    sources: &'a SourceMap,
    state: &State,
    provider: &Arc<dyn Provider>,
    sw: &SwitchArgs,
) -> PlanRequest<'a> {
    PlanRequest {
        module: &loaded.module,
        graph: &loaded.graph,
        sources,
        variables: loaded.variables.clone(),
        state: state.clone(),
        provider: provider.clone(),
        options: options(&sw.args, false),
        parallelism: sw.args.parallelism as usize,
        extra_roots: BTreeMap::new(),
    }
}

/// Saves the plan with --out, or asks for confirmation; `Some(code)` means stop here.
pub(super) fn save_and_confirm(plan: &Plan, sw: &SwitchArgs, what: &str) -> Result<Option<i32>, Diagnostics> {
    if let Some(path) = &sw.out {
        save_plan(plan, path)?;
        println!("\nSaved the plan to: {}\n\nTo perform exactly these steps, run:\n    hadr apply {}", path.display(), path.display());
        return Ok(Some(0));
    }
    if sw.auto_approve {
        // The steps end the report; a blank line sets the progress apart.
        println!();
        return Ok(None);
    }
    match confirm(&format!("\nDo you want to perform this {what}?"), "hadr will perform the steps described above, in order.") {
        Ok(true) => Ok(None),
        Ok(false) => {
            eprintln!("Cancelled.");
            Ok(Some(1))
        }
        Err(_) => Err(one(Diagnostic::error("No terminal to confirm")
            .detail("hadr asks for 'yes' before changing infrastructure, and standard input is not a terminal.")
            .hint("Run with --auto-approve, or save the plan with --out FILE, review it, then `hadr apply FILE`."))),
    }
}

async fn switch_cmd(
    dir: &Path,
    kind: SwitchKind,
    to: Option<String>,
    mode: ModeArg,
    sw: &SwitchArgs,
    color: bool,
    sources: &mut SourceMap,
) -> CmdResult {
    let what = format!("{kind:?}").to_lowercase();
    let (loaded, decl, _lock, state, provider) = load_for_switch(dir, &what, &sw.args.lock, color, sources)?;
    let current = decl.current(&state);
    if kind == SwitchKind::Reprotect && current.protected() {
        println!("Nothing to re-protect: replication runs from {} to {} and no region is fenced.", current.active, current.passive);
        return Ok(0);
    }
    let down = provider.unreachable_regions();
    let mode = if mode == ModeArg::Forced { crate::dr::steps::Mode::Forced } else { crate::dr::steps::Mode::Planned };
    let (plan, warnings) = {
        let base = base_request(&loaded, sources, &state, &provider, sw);
        plan_switch(SwitchRequest { base, decl: &decl, current, kind, mode, to, down }).await?
    };
    print_warnings(&warnings, sources, color);
    let dr = DrPlan::from_plan(&plan).expect("switch plans carry steps");
    print!("{}", render_plan(&plan, Style { color }));
    print!("{}", crate::dr::report::render(&plan, &dr, Style { color }));
    if let Some(code) = save_and_confirm(&plan, sw, &what)? {
        return Ok(code);
    }
    run_apply(sources, &plan, &loaded, state, provider, dir, sw.args.parallelism as usize, false, color).await
}

async fn import_cmd(address: &str, id: &str, lock: &LockArgs, color: bool, sources: &mut SourceMap) -> CmdResult {
    let dir = PathBuf::from(".");
    let addr = crate::addr::InstanceAddress::parse(address).map_err(|e| one(Diagnostic::error("Invalid resource address").detail(e)))?;
    let loaded = load(&dir, sources, color)?;
    let in_config = loaded.module.at(&addr.resource.static_module()).is_some_and(|m| m.resources.contains_key(&addr.resource.local_key()));
    if !in_config {
        return Err(one(Diagnostic::error("Configuration for import target does not exist")
            .detail(format!("The configuration does not declare {}.", addr.resource))
            .hint(format!("Add a resource \"{}\" \"{}\" block first, then import into it.", addr.resource.rtype, addr.resource.name))));
    }
    let Some(schema) = crate::schema::catalog().get(&addr.resource.rtype) else {
        return Err(one(Diagnostic::error(format!("Unknown resource type {}", addr.resource.rtype))));
    };
    let store = StateStore::new(&dir);
    let (_lock, mut state) = locked_state(&store, "import", lock)?;
    if state.resources.contains_key(&addr) {
        return Err(one(Diagnostic::error("Resource already managed by hadr")
            .detail(format!("hadr is already managing {addr}."))
            .hint("To import to this address you must first remove the existing object from the state.")));
    }
    let provider = open_provider(&dir, &loaded)?;
    let attrs = match provider.read(schema, id).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            return Err(one(Diagnostic::error("Cannot import non-existent remote object")
                .detail(format!(
                    "While attempting to import an existing object to \"{addr}\", the provider found no object with id \"{id}\"."
                ))
                .hint("Check the id; hadr imports only objects that exist.")));
        }
        Err(e) => return Err(one(Diagnostic::error(format!("Error importing {addr}")).detail(e.to_string()))),
    };
    println!("{addr}: Importing from ID \"{id}\"...\n{addr}: Import prepared!\n  Prepared {} for import", addr.resource.rtype);
    state.resources.insert(
        addr.clone(),
        crate::state::ResourceInstance {
            address: addr.clone(),
            rtype: addr.resource.rtype.clone(),
            id: id.to_string(),
            status: Default::default(),
            attributes: attrs,
            sensitive_attributes: serde_json::Value::Null,
            dependencies: vec![],
            create_before_destroy: false,
            deposed: vec![],
        },
    );
    store.commit(&mut state).map_err(one)?;
    println!(
        "\n{}\n\nThe resources that were imported are shown above. These resources are now in\nyour hadr state and will henceforth be managed by hadr.",
        Style { color }.bold("Import successful!")
    );
    Ok(0)
}

fn graph_cmd(dir: &Path, sources: &mut SourceMap) -> CmdResult {
    let module = load_dir(dir, sources)?;
    let graph = graph_of(&module, sources)?;
    print!("{}", graph.to_dot());
    Ok(0)
}

async fn validate(dir: &Path, json: bool, color: bool, sources: &mut SourceMap) -> CmdResult {
    let mut dr_summary: Option<String> = None;
    let result: Result<Diagnostics, Diagnostics> = async {
        let module = load_dir(dir, sources)?;
        let graph = graph_of(&module, sources)?;
        let (variables, mut warnings) = match resolve(&module, &var_args_in_order(), sources) {
            Ok(v) => v,
            // Missing values are not a configuration error: validate with them unknown.
            Err(d) if d.0.iter().all(|x| x.summary == "No value for required variable") => {
                let vars = module.variables.keys().map(|k| (k.clone(), Value::Unknown)).collect();
                (vars, Diagnostics::default())
            }
            Err(d) => return Err(d),
        };
        // The provider block is checked here too, not only when a plan opens the provider.
        crate::provider::azure::config::from_module(&module, &variables).map_err(one)?;
        let variables_for_dr = variables.clone();
        let extra_roots = match crate::dr::declared(&module, &variables)? {
            Some(d) => d.roots(&d.current(&State::new())),
            None => BTreeMap::new(),
        };
        let req = PlanRequest {
            module: &module,
            graph: &graph,
            sources,
            variables,
            state: State::new(),
            provider: Arc::new(crate::provider::OfflineProvider),
            options: PlanOptions { refresh: false, ..Default::default() },
            parallelism: 1,
            extra_roots,
        };
        let (first, w) = make_plan(req).await?;
        warnings.extend(w);
        if let Some(decl) = crate::dr::declared(&module, &variables_for_dr)? {
            warnings.extend(crate::dr::checks::config_checks(&decl, &crate::dr::checks::planned_world(&decl, &first)));
            let req2 = PlanRequest {
                module: &module,
                graph: &graph,
                sources,
                variables: variables_for_dr.clone(),
                state: State::new(),
                provider: Arc::new(crate::provider::OfflineProvider),
                options: PlanOptions { refresh: false, ..Default::default() },
                parallelism: 1,
                extra_roots: BTreeMap::new(),
            };
            let (rto, rpo) = crate::dr::checks::estimate_from_config(&decl, &first, req2).await?;
            let miss = |what: &str, e: &crate::dr::estimate::Estimate| {
                Diagnostic::error(format!("The estimated {what} misses the objective"))
                    .detail(format!(
                        "A planned failover {} → {} is estimated at {}, over the objective of {}.",
                        decl.primary,
                        decl.other(&decl.primary),
                        crate::dr::fmt_secs(e.seconds),
                        crate::dr::fmt_secs(e.objective_s.unwrap_or_default())
                    ))
                    .hint("Run `hadr failover --out f.plan` to see the steps and the critical path; shorten it, or revise the objective.")
            };
            let mut misses = Diagnostics::default();
            if !rto.met() {
                misses.push(miss("RTO", &rto));
            }
            if !rpo.met() {
                misses.push(miss("RPO", &rpo));
            }
            if misses.has_errors() {
                warnings.extend(misses);
                return Err(warnings);
            }
            dr_summary = Some(format!(
                "DR: a planned failover {} → {} is estimated at RTO {}, RPO {}.",
                decl.primary,
                decl.other(&decl.primary),
                crate::dr::fmt_secs(rto.seconds),
                crate::dr::fmt_secs(rpo.seconds)
            ));
        }
        Ok(warnings)
    }
    .await;
    let (diags, ok) = match result {
        Ok(w) => (w, true),
        Err(e) => (e, false),
    };
    if json {
        println!("{}", diags.to_json(sources));
    } else {
        print_warnings(&diags, sources, color);
        if ok {
            println!("{}", Style { color }.bold("Success! The configuration is valid."));
            if let Some(s) = &dr_summary {
                println!("{s}");
            }
        }
    }
    Ok(if ok { 0 } else { 1 })
}
