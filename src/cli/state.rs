//! `hadr state list|show|rm|mv`, with Terraform's address semantics, output
//! and errors. `rm` and `mv` hold the state lock and commit through
//! `StateStore` (atomic replace, next serial, previous file kept as backup).

use super::StateCommand;
use super::commands::locked_state;
use super::inspect::{read_state, render_instance};
use crate::addr::{InstanceAddress, InstanceKey, Mode, ResourceAddress};
use crate::diag::{Diagnostic, Diagnostics};
use crate::state::{State, StateStore};
use std::path::Path;

type CmdResult = Result<i32, Diagnostics>;

pub fn run(cmd: StateCommand) -> CmdResult {
    match cmd {
        StateCommand::List => {
            for r in read_state()?.resources.values() {
                println!("{}", r.address);
            }
            Ok(0)
        }
        StateCommand::Show { address } => show(&address),
        StateCommand::Rm { addresses, dry_run, lock } => rm(&addresses, dry_run, &lock),
        StateCommand::Mv { source, destination, dry_run, lock } => mv(&source, &destination, dry_run, &lock),
    }
}

fn err(summary: &str, detail: String, hint: &str) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(summary).detail(detail).hint(hint)])
}

const LIST_HINT: &str = "`hadr state list` lists the addresses in the state.";
const KINDS_HINT: &str = "Move a module to module.NAME, a whole resource to TYPE.NAME, an instance to TYPE.NAME or TYPE.NAME[KEY].";
const TAKEN_HINT: &str = "Choose another destination, or remove what is there first with `hadr state rm`.";

/// What an address on the command line selects.
#[derive(Debug)]
enum Selector {
    /// `module.a["x"].module.b`: everything in that module and below it.
    Module(String),
    /// `type.name` (no key): every instance of the resource.
    Resource(ResourceAddress),
    /// `type.name[key]`: one instance.
    Instance(InstanceAddress),
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Module(m) => f.write_str(m),
            Selector::Resource(r) => write!(f, "{r}"),
            Selector::Instance(i) => write!(f, "{i}"),
        }
    }
}

fn parse_selector(s: &str) -> Result<Selector, Diagnostics> {
    if let Ok(a) = InstanceAddress::parse(s) {
        return Ok(match a.key {
            InstanceKey::None => Selector::Resource(a.resource),
            _ => Selector::Instance(a),
        });
    }
    // A module path alone: parse it with a resource appended, keep the module.
    if s.starts_with("module.")
        && let Ok(a) = InstanceAddress::parse(&format!("{s}.hadr_module_probe.x"))
        && a.resource.mode == Mode::Managed
        && a.resource.rtype == "hadr_module_probe"
    {
        return Ok(Selector::Module(a.resource.module));
    }
    Err(Diagnostics(vec![
        Diagnostic::error("Invalid address")
            .detail(format!(
                "\"{s}\" is not a resource or module address; expected TYPE.NAME, TYPE.NAME[KEY] or module.NAME, e.g. azure_subnet.app[\"eastus\"]."
            ))
            .hint("Quote the address for the shell (e.g. 'azure_subnet.app[\"eastus\"]'); `hadr state list` lists what the state holds."),
    ]))
}

/// `module.a[0].module.b` → `[("a", Some("[0]")), ("b", None)]`.
fn module_steps(path: &str) -> Vec<(&str, Option<&str>)> {
    let mut parts = vec![];
    let (mut start, mut depth, mut in_str, mut esc) = (0, 0, false, false);
    for (i, c) in path.char_indices() {
        if in_str {
            match c {
                _ if esc => esc = false,
                '\\' => esc = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 => {
                parts.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !path.is_empty() {
        parts.push(&path[start..]);
    }
    // Steps alternate `module` and `NAME[KEY]`.
    parts
        .into_iter()
        .skip(1)
        .step_by(2)
        .map(|p| match p.find('[') {
            Some(k) => (&p[..k], Some(&p[k..])),
            None => (p, None),
        })
        .collect()
}

/// Terraform's `TargetContains` for a module selector: each step matches by
/// name and key, except that a last step without a key matches every instance.
fn module_contains(selector: &str, module: &str) -> bool {
    let (sel, other) = (module_steps(selector), module_steps(module));
    other.len() >= sel.len()
        && sel
            .iter()
            .zip(&other)
            .enumerate()
            .all(|(i, ((sn, sk), (on, ok)))| sn == on && (sk == ok || (i == sel.len() - 1 && sk.is_none())))
}

/// `module` is `ancestor` or inside it (keys compared exactly).
fn module_within(ancestor: &str, module: &str) -> bool {
    module == ancestor || module.strip_prefix(ancestor).is_some_and(|rest| rest.starts_with('.'))
}

/// The instances `rm` removes for one selector, in state order.
fn selected(state: &State, sel: &Selector) -> Vec<InstanceAddress> {
    state
        .resources
        .keys()
        .filter(|a| match sel {
            Selector::Module(m) => module_contains(m, &a.resource.module),
            Selector::Resource(r) => a.resource == *r,
            Selector::Instance(i) => *a == i,
        })
        .cloned()
        .collect()
}

/// A Go `%q` of an address, as Terraform's `Move "…" to "…"` lines print it.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn show(address: &str) -> CmdResult {
    let hint = "This command requires that the address references one specific instance. \
                To view the available instances, use `hadr state list`.";
    let addr = InstanceAddress::parse(address).map_err(|_| {
        Diagnostics(vec![
            Diagnostic::error(format!("Error parsing instance address: {address}"))
                .detail(format!("\"{address}\" is not a resource instance address; expected TYPE.NAME or TYPE.NAME[KEY]."))
                .hint(hint),
        ])
    })?;
    let state = read_state()?;
    if let Some(r) = state.resources.get(&addr) {
        print!("{}", render_instance(r));
        return Ok(0);
    }
    let keyed: Vec<String> = state.resources.keys().filter(|a| a.matches(&addr)).map(|a| a.to_string()).collect();
    let d = Diagnostic::error("No instance found for the given address");
    Err(Diagnostics(vec![if keyed.is_empty() {
        d.detail(format!("{addr} is not in the state.")).hint(hint)
    } else {
        d.detail(format!("{addr} has {} instances in the state; this command shows one.", keyed.len()))
            .hint(format!("Name one of them: {}.", keyed.join(", ")))
    }]))
}

fn rm(addresses: &[String], dry_run: bool, lock: &super::LockArgs) -> CmdResult {
    let selectors = addresses.iter().map(|a| parse_selector(a)).collect::<Result<Vec<_>, _>>()?;
    let store = StateStore::new(Path::new("."));
    let (_lock, mut state) = locked_state(&store, "state rm", lock)?;
    let mut chosen: Vec<InstanceAddress> = vec![];
    for sel in &selectors {
        for a in selected(&state, sel) {
            if !chosen.contains(&a) {
                chosen.push(a);
            }
        }
    }
    if dry_run {
        if chosen.is_empty() {
            println!("Would have removed nothing.");
        }
        for a in &chosen {
            println!("Would remove {a}");
        }
        return Ok(0);
    }
    if chosen.is_empty() {
        return Err(Diagnostics(vec![
            Diagnostic::error("Invalid target address").detail(format!("No matching objects found for {}.", addresses.join(", "))).hint(
                "To view the available instances, use `hadr state list`. Please modify the address to reference a specific instance.",
            ),
        ]));
    }
    for a in &chosen {
        state.resources.remove(a);
    }
    store.commit(&mut state).map_err(|d| Diagnostics(vec![d]))?;
    for a in &chosen {
        println!("Removed {a}");
    }
    println!("Successfully removed {} resource instance(s).", chosen.len());
    Ok(0)
}

fn mv(source: &str, destination: &str, dry_run: bool, lock: &super::LockArgs) -> CmdResult {
    let src = parse_selector(source)?;
    let dst = parse_selector(destination)?;
    let store = StateStore::new(Path::new("."));
    let (_lock, mut state) = locked_state(&store, "state mv", lock)?;
    let no_source =
        || err("Invalid source address", format!("Cannot move {src}: does not match anything in the current state."), LIST_HINT);
    // (old address, new address) of every instance that moves, and the `Move` lines.
    let mut renames: Vec<(InstanceAddress, InstanceAddress)> = vec![];
    let mut moves: Vec<(String, String)> = vec![];
    match &src {
        Selector::Module(from) => {
            let Selector::Module(to) = &dst else {
                return Err(err(
                    "Invalid target address",
                    format!("Cannot move {src} to {dst}: the target must also be a module."),
                    KINDS_HINT,
                ));
            };
            if state.resources.keys().any(|a| module_within(to, &a.resource.module)) {
                return Err(Diagnostics(vec![
                    Diagnostic::error("Error moving state: destination module already exists")
                        .detail(format!("The state already holds objects in {to}."))
                        .hint(TAKEN_HINT),
                ]));
            }
            for a in state.resources.keys().filter(|a| module_within(from, &a.resource.module)) {
                let module = format!("{to}{}", &a.resource.module[from.len()..]);
                let step = (a.resource.module.clone(), module.clone());
                if !moves.contains(&step) {
                    moves.push(step);
                }
                renames
                    .push((a.clone(), InstanceAddress { resource: ResourceAddress { module, ..a.resource.clone() }, key: a.key.clone() }));
            }
            if renames.is_empty() {
                return Err(no_source());
            }
        }
        Selector::Resource(from) if !matches!(dst, Selector::Instance(_)) || single_unkeyed(&state, from) => {
            let instances: Vec<InstanceAddress> = state.resources.keys().filter(|a| a.resource == *from).cloned().collect();
            if instances.is_empty() {
                return Err(no_source());
            }
            match &dst {
                Selector::Module(_) => {
                    return Err(err(
                        "Invalid target address",
                        format!("Cannot move {src} to {dst}: the target must also be a resource."),
                        KINDS_HINT,
                    ));
                }
                Selector::Resource(to) => {
                    check_kind(from, to)?;
                    if state.resources.keys().any(|a| a.resource == *to) {
                        return Err(err(
                            "Invalid target address",
                            format!("Cannot move to {dst}: there is already a resource at that address in the current state."),
                            TAKEN_HINT,
                        ));
                    }
                    renames = instances.into_iter().map(|a| (a.clone(), InstanceAddress { resource: to.clone(), key: a.key })).collect();
                }
                // The resource's only instance has no key: it moves as that instance.
                Selector::Instance(to) => {
                    check_kind(from, &to.resource)?;
                    if state.resources.contains_key(to) {
                        return Err(already_instance(&dst));
                    }
                    renames = vec![(InstanceAddress { resource: from.clone(), key: InstanceKey::None }, to.clone())];
                }
            }
            moves.push((src.to_string(), dst.to_string()));
        }
        Selector::Resource(from) => {
            if !state.resources.keys().any(|a| a.resource == *from) {
                return Err(no_source());
            }
            return Err(err(
                "Invalid target address",
                format!(
                    "Cannot move {src} to {dst}: the source is a whole resource (not a resource instance) so the target must also be a whole resource."
                ),
                "Move the whole resource to TYPE.NAME, or its instances one at a time (TYPE.NAME[KEY] to TYPE.NAME[KEY]).",
            ));
        }
        Selector::Instance(from) => {
            let to = match &dst {
                Selector::Instance(i) => i.clone(),
                Selector::Resource(r) => InstanceAddress { resource: r.clone(), key: InstanceKey::None },
                Selector::Module(_) => {
                    return Err(err(
                        "Invalid target address",
                        format!("Cannot move {src} to {dst}: the target must also be a resource instance."),
                        KINDS_HINT,
                    ));
                }
            };
            if !state.resources.contains_key(from) {
                return Err(no_source());
            }
            check_kind(&from.resource, &to.resource)?;
            if state.resources.contains_key(&to) {
                return Err(already_instance(&dst));
            }
            moves.push((from.to_string(), to.to_string()));
            renames.push((from.clone(), to));
        }
    }
    let verb = if dry_run { "Would move" } else { "Move" };
    if dry_run {
        for (from, to) in &moves {
            println!("{verb} {} to {}", q(from), q(to));
        }
        return Ok(0);
    }
    for (from, to) in &renames {
        if let Some(mut r) = state.resources.remove(from) {
            r.address = to.clone();
            state.resources.insert(to.clone(), r);
        }
    }
    store.commit(&mut state).map_err(|d| Diagnostics(vec![d]))?;
    for (from, to) in &moves {
        println!("{verb} {} to {}", q(from), q(to));
    }
    println!("Successfully moved {} object(s).", moves.len());
    Ok(0)
}

/// The resource has exactly one instance, and it has no key.
fn single_unkeyed(state: &State, r: &ResourceAddress) -> bool {
    let mut keys = state.resources.keys().filter(|a| a.resource == *r).map(|a| &a.key);
    matches!((keys.next(), keys.next()), (Some(InstanceKey::None), None))
}

fn already_instance(dst: &Selector) -> Diagnostics {
    err(
        "Invalid target address",
        format!("Cannot move to {dst}: there is already a resource instance at that address in the current state."),
        TAKEN_HINT,
    )
}

/// Terraform's rules: an object keeps its mode and its type.
fn check_kind(from: &ResourceAddress, to: &ResourceAddress) -> Result<(), Diagnostics> {
    let what = |m: Mode| if m == Mode::Data { "data" } else { "managed" };
    if from.mode != to.mode {
        return Err(err(
            "Invalid state move request",
            format!("Cannot move {from} to {to}: a {0} resource can be moved only to another {0} resource address.", what(from.mode)),
            KINDS_HINT,
        ));
    }
    if from.rtype != to.rtype {
        return Err(err(
            "Invalid state move request",
            format!("Cannot move {from} to {to}: resource types don't match."),
            "An object keeps its type: to manage it as another type, `hadr state rm` it and `hadr import` it at the new address.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_selectors_match_like_terraform() {
        assert!(module_contains("module.m", "module.m[0]"));
        assert!(module_contains("module.m", "module.m[\"a.b\"].module.n"));
        assert!(module_contains("module.m[0]", "module.m[0].module.n"));
        assert!(!module_contains("module.m[0]", "module.m[1]"));
        assert!(!module_contains("module.m", "module.mm"));
        assert!(!module_contains("module.m.module.n", "module.m[1].module.n"));
        assert!(!module_contains("module.m", ""));
        assert!(module_within("module.m[0]", "module.m[0].module.n"));
        assert!(!module_within("module.m", "module.m[0]"));
    }

    #[test]
    fn selectors() {
        assert!(matches!(parse_selector("module.m[0].module.n"), Ok(Selector::Module(m)) if m == "module.m[0].module.n"));
        assert!(matches!(parse_selector("module.m.terraform_data.x"), Ok(Selector::Resource(_))));
        assert!(matches!(parse_selector("terraform_data.x[\"a\"]"), Ok(Selector::Instance(_))));
        for bad in ["module", "module.m.data", "x", "module.m.terraform_data", "a b"] {
            assert!(parse_selector(bad).is_err(), "{bad}");
        }
    }
}
