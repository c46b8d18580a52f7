//! Credentials and the bearer-token policy.
//!
//! `HADR_AZURE_TOKEN` is a static token (tests, the emulator). Otherwise the
//! first of these that yields a token is used, and remembered: an environment
//! service principal (`AZURE_CLIENT_ID`, `AZURE_TENANT_ID`,
//! `AZURE_CLIENT_SECRET`), workload identity (`AZURE_FEDERATED_TOKEN_FILE`, as
//! pipelines and AKS set it), the Azure CLI login, managed identity.
//!
//! azure_core's stock bearer policy refuses plain http, which the emulator
//! speaks; ours allows http to loopback only. Tokens are never printed: errors
//! name the credential that failed, never what it returned.

use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{Context, Request, Url};
use std::sync::{Arc, Mutex};

/// The audience of every ARM token.
pub const ARM_SCOPE: &str = "https://management.azure.com/.default";

/// A token given by the user, valid for as long as they say.
pub struct StaticToken(Secret);

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

#[async_trait::async_trait]
impl TokenCredential for StaticToken {
    async fn get_token(&self, _: &[&str], _: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        Ok(AccessToken::new(self.0.clone(), time::OffsetDateTime::now_utc() + time::Duration::hours(1)))
    }
}

/// Tries each credential in order until one gives a token, then sticks to it.
#[derive(Debug)]
pub struct Chain {
    sources: Vec<(&'static str, Arc<dyn TokenCredential>)>,
    chosen: Mutex<Option<usize>>,
}

#[async_trait::async_trait]
impl TokenCredential for Chain {
    async fn get_token(&self, scopes: &[&str], options: Option<TokenRequestOptions<'_>>) -> azure_core::Result<AccessToken> {
        let chosen = *self.chosen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = chosen {
            return self.sources[i].1.get_token(scopes, options).await;
        }
        let mut tried = vec![];
        for (i, (name, c)) in self.sources.iter().enumerate() {
            match c.get_token(scopes, options.clone()).await {
                Ok(t) => {
                    *self.chosen.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(i);
                    return Ok(t);
                }
                Err(e) => tried.push(format!("{name}: {}", first_line(&e.to_string()))),
            }
        }
        Err(azure_core::Error::with_message(
            azure_core::error::ErrorKind::Credential,
            format!(
                "no Azure credential worked ({}). Log in with `az login`, set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or run where a managed or workload identity is available",
                tried.join("; ")
            ),
        ))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

/// The credential hadr uses, from the environment.
pub fn credential() -> Result<Arc<dyn TokenCredential>, String> {
    if let Ok(t) = std::env::var("HADR_AZURE_TOKEN")
        && !t.trim().is_empty()
    {
        return Ok(Arc::new(StaticToken(Secret::new(t.trim().to_string()))));
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut sources: Vec<(&'static str, Arc<dyn TokenCredential>)> = vec![];
    if let (Some(tenant), Some(client), Some(secret)) = (env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET")) {
        let c = azure_identity::ClientSecretCredential::new(&tenant, client, Secret::new(secret), None)
            .map_err(|e| format!("the service principal in AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET is not usable: {e}"))?;
        sources.push(("environment service principal", c));
    }
    if env("AZURE_FEDERATED_TOKEN_FILE").is_some()
        && let Ok(c) = azure_identity::WorkloadIdentityCredential::new(None)
    {
        sources.push(("workload identity", c));
    }
    if let Ok(c) = azure_identity::AzureCliCredential::new(None) {
        sources.push(("Azure CLI", c));
    }
    if let Ok(c) = azure_identity::ManagedIdentityCredential::new(None) {
        sources.push(("managed identity", c));
    }
    Ok(Arc::new(Chain { sources, chosen: Mutex::new(None) }))
}

/// True for hosts a token may travel to over plain http: this machine only.
pub fn is_loopback(url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Adds `Authorization: Bearer …` to every try; refuses to send a token over
/// plain http to anything but loopback.
#[derive(Debug)]
pub struct BearerPolicy {
    pub credential: Arc<dyn TokenCredential>,
}

#[async_trait::async_trait]
impl Policy for BearerPolicy {
    async fn send(&self, ctx: &Context, req: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        let url = req.url();
        if url.scheme() != "https" && !is_loopback(url) {
            return Err(azure_core::Error::with_message(
                azure_core::error::ErrorKind::Credential,
                format!(
                    "refusing to send an Azure token over plain http to {}: use https, or a loopback address for the emulator",
                    url.host_str().unwrap_or("?")
                ),
            ));
        }
        let token = self.credential.get_token(&[ARM_SCOPE], None).await?;
        req.insert_header("authorization", format!("Bearer {}", token.token.secret()));
        next[0].send(ctx, req, &next[1..]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_go_over_http_to_loopback_only() {
        for ok in ["http://127.0.0.1:8080/x", "http://127.9.9.9/", "http://[::1]:1/", "http://localhost:3/"] {
            assert!(is_loopback(&Url::parse(ok).unwrap()), "{ok}");
        }
        for no in ["http://10.0.0.1/", "http://example.com/", "http://127.0.0.1.example.com/"] {
            assert!(!is_loopback(&Url::parse(no).unwrap()), "{no}");
        }
        assert!(!format!("{:?}", StaticToken(Secret::new("s3cret"))).contains("s3cret"));
    }
}
