//! Long-running operations: each PUT / DELETE / POST runs as a task; its
//! status is served at the `Azure-AsyncOperation` and `Location` URLs handed
//! out, and a second write on a resource while one runs is a 409.

use crate::provider::ProviderError;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A PUT; `created` when the resource did not exist.
    Put {
        created: bool,
    },
    Delete,
    Action,
}

#[derive(Clone, Debug)]
pub struct Op {
    pub id: String,
    pub resource: String,
    pub kind: Kind,
    pub started: String,
    /// `None` while running; then the final body (PUT/POST) or the error.
    pub outcome: Option<Result<Option<Value>, ProviderError>>,
    pub ended: Option<String>,
}

impl Op {
    /// The `Azure-AsyncOperation` body.
    pub fn status_body(&self) -> Value {
        let status = match &self.outcome {
            None => "InProgress",
            Some(Ok(_)) => "Succeeded",
            Some(Err(_)) => "Failed",
        };
        let mut b = json!({"id": self.id, "name": self.id, "status": status, "startTime": self.started});
        if let Some(end) = &self.ended {
            b["endTime"] = json!(end);
        }
        if let Some(Err(e)) = &self.outcome {
            b["error"] = json!({"code": e.code, "message": e.message});
        }
        b
    }
}

#[derive(Default)]
pub struct Ops {
    ops: Mutex<HashMap<String, Op>>,
    busy: Mutex<HashSet<String>>,
}

fn now() -> String {
    crate::util::now_rfc3339()
}

impl Ops {
    /// Registers an operation on `resource`; `None` when another one runs on it.
    pub fn start(&self, resource: &str, kind: Kind) -> Option<String> {
        let key = resource.to_ascii_lowercase();
        if !self.busy.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key) {
            return None;
        }
        let id = uuid::Uuid::new_v4().to_string();
        let op = Op { id: id.clone(), resource: resource.to_string(), kind, started: now(), outcome: None, ended: None };
        self.ops.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id.clone(), op);
        Some(id)
    }

    pub fn finish(&self, id: &str, outcome: Result<Option<Value>, ProviderError>) {
        let mut ops = self.ops.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(op) = ops.get_mut(id) {
            op.outcome = Some(outcome);
            op.ended = Some(now());
            self.busy.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&op.resource.to_ascii_lowercase());
        }
    }

    pub fn get(&self, id: &str) -> Option<Op> {
        self.ops.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(id).cloned()
    }
}
