//! State: what hadr last knew about every object it manages.
//!
//! `hadr.state.json` is a versioned document, replaced atomically (temp file,
//! fsync, rename; the previous one kept as `.backup`, mode 0600). During an
//! apply, each finished resource is appended to a journal (`journal`), so a
//! crash loses nothing; the next run replays it. A lock (`lock`) keeps two
//! processes from planning or applying on the same state at once.

pub mod journal;
pub mod lock;

use crate::addr::InstanceAddress;
use crate::diag::Diagnostic;
use crate::provider::Attrs;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const STATE_FILE: &str = "hadr.state.json";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub version: u32,
    pub hadr_version: String,
    pub serial: u64,
    pub lineage: String,
    /// The DR pair's current roles (active region, fences), once a `dr` block exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dr: Option<serde_json::Value>,
    #[serde(default)]
    pub outputs: BTreeMap<String, OutputState>,
    #[serde(default, with = "instances_as_list")]
    pub resources: BTreeMap<InstanceAddress, ResourceInstance>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OutputState {
    pub value: serde_json::Value,
    #[serde(default)]
    pub sensitive: bool,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InstanceStatus {
    #[default]
    Ready,
    /// A create was started but hadr stopped before hearing the result: the
    /// object may exist under `id`; the next refresh finds out.
    PendingCreate,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ResourceInstance {
    pub address: InstanceAddress,
    #[serde(rename = "type")]
    pub rtype: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "is_ready")]
    pub status: InstanceStatus,
    pub attributes: Attrs,
    /// Terraform's sensitivity shape: `true` where an attribute is sensitive.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub sensitive_attributes: serde_json::Value,
    /// Resource addresses this object depended on when last applied (for delete order).
    #[serde(default)]
    pub dependencies: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub create_before_destroy: bool,
    /// Objects replaced with create_before_destroy whose delete has not finished yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deposed: Vec<DeposedObject>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DeposedObject {
    pub key: String,
    pub id: String,
    pub attributes: Attrs,
}

fn is_ready(s: &InstanceStatus) -> bool {
    *s == InstanceStatus::Ready
}

mod instances_as_list {
    use super::*;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &BTreeMap<InstanceAddress, ResourceInstance>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(m.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<InstanceAddress, ResourceInstance>, D::Error> {
        let v: Vec<ResourceInstance> = Vec::deserialize(d)?;
        Ok(v.into_iter().map(|r| (r.address.clone(), r)).collect())
    }
}

impl State {
    pub fn new() -> State {
        State {
            version: FORMAT_VERSION,
            hadr_version: env!("CARGO_PKG_VERSION").to_string(),
            serial: 0,
            // Assigned when the state is first written, so every plan made
            // before that compares equal against "no state yet".
            lineage: String::new(),
            dr: None,
            outputs: BTreeMap::new(),
            resources: BTreeMap::new(),
        }
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

/// The state files of one working directory.
pub struct StateStore {
    dir: PathBuf,
}

impl StateStore {
    pub fn new(dir: &Path) -> StateStore {
        StateStore { dir: dir.to_path_buf() }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    pub fn hadr_dir(&self) -> PathBuf {
        self.dir.join(".hadr")
    }

    pub fn journal_path(&self) -> PathBuf {
        self.hadr_dir().join("journal.jsonl")
    }

    pub fn exists(&self) -> bool {
        self.path().exists()
    }

    /// Reads the state (a fresh one if there is none) and replays a journal
    /// left by an interrupted apply. Returns whether a journal was replayed.
    pub fn load(&self) -> Result<(State, bool), Diagnostic> {
        let path = self.path();
        let mut fresh = false;
        let mut state = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<State>(&bytes).map_err(|e| {
                Diagnostic::error(format!("Cannot read state file {}", path.display()))
                    .detail(format!("It is not a valid hadr state: {e}."))
                    .hint(format!("Restore it from {}.backup, or move it away to start from an empty state.", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fresh = true;
                State::new()
            }
            Err(e) => {
                return Err(Diagnostic::error(format!("Cannot read state file {}", path.display())).detail(e.to_string()));
            }
        };
        if state.version > FORMAT_VERSION {
            return Err(Diagnostic::error("State was written by a newer hadr")
                .detail(format!("{} has format version {}; this hadr reads up to {FORMAT_VERSION}.", path.display(), state.version))
                .hint("Upgrade hadr."));
        }
        let replayed = journal::replay(&self.journal_path(), &mut state, fresh)?;
        Ok((state, replayed))
    }

    /// Replaces the state file atomically; the previous file becomes the backup.
    pub fn write(&self, state: &State) -> Result<(), Diagnostic> {
        let path = self.path();
        let err = |what: &str, e: std::io::Error| {
            Diagnostic::error(format!("Failed to save state to {}", path.display()))
                .detail(format!("{what}: {e}. The previous state file is untouched."))
        };
        let bytes = serde_json::to_vec_pretty(state).map_err(|e| err("encode", std::io::Error::other(e)))?;
        let tmp = self.dir.join(format!(".{STATE_FILE}.tmp"));
        {
            let mut f = open_private(&tmp).map_err(|e| err("create temporary file", e))?;
            f.write_all(&bytes).map_err(|e| err("write", e))?;
            f.write_all(b"\n").map_err(|e| err("write", e))?;
            f.sync_all().map_err(|e| err("fsync", e))?;
        }
        if path.exists() {
            let backup = self.dir.join(format!("{STATE_FILE}.backup"));
            std::fs::copy(&path, &backup).map_err(|e| err("keep backup", e))?;
        }
        std::fs::rename(&tmp, &path).map_err(|e| err("rename", e))?;
        if let Ok(d) = std::fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Writes the state with the next serial and drops the journal it supersedes.
    pub fn commit(&self, state: &mut State) -> Result<(), Diagnostic> {
        state.serial += 1;
        if state.lineage.is_empty() {
            state.lineage = uuid::Uuid::new_v4().to_string();
        }
        state.hadr_version = env!("CARGO_PKG_VERSION").to_string();
        self.write(state)?;
        let _ = std::fs::remove_file(self.journal_path());
        Ok(())
    }
}

/// Creates (truncating) a file readable by its owner only: state holds secrets.
pub fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let f = o.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}
