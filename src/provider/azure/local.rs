//! What the azure provider keeps on this machine, in `.hadr/azure.db`:
//!
//! * `terraform_data` objects, which have no remote side (Terraform keeps
//!   them in state only; hadr's `read` needs them somewhere);
//! * for every ARM object, the attributes hadr last wrote or saw. ARM does not
//!   echo secrets nor hadr-only attributes (no `arm` path), and it normalises
//!   values (location spelling, id casing); the kept copy fills the first and
//!   settles the second, so a refresh shows real drift only.

use crate::provider::Attrs;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::Mutex;

pub struct LocalStore {
    conn: Mutex<Connection>,
}

impl LocalStore {
    pub fn open(workdir: &Path) -> Result<LocalStore, String> {
        let dir = workdir.join(".hadr");
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join("azure.db");
        let fail = |e: rusqlite::Error| format!("cannot open {}: {e}", path.display());
        let conn = Connection::open(&path).map_err(fail)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(fail)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS kept (
                id TEXT PRIMARY KEY COLLATE NOCASE,
                rtype TEXT NOT NULL,
                attributes TEXT NOT NULL)",
        )
        .map_err(fail)?;
        Ok(LocalStore { conn: Mutex::new(conn) })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, String> {
        let conn = self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&conn).map_err(|e| format!("hadr's local azure store: {e}"))
    }

    pub fn get(&self, id: &str) -> Result<Option<Attrs>, String> {
        let text: Option<String> =
            self.with(|c| c.query_row("SELECT attributes FROM kept WHERE id = ?1", [id], |r| r.get(0)).optional())?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    pub fn put(&self, id: &str, rtype: &str, attrs: &Attrs) -> Result<(), String> {
        let text = serde_json::to_string(attrs).unwrap_or_default();
        self.with(|c| c.execute("INSERT OR REPLACE INTO kept (id, rtype, attributes) VALUES (?1, ?2, ?3)", params![id, rtype, text]))?;
        Ok(())
    }

    pub fn remove(&self, id: &str) -> Result<(), String> {
        self.with(|c| c.execute("DELETE FROM kept WHERE id = ?1", [id]))?;
        Ok(())
    }
}
