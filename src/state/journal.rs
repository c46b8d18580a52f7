//! The apply journal: one JSON line per finished (or started) operation,
//! appended and fsynced, so the state is durable after every resource without
//! rewriting the whole document. `StateStore::commit` folds it into the state.

use super::{InstanceStatus, ResourceInstance, State};
use crate::addr::InstanceAddress;
use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Record {
    /// Identifies the state the records apply to; always the first line.
    Base {
        lineage: String,
        serial: u64,
    },
    Upsert {
        instance: Box<ResourceInstance>,
    },
    Remove {
        address: InstanceAddress,
    },
    /// An object whose delete is still owed (create_before_destroy).
    Depose {
        address: InstanceAddress,
        object: super::DeposedObject,
    },
    RemoveDeposed {
        address: InstanceAddress,
        key: String,
    },
    Dr {
        dr: serde_json::Value,
    },
}

pub struct Journal {
    path: PathBuf,
    /// `None` for a run that must not touch the state (a drill).
    file: Option<std::fs::File>,
    dirty: bool,
    /// Background fsyncs (group commit): records are written at once, so a
    /// killed process loses nothing, and made durable without stalling the apply.
    syncer: Option<Syncer>,
}

struct Syncer {
    wake: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Journal {
    /// Starts a journal for changes on top of `base`.
    pub fn create(path: &Path, base: &State) -> Result<Journal, Diagnostic> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(path, e))?;
        }
        let file = super::open_private(path).map_err(|e| io_err(path, e))?;
        let bg = file.try_clone().map_err(|e| io_err(path, e))?;
        let (wake, rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            // Each wake-up flushes everything written so far; wake-ups that
            // arrived meanwhile are folded into the same fsync.
            while rx.recv().is_ok() {
                while rx.try_recv().is_ok() {}
                let _ = bg.sync_data();
            }
        });
        let mut j = Journal { path: path.to_path_buf(), file: Some(file), dirty: false, syncer: Some(Syncer { wake, thread }) };
        j.append(&Record::Base { lineage: base.lineage.clone(), serial: base.serial })?;
        j.sync()?;
        Ok(j)
    }

    /// A journal that records nothing, for runs that leave the state as it is.
    pub fn disabled() -> Journal {
        Journal { path: PathBuf::new(), file: None, dirty: false, syncer: None }
    }

    pub fn append(&mut self, r: &Record) -> Result<(), Diagnostic> {
        let Some(file) = &mut self.file else { return Ok(()) };
        let mut line = serde_json::to_vec(r).map_err(|e| io_err(&self.path, std::io::Error::other(e)))?;
        line.push(b'\n');
        file.write_all(&line).map_err(|e| io_err(&self.path, e))?;
        self.dirty = true;
        Ok(())
    }

    /// Asks the background thread to make what was appended durable.
    pub fn flush_soon(&mut self) {
        if let (true, Some(s)) = (self.dirty, &self.syncer) {
            let _ = s.wake.send(());
            self.dirty = false;
        }
    }

    /// Makes everything appended so far durable now (one fsync for a batch).
    pub fn sync(&mut self) -> Result<(), Diagnostic> {
        if let (true, Some(file)) = (self.dirty, &self.file) {
            file.sync_data().map_err(|e| io_err(&self.path, e))?;
            self.dirty = false;
        }
        Ok(())
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        if let Some(s) = self.syncer.take() {
            drop(s.wake);
            let _ = s.thread.join();
        }
    }
}

fn io_err(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("Cannot write the state journal {}", path.display())).detail(e.to_string())
}

/// Applies a journal left by an interrupted apply to `state`, if it was written
/// on top of this very state (or, when no state file exists yet, on top of the
/// empty state the first apply started from). A torn last line is ignored.
pub fn replay(path: &Path, state: &mut State, fresh: bool) -> Result<bool, Diagnostic> {
    let f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(_) => return Ok(false),
    };
    let mut lines = std::io::BufReader::new(f).lines();
    match lines.next().and_then(|l| l.ok()).and_then(|l| serde_json::from_str::<Record>(&l).ok()) {
        Some(Record::Base { lineage, serial }) if lineage == state.lineage && serial == state.serial => {}
        Some(Record::Base { lineage, serial: 0 }) if fresh => state.lineage = lineage,
        // Written on top of another state: already folded in by a commit that crashed before removing it.
        _ => return Ok(false),
    }
    let mut any = false;
    for line in lines {
        let Ok(line) = line else { break };
        let Ok(rec) = serde_json::from_str::<Record>(&line) else { break };
        any = true;
        match rec {
            Record::Base { .. } => {}
            Record::Upsert { instance } => {
                state.resources.insert(instance.address.clone(), *instance);
            }
            Record::Remove { address } => {
                state.resources.remove(&address);
            }
            Record::Depose { address, object } => {
                if let Some(r) = state.resources.get_mut(&address) {
                    r.deposed.push(object);
                }
            }
            Record::RemoveDeposed { address, key } => {
                if let Some(r) = state.resources.get_mut(&address) {
                    r.deposed.retain(|d| d.key != key);
                }
            }
            Record::Dr { dr } => state.dr = Some(dr),
        }
    }
    Ok(any)
}

/// A pending-create entry: written before the create is sent, so that an
/// object created by a run that then died is found again by its id.
pub fn pending(address: InstanceAddress, rtype: &str, id: &str, deps: Vec<String>) -> ResourceInstance {
    ResourceInstance {
        address,
        rtype: rtype.to_string(),
        id: id.to_string(),
        status: InstanceStatus::PendingCreate,
        attributes: Default::default(),
        sensitive_attributes: serde_json::Value::Null,
        dependencies: deps,
        create_before_destroy: false,
        deposed: vec![],
    }
}
