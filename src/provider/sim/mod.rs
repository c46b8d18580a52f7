//! Simulated Azure: an embedded cloud that keeps ARM's rules (ids, parents,
//! case-insensitive names, conflicts, long-running operations, regional
//! outages) in SQLite at `.hadr/sim.db`, so it outlives the hadr process that
//! drives it, even a killed one, and several processes can share it.
//!
//! Operations behave like ARM's: the object is written when the request is
//! accepted (visible, `Creating`), then the call waits the operation's duration
//! (`Timing`). A create interrupted by a kill therefore still completes
//! "server-side", and the next run finds the object by its predicted id.
//!
//! `HADR_SIM_OP_MS=N` makes every operation take N ms; otherwise Azure's
//! durations are divided by `HADR_SIM_SPEED` (default 600). See `Timing`.
//!
//! `list`, `get`, `set_attributes`, `remove` and `set_outage` change the cloud
//! behind hadr's back (drift, outages) for tests and `hadr sim …`.

mod actions;
mod compute;
mod errors;
mod ids;
mod ops;
pub mod regions;
mod store;
#[cfg(test)]
mod tests;
mod timing;

pub use actions::{ActionCtx, ActionEffect};
pub use timing::{Timing, virtual_clock};

use crate::provider::Attrs;
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The one subscription of the simulated cloud.
pub const SUBSCRIPTION_ID: &str = "00000000-0000-0000-0000-000000000000";
/// Its tenant.
pub const TENANT_ID: &str = "11111111-1111-1111-1111-111111111111";

pub struct SimCloud {
    /// Held only for SQL statements, never across an await.
    conn: Mutex<Connection>,
    timing: Timing,
    path: PathBuf,
}

/// An object as the simulated cloud holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct SimObject {
    pub id: String,
    /// The hadr resource type that created it (`azure_virtual_network`).
    pub rtype: String,
    pub parent_id: Option<String>,
    /// Normalised region: its own, or its parent resource's.
    pub location: Option<String>,
    /// `Creating`, `Updating` or `Deleting` while an operation runs, else `Succeeded`.
    pub provisioning_state: String,
    pub attributes: Attrs,
}

impl SimCloud {
    /// Opens (or creates) `workdir/.hadr/sim.db`, timed by `HADR_SIM_OP_MS` / `HADR_SIM_SPEED`.
    pub fn open(workdir: &Path) -> Result<SimCloud, String> {
        SimCloud::open_with(workdir, Timing::from_env()?)
    }

    /// Like `open`, with explicit timing (the environment is not read).
    pub fn open_with(workdir: &Path, timing: Timing) -> Result<SimCloud, String> {
        let dir = workdir.join(".hadr");
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join("sim.db");
        let conn = store::open(&path)?;
        Ok(SimCloud { conn: Mutex::new(conn), timing, path })
    }

    pub fn with_timing(mut self, timing: Timing) -> SimCloud {
        self.timing = timing;
        self
    }

    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every object, sorted by id.
    pub fn list(&self) -> Result<Vec<SimObject>, String> {
        self.query(|c, now| Ok(store::all(c, now)?.into_iter().map(|r| object(r, now)).collect()))
    }

    pub fn get(&self, id: &str) -> Result<Option<SimObject>, String> {
        self.query(|c, now| Ok(store::get(c, id)?.filter(|r| !r.gone(now)).map(|r| object(r, now))))
    }

    /// Changes attributes behind hadr's back (drift): each key of `patch` replaces the stored value.
    pub fn set_attributes(&self, id: &str, patch: &Attrs) -> Result<(), String> {
        self.write(|c, now| {
            let Some(row) = store::get(c, id)?.filter(|r| !r.gone(now)) else {
                return Ok(Err(format!("the simulated Azure has no object '{id}'")));
            };
            if patch.get("id").is_some_and(|v| v.as_str() != Some(&row.id)) {
                return Ok(Err("an object's id cannot change; remove it and create another".to_string()));
            }
            let mut attrs = row.attributes;
            attrs.extend(patch.iter().map(|(k, v)| (k.clone(), v.clone())));
            let location = compute::location_of(&attrs, row.location.as_deref()).map(regions::normalize);
            store::put(c, &row.id, &attrs, location.as_deref(), &row.state, row.ready_at_ms)?;
            Ok(Ok(()))
        })?
    }

    /// Deletes an object and everything under it behind hadr's back; false if it did not exist.
    pub fn remove(&self, id: &str) -> Result<bool, String> {
        self.write(|c, _| Ok(store::remove_tree(c, id, false)? > 0))
    }

    /// Takes a region down (`down`) or brings it back. Names are normalised ("West Europe" ≡ "westeurope").
    pub fn set_outage(&self, region: &str, down: bool) -> Result<(), String> {
        let region = regions::normalize(region);
        self.write(|c, _| store::set_outage(c, &region, down))?;
        if !down {
            // An appliance that was primary when its region failed comes back
            // unsynchronised: stand-alone until it is re-designated secondary.
            for o in self.list()? {
                let primary = o.attributes.get("operating_mode").and_then(|v| v.as_str()) == Some("primary");
                if o.rtype == "azure_ha_appliance" && primary && o.location.as_deref() == Some(region.as_str()) {
                    let mut patch = Attrs::new();
                    patch.insert("operating_mode".into(), "standalone".into());
                    self.set_attributes(&o.id, &patch)?;
                }
            }
        }
        Ok(())
    }

    /// Regions currently down, normalised and sorted.
    pub fn outages(&self) -> Result<Vec<String>, String> {
        self.query(|c, _| store::outages(c))
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn fail(&self, e: rusqlite::Error) -> String {
        format!("simulated Azure database {}: {e}", self.path.display())
    }

    /// Runs reads on the connection; `now` is the current time in Unix ms.
    fn query<T>(&self, f: impl FnOnce(&Connection, i64) -> rusqlite::Result<T>) -> Result<T, String> {
        f(&self.lock(), now_ms()).map_err(|e| self.fail(e))
    }

    /// Runs `f` in a write transaction, after purging completed deletes.
    fn write<T>(&self, f: impl FnOnce(&Connection, i64) -> rusqlite::Result<T>) -> Result<T, String> {
        let mut conn = self.lock();
        let now = now_ms();
        let run = || {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            store::purge_completed(&tx, now)?;
            let out = f(&tx, now)?;
            tx.commit()?;
            Ok(out)
        };
        run().map_err(|e| self.fail(e))
    }
}

fn object(r: store::Row, now: i64) -> SimObject {
    SimObject {
        provisioning_state: r.provisioning_state(now).to_string(),
        id: r.id,
        rtype: r.rtype,
        parent_id: r.parent_id,
        location: r.location,
        attributes: r.attributes,
    }
}

fn now_ms() -> i64 {
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
