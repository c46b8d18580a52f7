//! Requests and responses as the handlers see them, ARM error bodies, and the
//! HTTP status ARM gives each error code.

use crate::provider::ProviderError;
use http_body_util::Full;
use hyper::body::Bytes;
use serde_json::{Value, json};

/// A request, already read: method, decoded path, query pairs, headers, body.
pub struct Req {
    pub method: hyper::Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Req {
    pub fn query(&self, k: &str) -> Option<&str> {
        self.query.iter().find(|(x, _)| x.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str())
    }

    pub fn header(&self, k: &str) -> Option<&str> {
        self.headers.get(k).and_then(|v| v.to_str().ok())
    }
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Resp {
    pub fn json(status: u16, body: Value) -> Resp {
        Resp { status, headers: vec![], body: Some(body) }
    }

    pub fn empty(status: u16) -> Resp {
        Resp { status, headers: vec![], body: None }
    }

    pub fn header(mut self, k: &str, v: impl Into<String>) -> Resp {
        self.headers.push((k.to_string(), v.into()));
        self
    }

    /// `{"error": {code, message, details}}` with ARM's status for the code.
    pub fn error(code: &str, message: impl Into<String>) -> Resp {
        Resp::json(status_of(code), json!({"error": {"code": code, "message": message.into(), "details": []}}))
    }

    pub fn provider_error(e: &ProviderError) -> Resp {
        Resp::error(&e.code, e.message.clone())
    }

    pub fn into_hyper(self, request_id: &str) -> hyper::Response<Full<Bytes>> {
        let mut b = hyper::Response::builder().status(self.status).header("x-ms-request-id", request_id);
        for (k, v) in &self.headers {
            b = b.header(k.as_str(), v.as_str());
        }
        let bytes = match &self.body {
            Some(v) => {
                b = b.header("content-type", "application/json; charset=utf-8");
                Bytes::from(serde_json::to_vec(v).unwrap_or_default())
            }
            None => Bytes::new(),
        };
        b.body(Full::new(bytes)).unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new())))
    }
}

/// ARM's HTTP status for an error code (notes §3.2–3.6).
pub fn status_of(code: &str) -> u16 {
    match code {
        "ResourceNotFound" | "ResourceGroupNotFound" | "ParentResourceNotFound" | "SubscriptionNotFound" | "NotFound" => 404,
        "Conflict" | "AnotherOperationInProgress" | "ResourceGroupNotEmpty" | "FailoverGroupBusy" => 409,
        "PreconditionFailed" => 412,
        "TooManyRequests" | "SubscriptionTooManyRequests" => 429,
        "AuthenticationFailed" | "InvalidAuthenticationToken" => 401,
        "InternalServerError" | "SimulatorStoreError" | "InternalOperationError" => 500,
        "RegionUnavailable" | "ServiceUnavailable" => 503,
        "MethodNotAllowed" => 405,
        _ => 400,
    }
}

/// Decodes `%xx` in a URL path (names may contain spaces).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn parse_query(q: Option<&str>) -> Vec<(String, String)> {
    q.unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(&k.replace('+', " ")), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}
