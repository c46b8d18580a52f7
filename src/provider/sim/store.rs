//! The simulator's SQLite file: layout, migrations and row access.
//!
//! Deletes are two-phase, like ARM's: an object is marked `Deleting` with the
//! time the delete completes, then removed. A mark whose time has passed (the
//! deleting process was killed) means the object is gone: reads ignore it and
//! the next write transaction purges it.

use crate::provider::Attrs;
use rusqlite::types::Type as SqlType;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::time::Duration;

/// Layout of `sim.db`, in `PRAGMA user_version`. 0 is an unversioned prototype.
pub(super) const LAYOUT_VERSION: i64 = 1;

pub(super) const SUCCEEDED: &str = "Succeeded";
pub(super) const CREATING: &str = "Creating";
pub(super) const UPDATING: &str = "Updating";
pub(super) const DELETING: &str = "Deleting";

const OBJECTS: &str = "CREATE TABLE objects (
    id TEXT PRIMARY KEY COLLATE NOCASE,
    rtype TEXT NOT NULL,
    parent_id TEXT COLLATE NOCASE,
    location TEXT,
    attributes TEXT NOT NULL,       -- JSON object, hadr attribute names
    ready_at_ms INTEGER NOT NULL,   -- when the running operation completes (Unix ms)
    seq INTEGER NOT NULL,           -- global write order
    state TEXT NOT NULL DEFAULT 'Succeeded')";
/// Columns to carry over from an older `objects`, with the value when it lacks them.
const OBJECT_COLUMNS: &[(&str, &str)] = &[
    ("id", "NULL"),
    ("rtype", "''"),
    ("parent_id", "NULL"),
    ("location", "NULL"),
    ("attributes", "'{}'"),
    ("ready_at_ms", "0"),
    ("seq", "0"),
    ("state", "'Succeeded'"),
];
const OUTAGES: &str = "CREATE TABLE outages (region TEXT PRIMARY KEY)";
const SUPPORT: &str = "
    CREATE INDEX IF NOT EXISTS objects_parent ON objects(parent_id);
    CREATE INDEX IF NOT EXISTS objects_deleting ON objects(ready_at_ms) WHERE state = 'Deleting';
    CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT OR IGNORE INTO counters VALUES ('seq', (SELECT COALESCE(MAX(seq), 0) FROM objects));";

#[derive(Clone, Debug)]
pub(super) struct Row {
    pub id: String,
    pub rtype: String,
    pub parent_id: Option<String>,
    /// Normalised region: the object's own, or its parent resource's.
    pub location: Option<String>,
    pub attributes: Attrs,
    pub ready_at_ms: i64,
    pub state: String,
}

impl Row {
    /// A delete that has completed: the object no longer exists.
    pub fn gone(&self, now: i64) -> bool {
        self.state == DELETING && self.ready_at_ms <= now
    }

    /// ARM's `provisioningState`: the running operation's, until it completes.
    pub fn provisioning_state(&self, now: i64) -> &str {
        if self.state != SUCCEEDED && now < self.ready_at_ms { &self.state } else { SUCCEEDED }
    }
}

pub(super) fn open(path: &Path) -> Result<Connection, String> {
    let fail = |e: rusqlite::Error| format!("cannot open the simulated Azure database {}: {e}", path.display());
    let mut conn = Connection::open(path).map_err(fail)?;
    conn.busy_timeout(Duration::from_secs(30)).map_err(fail)?;
    // NORMAL before WAL: a new database then switches to WAL without syncing the rollback journal.
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(fail)?;
    // Closing would otherwise checkpoint the WAL (two fsyncs) at the end of
    // every command; SQLite checkpoints on its own as the WAL grows, and the
    // next open reads the WAL.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(fail)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(fail)?;
    if version != LAYOUT_VERSION {
        migrate(&mut conn).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(conn)
}

/// Brings an older layout to the current one, keeping what it can.
fn migrate(conn: &mut Connection) -> Result<(), String> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| e.to_string())?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if version > LAYOUT_VERSION {
        return Err(format!(
            "the simulated Azure database has layout {version}, newer than this hadr understands ({LAYOUT_VERSION}); use a newer hadr, or delete the file to start an empty simulated cloud"
        ));
    }
    if version < LAYOUT_VERSION {
        let step = || -> rusqlite::Result<()> {
            rebuild(&tx, "objects", OBJECTS, OBJECT_COLUMNS)?;
            rebuild(&tx, "outages", OUTAGES, &[("region", "NULL")])?;
            tx.execute_batch(SUPPORT)?;
            tx.pragma_update(None, "user_version", LAYOUT_VERSION)
        };
        step().map_err(|e| format!("cannot upgrade the simulated Azure database from layout {version}: {e}"))?;
    }
    tx.commit().map_err(|e| e.to_string())
}

/// (Re)creates `table`, copying the rows of an existing one column by column.
fn rebuild(conn: &Connection, table: &str, ddl: &str, columns: &[(&str, &str)]) -> rusqlite::Result<()> {
    let exists = conn.query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |_| Ok(())).optional()?;
    if exists.is_none() {
        return conn.execute_batch(ddl);
    }
    let old = format!("{table}_old_layout");
    conn.execute_batch(&format!("DROP TABLE IF EXISTS {old}; ALTER TABLE {table} RENAME TO {old}; {ddl};"))?;
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({old})"))?;
    let have: Vec<String> = stmt.query_map([], |r| r.get(1))?.collect::<rusqlite::Result<_>>()?;
    let key = columns[0].0;
    if have.iter().any(|c| c == key) {
        let value = |&(c, default): &(&str, &str)| {
            if !have.iter().any(|h| h == c) {
                default.to_string()
            } else if c == "attributes" {
                format!("CASE WHEN json_valid({c}) THEN CASE WHEN json_type({c}) = 'object' THEN {c} ELSE {default} END ELSE {default} END")
            } else {
                format!("COALESCE({c}, {default})")
            }
        };
        let names = columns.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
        let values = columns.iter().map(value).collect::<Vec<_>>().join(", ");
        conn.execute(&format!("INSERT OR IGNORE INTO {table} ({names}) SELECT {values} FROM {old} WHERE {key} IS NOT NULL"), [])?;
    }
    conn.execute_batch(&format!("DROP TABLE {old}"))
}

const ROW: &str = "id, rtype, parent_id, location, attributes, ready_at_ms, state";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    let text: String = r.get(4)?;
    let attributes = serde_json::from_str(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, SqlType::Text, Box::new(e)))?;
    Ok(Row {
        id: r.get(0)?,
        rtype: r.get(1)?,
        parent_id: r.get(2)?,
        location: r.get(3)?,
        attributes,
        ready_at_ms: r.get(5)?,
        state: r.get(6)?,
    })
}

/// The object with this id (any casing), completed deletes included.
pub(super) fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Row>> {
    conn.prepare_cached(&format!("SELECT {ROW} FROM objects WHERE id = ?1"))?.query_row([id], row).optional()
}

/// Every object that still exists, by id.
pub(super) fn all(conn: &Connection, now: i64) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {ROW} FROM objects ORDER BY id"))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().filter(|r| !r.gone(now)).collect())
}

/// Removes objects whose delete has completed.
pub(super) fn purge_completed(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM objects WHERE state = 'Deleting' AND ready_at_ms <= ?1")?.execute([now])?;
    Ok(())
}

fn next_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value")?.query_row([], |r| r.get(0))
}

fn json(attrs: &Attrs) -> String {
    serde_json::Value::Object(attrs.clone()).to_string()
}

pub(super) fn insert(conn: &Connection, r: &Row) -> rusqlite::Result<()> {
    let seq = next_seq(conn)?;
    conn.prepare_cached(&format!("INSERT INTO objects ({ROW}, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"))?.execute(params![
        r.id,
        r.rtype,
        r.parent_id,
        r.location,
        json(&r.attributes),
        r.ready_at_ms,
        r.state,
        seq
    ])?;
    Ok(())
}

/// Rewrites an object's attributes, region and running operation.
pub(super) fn put(
    conn: &Connection,
    id: &str,
    attrs: &Attrs,
    location: Option<&str>,
    state: &str,
    ready_at_ms: i64,
) -> rusqlite::Result<bool> {
    let seq = next_seq(conn)?;
    let sql = "UPDATE objects SET attributes = ?2, location = ?3, state = ?4, ready_at_ms = ?5, seq = ?6 WHERE id = ?1";
    Ok(conn.prepare_cached(sql)?.execute(params![id, json(attrs), location, state, ready_at_ms, seq])? > 0)
}

/// Ids of the objects whose parent is `id`.
pub(super) fn children(conn: &Connection, id: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM objects WHERE parent_id = ?1 ORDER BY id")?;
    stmt.query_map([id], |r| r.get(0))?.collect()
}

/// `id` and every object whose id lies under it (`id/…`): the NOCASE range
/// `[id + "/", id + "0")` holds exactly the ids with that prefix.
const TREE: &str = "(id = ?1 OR (id > ?1 || '/' AND id < ?1 || '0'))";

/// Starts deleting `id` and everything under it; they are gone at `ready_at_ms`.
pub(super) fn mark_tree_deleting(conn: &Connection, id: &str, ready_at_ms: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!("UPDATE objects SET state = 'Deleting', ready_at_ms = ?2 WHERE {TREE}"))?
        .execute(params![id, ready_at_ms])?;
    Ok(())
}

/// Removes `id` and everything under it; with `deleting_only`, only what a delete marked.
pub(super) fn remove_tree(conn: &Connection, id: &str, deleting_only: bool) -> rusqlite::Result<usize> {
    let only = if deleting_only { " AND state = 'Deleting'" } else { "" };
    conn.prepare_cached(&format!("DELETE FROM objects WHERE {TREE}{only}"))?.execute([id])
}

pub(super) fn region_down(conn: &Connection, region: Option<&str>) -> rusqlite::Result<bool> {
    let Some(region) = region else { return Ok(false) };
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM outages WHERE region = ?1)")?.query_row([region], |r| r.get(0))
}

pub(super) fn set_outage(conn: &Connection, region: &str, down: bool) -> rusqlite::Result<()> {
    let sql = if down { "INSERT OR IGNORE INTO outages (region) VALUES (?1)" } else { "DELETE FROM outages WHERE region = ?1" };
    conn.execute(sql, [region])?;
    Ok(())
}

pub(super) fn outages(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT region FROM outages ORDER BY region")?;
    stmt.query_map([], |r| r.get(0))?.collect()
}
