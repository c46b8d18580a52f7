//! Terminal concerns: colour, confirmation prompts, apply progress.

use crate::apply::ApplyUi;
use crate::provider::Operation;
use crate::util::format_duration;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeSet;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

pub fn use_color(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// The tokio runtime. `HADR_SIM_CLOCK=virtual` runs on a paused clock: simulated
/// waits complete at once while time advances, so real-world durations can be
/// measured in seconds of wall time.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    let virtual_clock = crate::provider::sim::virtual_clock();
    let mut b = if virtual_clock { tokio::runtime::Builder::new_current_thread() } else { tokio::runtime::Builder::new_multi_thread() };
    b.enable_all();
    if virtual_clock {
        b.start_paused(true);
    }
    b.build().map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Asks for `yes` on a terminal. Errors when there is none.
pub fn confirm(question: &str, detail: &str) -> Result<bool, String> {
    if !std::io::stdin().is_terminal() {
        return Err("no terminal to ask for confirmation".into());
    }
    println!("{question}\n  {detail}\n  Only 'yes' will be accepted to approve.\n");
    print!("  Enter a value: ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
    println!();
    Ok(line.trim() == "yes")
}

fn verbs(op: Operation) -> (&'static str, &'static str, &'static str) {
    match op {
        Operation::Create => ("Creating...", "Creation complete", "creating"),
        Operation::Update => ("Modifying...", "Modifications complete", "modifying"),
        Operation::Delete => ("Destroying...", "Destruction complete", "destroying"),
        Operation::Invoke => ("Running action...", "Action complete", "running action"),
        Operation::Read => ("Reading...", "Read complete", "reading"),
    }
}

/// Terraform-style progress lines; on a terminal, a live line of what is in flight.
pub struct ConsoleUi {
    bar: Option<ProgressBar>,
    running: Mutex<BTreeSet<String>>,
}

impl ConsoleUi {
    pub fn new() -> ConsoleUi {
        let bar = std::io::stdout().is_terminal().then(|| {
            let pb = ProgressBar::new_spinner();
            pb.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
            pb.enable_steady_tick(Duration::from_millis(200));
            pb
        });
        ConsoleUi { bar, running: Mutex::new(BTreeSet::new()) }
    }

    fn line(&self, s: String) {
        match &self.bar {
            Some(pb) => pb.println(s),
            None => println!("{s}"),
        }
    }

    fn update(&self) {
        if let Some(pb) = &self.bar {
            let r = self.running.lock().expect("ui lock");
            let list: Vec<&str> = r.iter().map(String::as_str).take(4).collect();
            let more = if r.len() > 4 { format!(" (+{} more)", r.len() - 4) } else { String::new() };
            pb.set_message(format!("{} in progress: {}{more}", r.len(), list.join(", ")));
        }
    }

    pub fn finish(&self) {
        if let Some(pb) = &self.bar {
            pb.finish_and_clear();
        }
    }
}

impl Default for ConsoleUi {
    fn default() -> Self {
        ConsoleUi::new()
    }
}

impl ApplyUi for ConsoleUi {
    fn started(&self, addr: &str, op: Operation) {
        self.running.lock().expect("ui lock").insert(addr.to_string());
        self.update();
        self.line(format!("{addr}: {}", verbs(op).0));
    }

    fn finished(&self, addr: &str, op: Operation, elapsed: Duration, id: Option<&str>) {
        self.running.lock().expect("ui lock").remove(addr);
        self.update();
        let id = id.map(|i| format!(" [id={i}]")).unwrap_or_default();
        self.line(format!("{addr}: {} after {}{id}", verbs(op).1, format_duration(elapsed)));
    }

    fn failed(&self, addr: &str, op: Operation, elapsed: Duration) {
        self.running.lock().expect("ui lock").remove(addr);
        self.update();
        self.line(format!("{addr}: Failed {} after {}", verbs(op).2, format_duration(elapsed)));
    }

    fn still_running(&self, addr: &str, op: Operation, elapsed: Duration) {
        self.line(format!("{addr}: Still {}... [{} elapsed]", verbs(op).2, format_duration(elapsed)));
    }

    fn interrupted(&self) {
        self.line("Interrupt received. Waiting for operations in flight to finish; no new ones will start.".into());
    }
}
