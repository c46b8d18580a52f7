//! The state lock: an OS file lock on `.hadr/state.lock`, released by the OS
//! when the process ends (no stale locks after a crash, unlike a lease), with
//! the holder's details written inside for the error a second process gets.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

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
    _file: Option<std::fs::File>,
}

impl StateLock {
    /// No lock at all (`--lock=false`): the caller takes the risk of a concurrent run.
    pub fn not_held() -> StateLock {
        StateLock { _file: None }
    }
}

/// How often a held lock is tried again while waiting (`--lock-timeout`).
const RETRY_EVERY: Duration = Duration::from_millis(200);

/// Takes the lock, retrying for up to `timeout` while another process holds
/// it (Terraform's `-lock-timeout`); `waiting` is told the holder once, when
/// the first attempt finds the lock taken and there is time to wait.
///
/// A sleep-and-retry loop on `try_lock` rather than a blocking lock: std's
/// `File::lock` has no deadline and a blocked call cannot be abandoned (a
/// helper thread left blocked would take the lock later, behind our back), and
/// no well-kept crate adds a timeout to flock. 200 ms of latency is nothing
/// next to the operations that hold the lock. `std::thread::sleep`, not
/// tokio's: under `HADR_SIM_CLOCK=virtual` tokio's clock is paused and its
/// sleeps would end at once, while this wait is on another real process.
pub fn acquire_within(hadr_dir: &Path, operation: &str, timeout: Duration, waiting: impl FnOnce(&str)) -> Result<StateLock, Diagnostic> {
    let path = hadr_dir.join("state.lock");
    let fail =
        |e: std::io::Error| Diagnostic::error("Error acquiring the state lock").detail(format!("Cannot open {}: {e}.", path.display()));
    std::fs::create_dir_all(hadr_dir).map_err(fail)?;
    let mut file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(fail)?;
    // No deadline when it is too far to represent: wait for as long as it takes.
    let deadline = Instant::now().checked_add(timeout);
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                let (holder, id) = holder(&mut file);
                let now = Instant::now();
                if deadline.is_some_and(|d| now >= d) {
                    let (waited, wait) = if timeout.is_zero() {
                        (String::new(), "pass --lock-timeout (e.g. 5m) to wait for it")
                    } else {
                        (format!(" Waited {} for it (--lock-timeout).", fmt_timeout(timeout)), "pass a longer --lock-timeout")
                    };
                    return Err(Diagnostic::error("Error acquiring the state lock")
                        .detail(format!("The state is locked: {holder}. Lock ID {id}.{waited}"))
                        .hint(format!("Wait for that operation to finish, then run this command again, or {wait}. The lock is released automatically when its process exits.")));
                }
                if let Some(w) = waiting.take() {
                    w(&holder);
                }
                std::thread::sleep(deadline.map_or(RETRY_EVERY, |d| RETRY_EVERY.min(d - now)));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(fail(e)),
        }
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
    Ok(StateLock { _file: Some(file) })
}

/// A lock timeout for messages: `500ms`, `30s`, `5m0s`.
pub fn fmt_timeout(d: Duration) -> String {
    if d < Duration::from_secs(1) { format!("{}ms", d.as_millis()) } else { crate::util::format_duration(d) }
}

/// Who holds the lock, and the lock's id, from what the holder wrote in the file.
fn holder(file: &mut std::fs::File) -> (String, String) {
    let mut text = String::new();
    let _ = file.rewind();
    let _ = file.read_to_string(&mut text);
    match serde_json::from_str::<LockInfo>(&text) {
        Ok(i) => (format!("{} (pid {}) holds it for `{}` since {}", i.who, i.pid, i.operation, i.created), i.id),
        Err(_) => ("another hadr process holds it".into(), "unknown".into()),
    }
}
