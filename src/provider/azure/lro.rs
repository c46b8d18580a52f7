//! Waiting for ARM's long-running operations (notes §3.4): poll
//! `Azure-AsyncOperation` when the response has one, else `Location`, else the
//! resource's own `provisioningState`; each poll after the `Retry-After` the
//! last response asked for. `Succeeded` ends it; `Failed` and `Canceled` end it
//! with the operation's ARM error.
//!
//! azure_core's generic `Poller` is not used: it asserts a polling frequency
//! of at least one second (the emulator asks for 0–1 s) and knows nothing of
//! ARM's three polling styles, which are the whole job here.

use super::client::{ArmClient, ArmResponse};
use crate::provider::{ProviderError, ProviderResult};
use azure_core::http::Method;
use serde_json::Value;
use std::time::Duration;

/// ARM's default when a response names no `Retry-After` is 60 s; polling a
/// little sooner costs one read.
const DEFAULT_POLL: Duration = Duration::from_secs(10);
/// Even `Retry-After: 0` does not make a busy loop.
const MIN_POLL: Duration = Duration::from_millis(100);
const MAX_POLL: Duration = Duration::from_secs(60);

fn is_terminal(status: &str) -> bool {
    ["succeeded", "failed", "canceled", "cancelled"].contains(&status.to_ascii_lowercase().as_str())
}

fn provisioning_state(body: &Value) -> Option<&str> {
    body.pointer("/properties/provisioningState").and_then(Value::as_str)
}

fn pause_after(rsp: &ArmResponse) -> Duration {
    rsp.retry_after().unwrap_or(DEFAULT_POLL).clamp(MIN_POLL, MAX_POLL)
}

/// The error of a failed or canceled operation.
fn failure(status: &str, body: &Value, what: &str) -> ProviderError {
    let e = body.get("error").or_else(|| body.pointer("/properties/error"));
    let code = e.and_then(|e| e.get("code")).and_then(Value::as_str).unwrap_or(if status.eq_ignore_ascii_case("canceled") {
        "OperationCanceled"
    } else {
        "OperationFailed"
    });
    let message = e.and_then(|e| e.get("message")).and_then(Value::as_str).unwrap_or("ARM gave no reason");
    ProviderError::new(code, format!("{what} ended {status}: {message}"))
}

/// Waits until the operation that `initial` answered is over. `resource` is
/// the resource's URL (with api-version), for the `provisioningState` style.
pub async fn wait(client: &ArmClient, initial: &ArmResponse, resource: Option<&azure_core::http::Url>, what: &str) -> ProviderResult<()> {
    let mut last = initial.clone();
    if let Some(op) = initial.header("azure-asyncoperation").map(str::to_string) {
        let url = client.url(&op, None)?;
        loop {
            tokio::time::sleep(pause_after(&last)).await;
            last = client.send(Method::Get, &url, None, &[]).await?;
            if !last.ok() {
                return Err(last.error());
            }
            let status = last.body.get("status").and_then(Value::as_str).unwrap_or("InProgress").to_string();
            if status.eq_ignore_ascii_case("succeeded") {
                return Ok(());
            }
            if is_terminal(&status) {
                return Err(failure(&status, &last.body, what));
            }
        }
    }
    if let Some(loc) = initial.header("location").filter(|_| initial.status == 202 || initial.status == 201).map(str::to_string) {
        let url = client.url(&loc, None)?;
        loop {
            tokio::time::sleep(pause_after(&last)).await;
            last = client.send(Method::Get, &url, None, &[]).await?;
            match last.status {
                202 => continue,
                s if (200..300).contains(&s) => return Ok(()),
                _ => return Err(last.error()),
            }
        }
    }
    // A PUT answered 200/201 with a running provisioningState and no header.
    if let (Some(url), Some(state)) = (resource, provisioning_state(&initial.body))
        && !is_terminal(state)
    {
        loop {
            tokio::time::sleep(pause_after(&last)).await;
            last = client.send(Method::Get, url, None, &[]).await?;
            if !last.ok() {
                return Err(last.error());
            }
            match provisioning_state(&last.body) {
                Some(s) if s.eq_ignore_ascii_case("succeeded") => return Ok(()),
                Some(s) if is_terminal(s) => return Err(failure(s, &last.body, what)),
                None => return Ok(()),
                Some(_) => {}
            }
        }
    }
    match provisioning_state(&initial.body) {
        Some(s) if is_terminal(s) && !s.eq_ignore_ascii_case("succeeded") => Err(failure(s, &initial.body, what)),
        _ => Ok(()),
    }
}
