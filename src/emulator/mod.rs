//! `hadr emulator`: the simulated cloud served over ARM's REST protocol, so the
//! `azure` provider can be exercised over real HTTP through azure_core.
//!
//! * `resolve`: URL → hadr type; `resources`: GET/PUT/PATCH/DELETE/POST on
//!   resources, mapped onto `SimCloud` through the provider's own body mapping;
//! * `ops`: long-running operations (`Azure-AsyncOperation`, `Location`);
//! * `openapi`: PUT bodies validated against the official specs;
//! * `http`: ARM error bodies and status codes.
//!
//! It binds to loopback only: it accepts any bearer token.

pub mod http;
pub mod openapi;
pub mod ops;
pub mod resolve;
mod resources;

use crate::provider::sim::{SUBSCRIPTION_ID, SimCloud, TENANT_ID};
use http::{Req, Resp};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::json;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// What `hadr emulator` is started with.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub listen: String,
    /// Where the simulated cloud lives (`DIR/.hadr/sim.db`).
    pub data: PathBuf,
    /// Percent of requests answered 429 with `Retry-After`.
    pub fail_429: f64,
    /// Percent of requests answered 500 or 503.
    pub fail_5xx: f64,
    /// Added to every request.
    pub latency_ms: u64,
    /// Operations on resources whose hadr type, ARM type or id matches end `Failed`.
    pub fail_operation: Vec<String>,
    /// The OpenAPI specs; `None`: found by `Specs::locate`.
    pub specs: Option<PathBuf>,
}

pub struct Emulator {
    pub sim: SimCloud,
    pub ops: ops::Ops,
    pub specs: Option<openapi::Specs>,
    pub opts: Options,
    /// `http://ADDR`, for the absolute operation URLs ARM hands out.
    base: String,
    /// Requests left this hour, as ARM's `x-ms-ratelimit-remaining-*` report them.
    reads_left: AtomicI64,
    writes_left: AtomicI64,
}

/// ARM's per-hour limits per principal (notes §3.5).
const READS_PER_HOUR: i64 = 12_000;
const WRITES_PER_HOUR: i64 = 1_200;

/// Checks `--listen`: an address on this machine only.
pub fn loopback_addr(listen: &str) -> Result<SocketAddr, String> {
    let addr: SocketAddr = match listen.parse() {
        Ok(a) => a,
        Err(_) if listen.starts_with("localhost:") => format!("127.0.0.1:{}", &listen[10..]).parse().map_err(|e| format!("{e}"))?,
        Err(e) => return Err(format!("--listen {listen}: not an address (use 127.0.0.1:PORT): {e}")),
    };
    if !addr.ip().is_loopback() {
        return Err(format!(
            "--listen {listen}: the emulator only binds to loopback (127.0.0.1 or [::1]); it accepts any token, so it must not be reachable from other machines"
        ));
    }
    Ok(addr)
}

/// Runs the emulator until the process is stopped. The first line printed is
/// `hadr emulator listening on http://ADDR` (tests read it).
pub async fn run(opts: Options) -> Result<(), String> {
    let addr = loopback_addr(&opts.listen)?;
    let sim = SimCloud::open(&opts.data)?;
    let specs = opts.specs.clone().or_else(openapi::Specs::locate).map(openapi::Specs::new);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    // The only line on stdout: whoever reads it may close the pipe after it.
    println!("hadr emulator listening on http://{bound}");
    match &specs {
        Some(s) => eprintln!("Validating PUT bodies against {}.", s.root().display()),
        None => eprintln!("Warning: azure-rest-api-specs not found (set HADR_AZURE_SPECS); PUT bodies are not validated."),
    }
    let _ = std::io::stdout().flush();
    let emu = Arc::new(Emulator {
        sim,
        ops: ops::Ops::default(),
        specs,
        opts,
        base: format!("http://{bound}"),
        reads_left: AtomicI64::new(READS_PER_HOUR),
        writes_left: AtomicI64::new(WRITES_PER_HOUR),
    });
    tokio::spawn(refill(emu.clone()));
    loop {
        let (stream, _) = listener.accept().await.map_err(|e| e.to_string())?;
        let emu = emu.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let emu = emu.clone();
                async move { Ok::<_, std::convert::Infallible>(emu.serve(req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
        });
    }
}

/// The hourly buckets refill.
async fn refill(emu: Arc<Emulator>) {
    loop {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        emu.reads_left.store(READS_PER_HOUR, Ordering::Relaxed);
        emu.writes_left.store(WRITES_PER_HOUR, Ordering::Relaxed);
    }
}

/// True with probability `pct` percent.
fn roll(pct: f64) -> bool {
    pct > 0.0 && (uuid::Uuid::new_v4().as_u128() % 10_000) as f64 / 100.0 < pct
}

impl Emulator {
    async fn serve(self: Arc<Self>, req: hyper::Request<hyper::body::Incoming>) -> hyper::Response<Full<Bytes>> {
        let request_id = uuid::Uuid::new_v4().to_string();
        let (parts, body) = req.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
        let req = Req {
            method: parts.method,
            path: http::percent_decode(parts.uri.path()),
            query: http::parse_query(parts.uri.query()),
            headers: parts.headers,
            body,
        };
        if self.opts.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(self.opts.latency_ms)).await;
        }
        let write = req.method != hyper::Method::GET;
        let bucket = if write { &self.writes_left } else { &self.reads_left };
        let left = bucket.fetch_sub(1, Ordering::Relaxed).max(1) - 1;
        let mut resp = self.route(&req).await;
        let kind = if write { "writes" } else { "reads" };
        resp.headers.push((format!("x-ms-ratelimit-remaining-subscription-{kind}"), left.to_string()));
        for h in ["x-ms-client-request-id", "x-ms-correlation-request-id"] {
            if let Some(v) = req.header(h) {
                resp.headers.push((h.to_string(), v.to_string()));
            }
        }
        resp.into_hyper(&request_id)
    }

    async fn route(self: &Arc<Self>, req: &Req) -> Resp {
        if roll(self.opts.fail_429) {
            return Resp::error("TooManyRequests", "The request is being throttled (injected by --fail-429).").header("retry-after", "1");
        }
        if roll(self.opts.fail_5xx) {
            let (code, status) = if roll(50.0) { ("InternalServerError", 500) } else { ("ServiceUnavailable", 503) };
            let mut r = Resp::error(code, "The server had an error (injected by --fail-5xx).");
            r.status = status;
            return r;
        }
        if !req.header("authorization").is_some_and(|a| a.len() > 7 && a[..7].eq_ignore_ascii_case("bearer ")) {
            return Resp::error("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        let path = req.path.trim_end_matches('/');
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match segs[..] {
            ["subscriptions"] if req.method == hyper::Method::GET => Resp::json(200, json!({"value": [subscription()]})),
            ["subscriptions", s] if req.method == hyper::Method::GET && s.eq_ignore_ascii_case(SUBSCRIPTION_ID) => {
                Resp::json(200, subscription())
            }
            [_, _, p, ns, kind, op] if p.eq_ignore_ascii_case("providers") && ns.eq_ignore_ascii_case("Microsoft.Emulator") => {
                if kind.eq_ignore_ascii_case("operations") { self.operation_status(op) } else { self.operation_result(op) }
            }
            _ => resources::handle(self, req, path).await,
        }
    }

    fn operation_status(&self, op: &str) -> Resp {
        match self.ops.get(op) {
            Some(o) => Resp::json(200, o.status_body()).header("retry-after", "1"),
            None => Resp::error("NotFound", format!("The operation '{op}' was not found.")),
        }
    }

    /// The `Location` URL: 202 while running, then what a synchronous call would have answered.
    fn operation_result(&self, op: &str) -> Resp {
        let Some(o) = self.ops.get(op) else { return Resp::error("NotFound", format!("The operation '{op}' was not found.")) };
        match o.outcome {
            None => Resp::empty(202).header("retry-after", "1").header("location", self.op_url("operationResults", op)),
            Some(Err(e)) => Resp::provider_error(&e),
            Some(Ok(Some(body))) => Resp::json(if o.kind == (ops::Kind::Put { created: true }) { 201 } else { 200 }, body),
            Some(Ok(None)) => Resp::empty(200),
        }
    }

    /// An operation's status URL (`operations`) or result URL (`operationResults`).
    pub fn op_url(&self, kind: &str, op: &str) -> String {
        format!("{}/subscriptions/{SUBSCRIPTION_ID}/providers/Microsoft.Emulator/{kind}/{op}?api-version=2024-01-01", self.base)
    }
}

fn subscription() -> serde_json::Value {
    json!({"id": format!("/subscriptions/{SUBSCRIPTION_ID}"), "subscriptionId": SUBSCRIPTION_ID, "tenantId": TENANT_ID,
           "displayName": "hadr emulator", "state": "Enabled"})
}
