//! The command line: argument parsing (clap) and dispatch. Each command lives
//! in `commands`; terminal concerns (colour, prompts, progress) in `ui`.

mod commands;
mod drill;
mod inspect;
mod sim;
mod state;
pub mod ui;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "hadr", version, about = "Plan and apply two-region Azure HA/DR, where a failover is a plan too.")]
pub struct Cli {
    /// Switch to DIR before doing anything (like Terraform's -chdir).
    #[arg(long, global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    /// Disable colours (also: NO_COLOR environment variable).
    #[arg(long, global = true)]
    pub no_color: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone, Default)]
pub struct VarArgs {
    /// Set an input variable: --var NAME=VALUE (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read input variables from a .tfvars file (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct LockArgs {
    /// How long to keep retrying when another process holds the state lock (e.g. 30s, 5m); 0s fails at once.
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = parse_duration)]
    pub lock_timeout: Duration,
    /// Hold the state lock while running (--lock=false: don't; dangerous if another run may write the state meanwhile).
    #[arg(long, default_value_t = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub lock: bool,
}

impl Default for LockArgs {
    fn default() -> LockArgs {
        LockArgs { lock_timeout: Duration::ZERO, lock: true }
    }
}

#[derive(Args, Debug, Clone)]
pub struct PlanArgs {
    #[command(flatten)]
    pub vars: VarArgs,
    #[command(flatten)]
    pub lock: LockArgs,
    /// Ask for missing input variables on a terminal (--input=false: never ask; a missing one is an error, as in a pipeline).
    #[arg(long, default_value_t = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub input: bool,
    /// Read the current state of objects before planning (--refresh=false to skip).
    #[arg(long, default_value_t = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", action = clap::ArgAction::Set)]
    pub refresh: bool,
    /// Limit the plan to this resource and what it depends on (repeatable).
    #[arg(long = "target", value_name = "ADDR")]
    pub targets: Vec<String>,
    /// Plan to replace this resource instance even if nothing changed (repeatable).
    #[arg(long = "replace", value_name = "ADDR")]
    pub replace: Vec<String>,
    /// Maximum number of concurrent operations.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub parallelism: u32,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the configuration: syntax, references, types, schemas.
    Validate {
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Rewrite .tf and .tfvars files in the canonical layout (as `terraform fmt`).
    Fmt {
        /// Files or directories (default: the current directory); `-` formats stdin to stdout.
        paths: Vec<PathBuf>,
        /// Write nothing; list the files that are not formatted and exit 3 if any.
        #[arg(long)]
        check: bool,
        /// Also print a unified diff of each change (files are still rewritten unless --check, as with terraform fmt -diff).
        #[arg(long)]
        diff: bool,
        /// Also format the files in subdirectories.
        #[arg(long)]
        recursive: bool,
    },
    /// Show what apply would change.
    Plan {
        dir: Option<PathBuf>,
        #[command(flatten)]
        args: PlanArgs,
        /// Save the plan to FILE, for `hadr apply FILE`.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Exit 0 when there are no changes, 1 on error, 2 when there are changes.
        #[arg(long)]
        detailed_exitcode: bool,
        /// Plan to destroy every object in the state.
        #[arg(long)]
        destroy: bool,
        /// Print the plan in Terraform's JSON plan format.
        #[arg(long)]
        json: bool,
    },
    /// Make the changes: from a configuration directory, or exactly a saved plan.
    Apply {
        /// A configuration directory, or a plan file saved with `plan --out`.
        target: Option<PathBuf>,
        #[command(flatten)]
        args: PlanArgs,
        /// Apply without asking for confirmation.
        #[arg(long)]
        auto_approve: bool,
    },
    /// Destroy every object in the state.
    Destroy {
        dir: Option<PathBuf>,
        #[command(flatten)]
        args: PlanArgs,
        #[arg(long)]
        auto_approve: bool,
    },
    /// Adopt an existing object into the state at a resource address.
    Import {
        /// The address in the configuration, e.g. azure_resource_group.main.
        address: String,
        /// The object's id, e.g. /subscriptions/…/resourceGroups/main.
        id: String,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        lock: LockArgs,
        /// Ask for missing input variables on a terminal (--input=false: never ask).
        #[arg(long, default_value_t = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", action = clap::ArgAction::Set)]
        input: bool,
    },
    /// Show a saved plan, or the current state when no plan is given.
    Show {
        plan: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show output values from the state.
    Output {
        name: Option<String>,
        #[arg(long)]
        json: bool,
        /// Print one string, number or bool value as is: no quotes, no newline (for scripts). Prints sensitive values.
        #[arg(long, conflicts_with = "json")]
        raw: bool,
        /// Print sensitive values instead of masking them.
        #[arg(long)]
        show_sensitive: bool,
    },
    /// Inspect and edit the state: list, show, rm, mv.
    State {
        #[command(subcommand)]
        command: StateCommand,
    },
    /// Print the dependency graph in Graphviz DOT.
    Graph { dir: Option<PathBuf> },
    /// Plan a failover of the active region: reviewed, saved and applied like any plan.
    Failover {
        dir: Option<PathBuf>,
        /// The region to make active (default: the passive one).
        #[arg(long, value_name = "REGION")]
        to: Option<String>,
        /// planned: synchronise first, no data loss; forced: the active region is down.
        #[arg(long, value_enum, default_value_t = ModeArg::Planned)]
        mode: ModeArg,
        /// A test failover that leaves production untouched (`hadr drill cleanup` removes what it made).
        #[arg(long)]
        drill: bool,
        #[command(flatten)]
        switch: SwitchArgs,
    },
    /// Fail back to the declared primary; refused while the pair is not re-protected.
    Failback {
        dir: Option<PathBuf>,
        #[command(flatten)]
        switch: SwitchArgs,
    },
    /// Re-establish replication towards the passive region and lift fences after an outage.
    Reprotect {
        dir: Option<PathBuf>,
        #[command(flatten)]
        switch: SwitchArgs,
    },
    /// Test failovers (drills).
    Drill {
        #[command(subcommand)]
        command: DrillCommand,
    },
    /// Serve the simulated cloud over ARM's REST protocol on loopback, for the
    /// azure provider (HADR_PROVIDER=azure HADR_AZURE_ENDPOINT=http://ADDR HADR_AZURE_TOKEN=any).
    Emulator {
        /// Address to listen on (loopback only); port 0 picks a free one. The first line printed names it.
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
        /// Directory of the simulated cloud (DIR/.hadr/sim.db); default: the current directory.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Answer this percentage of requests with 429 Too Many Requests (Retry-After: 1).
        #[arg(long = "fail-429", value_name = "PCT", default_value_t = 0.0)]
        fail_429: f64,
        /// Answer this percentage of requests with 500 or 503.
        #[arg(long = "fail-5xx", value_name = "PCT", default_value_t = 0.0)]
        fail_5xx: f64,
        /// Add this much latency to every request.
        #[arg(long = "latency-ms", value_name = "N", default_value_t = 0)]
        latency_ms: u64,
        /// Make operations on this hadr type, ARM type or resource id end Failed (repeatable).
        #[arg(long = "fail-operation", value_name = "TYPE_OR_ID")]
        fail_operation: Vec<String>,
        /// The azure-rest-api-specs directory PUT bodies are validated against (default: HADR_AZURE_SPECS, or shared/azure-rest-api-specs nearby).
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
    /// Act on the embedded simulated Azure (drift, outages) for experiments and tests.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SwitchArgs {
    #[command(flatten)]
    pub args: PlanArgs,
    /// Save the plan to FILE, for `hadr apply FILE`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Apply without asking for confirmation.
    #[arg(long)]
    pub auto_approve: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeArg {
    Planned,
    Forced,
}

#[derive(Subcommand, Debug)]
pub enum DrillCommand {
    /// Remove what a drill made, leaving everything as before the drill.
    Cleanup {
        dir: Option<PathBuf>,
        #[command(flatten)]
        switch: SwitchArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum StateCommand {
    /// List the addresses of every resource instance in the state.
    List,
    /// Show the attributes of one resource instance in the state.
    Show {
        /// A resource instance, e.g. azure_subnet.app["eastus"].
        address: String,
    },
    /// Forget objects: remove them from the state without destroying them.
    Rm {
        /// Resource instances; a resource without a key means all its instances, a module (module.x) everything in it.
        #[arg(value_name = "ADDRESS", required = true)]
        addresses: Vec<String>,
        /// Print what would be removed; change nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        lock: LockArgs,
    },
    /// Rename an object in the state: a resource instance, a whole resource, or a module.
    Mv {
        /// The address in the state now.
        source: String,
        /// The new address; nothing may be there yet.
        destination: String,
        /// Print what would be moved; change nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        lock: LockArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum SimCommand {
    /// List objects in the simulated cloud.
    List {
        dir: Option<PathBuf>,
        /// Every object with its attributes, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an object's attributes behind hadr's back (drift): --set NAME=JSON.
    Set {
        /// Object id, or a resource address from the state.
        object: String,
        #[arg(long = "set", value_name = "NAME=JSON", required = true)]
        set: Vec<String>,
        dir: Option<PathBuf>,
    },
    /// Delete an object behind hadr's back.
    Delete { object: String, dir: Option<PathBuf> },
    /// Make a region stop answering.
    Outage { region: String, dir: Option<PathBuf> },
    /// Bring a region back.
    Recover { region: String, dir: Option<PathBuf> },
}

/// Go's duration syntax, as Terraform's `-lock-timeout` takes it: `0`, or
/// numbers with units `ns`, `us`, `ms`, `s`, `m`, `h`, e.g. `30s`, `1m30s`, `1.5h`.
fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("\"{s}\" is not a duration; write a number and a unit, e.g. 30s, 5m or 1m30s");
    let t = s.trim();
    if t == "0" {
        return Ok(Duration::ZERO);
    }
    let mut rest = t;
    let mut total = 0.0f64;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let n = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number: f64 = rest[..n].parse().map_err(|_| bad())?;
        rest = &rest[n..];
        let u = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = match &rest[..u] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(bad()),
        };
        rest = &rest[u..];
        total += number * unit;
    }
    Duration::try_from_secs_f64(total).map_err(|_| bad())
}

/// Runs the CLI; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Some(dir) = &cli.chdir
        && let Err(e) = std::env::set_current_dir(dir)
    {
        eprintln!("Error: --chdir {}: {e}. Check that the directory exists.", dir.display());
        return 1;
    }
    let color = ui::use_color(cli.no_color);
    let rt = match ui::runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Error: {e}");
            return 1;
        }
    };
    rt.block_on(commands::dispatch(cli.command, color))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_in_go_syntax() {
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("0s"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        for bad in ["", "30", "s", "5 m", "-1s", "1x", "1..5s", "m5"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
