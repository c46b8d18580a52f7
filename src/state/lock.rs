//! The state lock: an OS file lock on `.hadr/state.lock`, released by the OS
//! when the process ends (no stale locks after a crash, unlike a lease), with
//! the holder's details written inside for the error a second process gets.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, Write};
use std::path::Path;

#[derive(Debug, Serialize, Deserialize)]
struct LockInfo {
    id: String,
    operation: String,
    who: String,
    pid: u32,
    created: String,
}

/// Held for as long as the value lives.
pub struct StateLock {
    _file: std::fs::File,
}

pub fn acquire(hadr_dir: &Path, operation: &str) -> Result<StateLock, Diagnostic> {
    let path = hadr_dir.join("state.lock");
    let fail =
        |e: std::io::Error| Diagnostic::error("Error acquiring the state lock").detail(format!("Cannot open {}: {e}.", path.display()));
    std::fs::create_dir_all(hadr_dir).map_err(fail)?;
    let mut file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(fail)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let holder = serde_json::from_str::<LockInfo>(&text)
                .map(|i| format!("{} (pid {}) holds it for `{}` since {}", i.who, i.pid, i.operation, i.created))
                .unwrap_or_else(|_| "another hadr process holds it".into());
            return Err(Diagnostic::error("Error acquiring the state lock")
                .detail(format!("The state is locked: {holder}. Lock ID {}.", lock_id(&text)))
                .hint("Wait for that operation to finish, then run this command again. The lock is released automatically when its process exits."));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
    }
    let info = LockInfo {
        id: uuid::Uuid::new_v4().to_string(),
        operation: operation.to_string(),
        who: format!(
            "{}@{}",
            std::env::var("USER").unwrap_or_else(|_| "unknown".into()),
            std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_string()).unwrap_or_else(|_| "localhost".into())
        ),
        pid: std::process::id(),
        created: crate::util::now_rfc3339(),
    };
    let _ = file.set_len(0);
    let _ = file.rewind();
    // Not synced: the holder's description is for other processes, which read
    // it from the page cache; after a crash the lock is gone with its process.
    let _ = file.write_all(serde_json::to_string(&info).unwrap_or_default().as_bytes());
    Ok(StateLock { _file: file })
}

fn lock_id(text: &str) -> String {
    serde_json::from_str::<LockInfo>(text).map(|i| i.id).unwrap_or_else(|_| "unknown".into())
}
