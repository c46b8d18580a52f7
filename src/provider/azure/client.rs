//! A small generic ARM client on azure_core's HTTP `Pipeline`: one request by
//! resource id (or by an operation URL ARM handed out), with ARM's retry rules.
//!
//! azure_core's own retry policy is off: it knows neither ARM's transient 409s
//! nor a budget shared across requests, and it would retry underneath our
//! throttle. Here: 429 waits its `Retry-After` (and pauses every request),
//! 408/5xx, `AnotherOperationInProgress`/`FailoverGroupBusy` 409s and
//! connection failures back off with jitter.

use super::auth::BearerPolicy;
use super::throttle::{Throttle, backoff};
use crate::provider::{ProviderError, ProviderResult};
use azure_core::credentials::TokenCredential;
use azure_core::http::{ClientOptions, Context, Method, Pipeline, PipelineSendOptions, Request, RetryOptions, Transport, Url};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// 409 codes that clear up by themselves (notes §3.6).
const TRANSIENT_CONFLICTS: &[&str] =
    &["AnotherOperationInProgress", "FailoverGroupBusy", "ConflictingServerOperation", "RetryableErrorDueToAnotherOperation"];

/// Attempts per request: throttling is waited out for long (it slows the apply,
/// it does not fail it); server errors and lost connections fail sooner.
const MAX_THROTTLED: u32 = 60;
const MAX_FAILED: u32 = 6;
const MAX_UNREACHABLE: u32 = 4;

pub struct ArmClient {
    pipeline: Pipeline,
    endpoint: Url,
    pub throttle: Throttle,
}

#[derive(Clone, Debug)]
pub struct ArmResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl ArmResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The ARM error this response carries (`{"error": {code, message, details}}`).
    pub fn error(&self) -> ProviderError {
        let e = self.body.get("error").unwrap_or(&self.body);
        let code = e.get("code").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| format!("HttpStatus{}", self.status));
        let mut message = e.get("message").and_then(Value::as_str).unwrap_or("no message").to_string();
        if let Some(details) = e.get("details").and_then(Value::as_array) {
            for d in details {
                if let (Some(c), Some(m)) = (d.get("code").and_then(Value::as_str), d.get("message").and_then(Value::as_str)) {
                    message.push_str(&format!(" ({c}: {m})"));
                }
            }
        }
        let mut err = ProviderError::new(code, message);
        err.retryable = self.status == 429 || self.status >= 500 || TRANSIENT_CONFLICTS.contains(&err.code.as_str());
        err
    }

    /// `Retry-After` (seconds, or the `-ms` variants), if the server sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        let ms = |h| self.header(h).and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_millis);
        ms("x-ms-retry-after-ms")
            .or_else(|| ms("retry-after-ms"))
            .or_else(|| self.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs))
    }
}

impl ArmClient {
    pub fn new(endpoint: Url, credential: Arc<dyn TokenCredential>) -> Result<ArmClient, String> {
        // reqwest is built with rustls and no crypto provider (lean build, see
        // Cargo.toml); ring is installed once per process.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        let options = ClientOptions { retry: RetryOptions::none(), transport: Some(Transport::new(Arc::new(http))), ..Default::default() };
        let pipeline = Pipeline::new(
            Some("hadr"),
            Some(env!("CARGO_PKG_VERSION")),
            options,
            vec![],
            vec![Arc::new(BearerPolicy { credential })],
            None,
        );
        Ok(ArmClient { pipeline, endpoint, throttle: Throttle::default() })
    }

    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The URL of a resource id (`/subscriptions/…`) with its api-version, or an
    /// absolute URL ARM returned (operation status), which must stay on the
    /// endpoint's origin: the token goes wherever the URL points.
    pub fn url(&self, target: &str, api_version: Option<&str>) -> ProviderResult<Url> {
        let bad = |why: String| ProviderError::new("InvalidUrl", why);
        let mut url = if target.starts_with("http://") || target.starts_with("https://") {
            let u = Url::parse(target).map_err(|e| bad(format!("{target}: {e}")))?;
            if u.origin() != self.endpoint.origin() {
                return Err(bad(format!("ARM asked to poll {target}, outside {}; refusing to send the token there", self.endpoint)));
            }
            u
        } else {
            let path = format!("{}/{}", self.endpoint.path().trim_end_matches('/'), target.trim_start_matches('/'));
            let mut u = self.endpoint.clone();
            u.set_path(&path);
            u
        };
        if let Some(v) = api_version {
            let others: Vec<(String, String)> =
                url.query_pairs().filter(|(k, _)| k != "api-version").map(|(k, v)| (k.into(), v.into())).collect();
            url.query_pairs_mut().clear().extend_pairs(others).append_pair("api-version", v);
        }
        Ok(url)
    }

    /// Sends one ARM request, retrying what ARM says to retry. Any final HTTP
    /// status is returned (the caller decides what 404 means); only transport
    /// failures and exhausted retries are errors.
    pub async fn send(&self, method: Method, url: &Url, body: Option<&Value>, extra: &[(&str, String)]) -> ProviderResult<ArmResponse> {
        let write = !matches!(method, Method::Get | Method::Head);
        let (mut throttled, mut failed, mut unreachable) = (0u32, 0u32, 0u32);
        loop {
            self.throttle.before(write).await;
            let mut req = Request::new(url.clone(), method);
            req.insert_header("accept", "application/json");
            for (k, v) in extra {
                req.insert_header(k.to_string(), v.clone());
            }
            if let Some(b) = body {
                req.insert_header("content-type", "application/json");
                req.set_body(serde_json::to_vec(b).unwrap_or_default());
            }
            let options = PipelineSendOptions { skip_checks: true, ..Default::default() };
            let rsp = match self.pipeline.send(&Context::new(), &mut req, Some(options)).await {
                Ok(r) => r,
                Err(e) => {
                    // A request that may have reached the server is only resent when ARM makes it idempotent.
                    let never_sent = matches!(e.kind(), azure_core::error::ErrorKind::Connection);
                    if matches!(e.kind(), azure_core::error::ErrorKind::Credential) {
                        return Err(ProviderError::new("AuthenticationFailed", e.to_string()));
                    }
                    unreachable += 1;
                    if unreachable >= MAX_UNREACHABLE || (!never_sent && method == Method::Post) {
                        let mut err = ProviderError::new(
                            "ConnectionFailed",
                            format!(
                                "cannot reach ARM at {}: {e}; the state keeps what finished, run apply again once it is reachable",
                                self.endpoint
                            ),
                        );
                        err.retryable = true;
                        return Err(err);
                    }
                    tokio::time::sleep(backoff(unreachable - 1)).await;
                    continue;
                }
            };
            let (status, headers, body) = rsp.deconstruct();
            let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.as_str().to_string(), v.as_str().to_string())).collect();
            self.throttle.observe(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            let text = body.into_string().unwrap_or_default();
            let body = if text.trim().is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
            let rsp = ArmResponse { status: u16::from(status), headers, body };
            if rsp.status == 429 {
                throttled += 1;
                let wait = rsp.retry_after().unwrap_or_else(|| backoff(throttled.min(5)));
                self.throttle.pause_all(wait);
                if throttled < MAX_THROTTLED {
                    continue;
                }
            } else if rsp.status == 408 || rsp.status >= 500 || (rsp.status == 409 && rsp.error().retryable) {
                failed += 1;
                if failed < MAX_FAILED {
                    tokio::time::sleep(rsp.retry_after().unwrap_or_else(|| backoff(failed - 1))).await;
                    continue;
                }
            }
            return Ok(rsp);
        }
    }
}
