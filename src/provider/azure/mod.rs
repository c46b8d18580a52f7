//! The `azure` provider: real ARM over HTTP (or the hadr emulator, which
//! speaks the same protocol).
//!
//! * `client`: requests by resource id through azure_core's `Pipeline`, with
//!   ARM's retry rules and a request budget (`throttle`); `auth` the token.
//! * `lro`: waiting for long-running operations.
//! * `body` / `path` / `types`: hadr attributes ⇄ ARM bodies.
//! * `actions`: the POSTs behind failovers, restores…
//! * `local`: `terraform_data` and what ARM does not echo, kept in `.hadr/azure.db`.

pub mod actions;
pub mod auth;
pub mod body;
pub mod client;
pub mod config;
pub mod local;
pub mod lro;
pub mod path;
pub mod throttle;
pub mod types;

use crate::provider::{ActionRequest, Attrs, Provider, ProviderError, ProviderResult, predict_arm_id};
use crate::schema::ResourceSchema;
use async_trait::async_trait;
use azure_core::http::{Method, Url};
use body::Direction;
use client::{ArmClient, ArmResponse};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

/// Azure's public management endpoint.
pub const PUBLIC_ENDPOINT: &str = "https://management.azure.com";
/// api-version for listing subscriptions (when none is configured).
const SUBSCRIPTIONS_API: &str = "2022-12-01";

/// What a `provider "azure" { … }` block (or the environment) says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AzureConfig {
    pub subscription_id: Option<String>,
    pub endpoint: Option<String>,
}

pub struct AzureProvider {
    client: ArmClient,
    subscription_id: String,
    local: local::LocalStore,
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

impl AzureProvider {
    /// Connects: endpoint from `HADR_AZURE_ENDPOINT`, else the block, else
    /// Azure's; subscription from the block, else `AZURE_SUBSCRIPTION_ID`,
    /// else the only one the credential can see.
    pub async fn connect(config: AzureConfig, workdir: &Path) -> Result<AzureProvider, String> {
        let endpoint = env("HADR_AZURE_ENDPOINT").or(config.endpoint).unwrap_or_else(|| PUBLIC_ENDPOINT.to_string());
        let url = Url::parse(&endpoint).map_err(|e| format!("the Azure endpoint \"{endpoint}\" is not a URL: {e}"))?;
        if url.scheme() != "https" && !(url.scheme() == "http" && auth::is_loopback(&url)) {
            return Err(format!(
                "the Azure endpoint {endpoint} must use https (plain http is allowed to a loopback address only, for the emulator)"
            ));
        }
        let client = ArmClient::new(url, auth::credential()?)?;
        let local = local::LocalStore::open(workdir)?;
        let subscription_id = match config.subscription_id.or_else(|| env("AZURE_SUBSCRIPTION_ID")) {
            Some(s) => s,
            None => only_subscription(&client).await?,
        };
        Ok(AzureProvider { client, subscription_id, local })
    }

    pub fn subscription_id(&self) -> &str {
        &self.subscription_id
    }

    fn api_version(schema: &ResourceSchema, attrs: Option<&Attrs>) -> ProviderResult<String> {
        if schema.name == "azure_resource" {
            let t = attrs.and_then(|a| a.get("type")).and_then(Value::as_str).unwrap_or_default();
            return t.split_once('@').map(|(_, v)| v.to_string()).ok_or_else(|| {
                ProviderError::new("MissingApiVersion", format!("azure_resource needs type = \"Namespace/type@api-version\", not \"{t}\""))
            });
        }
        Ok(schema.arm.as_ref().map(|a| a.api_version.clone()).unwrap_or_default())
    }

    fn resource_url(&self, id: &str, api: &str) -> ProviderResult<Url> {
        self.client.url(id, Some(api))
    }

    fn kept(&self, id: &str) -> Option<Attrs> {
        self.local.get(id).ok().flatten()
    }

    fn keep(&self, schema: &ResourceSchema, id: &str, attrs: &Attrs) {
        // Losing the local copy only costs a spurious diff later; never fail an operation for it.
        let _ = self.local.put(id, &schema.name, attrs);
    }

    /// GET the object: its attributes settled against `reference`, or `None` on 404.
    async fn fetch(&self, schema: &ResourceSchema, id: &str, reference: Option<&Attrs>) -> ProviderResult<Option<Attrs>> {
        let url = self.resource_url(id, &Self::api_version(schema, reference)?)?;
        let rsp = self.client.send(Method::Get, &url, None, &[]).await?;
        if rsp.status == 404 {
            return Ok(None);
        }
        if !rsp.ok() {
            return Err(rsp.error());
        }
        let mut fresh = body::from_arm(schema, &rsp.body, id);
        if schema.name == "azure_storage_account" {
            self.list_keys(id, &Self::api_version(schema, None)?, &mut fresh).await?;
        }
        let attrs = settle(schema, fresh, reference);
        self.keep(schema, id, &attrs);
        Ok(Some(attrs))
    }

    /// A storage account's keys come from `POST …/listKeys`, not its body.
    async fn list_keys(&self, id: &str, api: &str, attrs: &mut Attrs) -> ProviderResult<()> {
        let rsp = self.client.send(Method::Post, &self.resource_url(&format!("{id}/listKeys"), api)?, None, &[]).await?;
        if !rsp.ok() {
            return Err(rsp.error());
        }
        let key = |i: usize| rsp.body.pointer(&format!("/keys/{i}/value")).cloned().unwrap_or(Value::Null);
        attrs.insert("primary_access_key".into(), key(0));
        attrs.insert("secondary_access_key".into(), key(1));
        Ok(())
    }

    /// PUT the object's body and wait for the operation; gives its attributes after.
    async fn put(&self, schema: &ResourceSchema, id: &str, config: &Attrs, what: &str) -> ProviderResult<Attrs> {
        let api = Self::api_version(schema, Some(config))?;
        let url = self.resource_url(id, &api)?;
        let mut body = body::to_arm(schema, config, id, Direction::Request);
        self.inherit_location(schema, config, &mut body).await?;
        if schema.name == "azure_virtual_network" {
            self.carry_subnets(id, &api, &mut body).await?;
        }
        let rsp = self.client.send(Method::Put, &url, Some(&body), &[]).await?;
        if !rsp.ok() {
            return Err(rsp.error());
        }
        lro::wait(&self.client, &rsp, Some(&url), what).await?;
        self.fetch(schema, id, Some(config)).await?.ok_or_else(|| gone(id, what))
    }

    /// A tracked child resource (a SQL database) must name its region; hadr
    /// lets it default to its parent's, which is asked from ARM.
    async fn inherit_location(&self, schema: &ResourceSchema, config: &Attrs, body: &mut Value) -> ProviderResult<()> {
        let Some(arm) = schema.arm.as_ref().filter(|a| a.location == "required") else { return Ok(()) };
        if body.get("location").is_some_and(|l| !l.is_null()) {
            return Ok(());
        }
        let parent_key = arm.id.strip_prefix('{').and_then(|t| t.split_once('}')).map(|(k, _)| k);
        let Some(parent) = parent_key.and_then(|k| config.get(k)).and_then(Value::as_str) else { return Ok(()) };
        let Some(parent_schema) = crate::emulator::resolve::resolve(parent).map(|r| r.schema).filter(|s| s.name != "azure_resource") else {
            return Ok(());
        };
        let url = self.resource_url(parent, &Self::api_version(parent_schema, None)?)?;
        let rsp = self.client.send(Method::Get, &url, None, &[]).await?;
        if let Some(l) = rsp.body.get("location").filter(|_| rsp.ok()) {
            body["location"] = l.clone();
        }
        Ok(())
    }

    /// A VNet PUT without `subnets` deletes the subnets that exist (created as
    /// `azure_subnet`s), so an update sends them back as they are.
    async fn carry_subnets(&self, id: &str, api: &str, body: &mut Value) -> ProviderResult<()> {
        let rsp = self.client.send(Method::Get, &self.resource_url(id, api)?, None, &[]).await?;
        let Some(subnets) = rsp.body.pointer("/properties/subnets").and_then(Value::as_array).filter(|_| rsp.ok()) else { return Ok(()) };
        let Some(schema) = crate::schema::catalog().get("azure_subnet") else { return Ok(()) };
        let carried: Vec<Value> = subnets
            .iter()
            .filter_map(|s| {
                let sid = s.get("id").and_then(Value::as_str)?;
                let attrs = body::from_arm(schema, s, sid);
                let mut b = body::to_arm(schema, &attrs, sid, Direction::Request);
                b["name"] = json!(s.get("name").and_then(Value::as_str).unwrap_or_else(|| sid.rsplit('/').next().unwrap_or_default()));
                b["id"] = json!(sid);
                Some(b)
            })
            .collect();
        path::set(body, "properties.subnets", Value::Array(carried));
        Ok(())
    }

    fn refuse_hadr_own(&self, schema: &ResourceSchema) -> ProviderResult<()> {
        if body::hadr_own(schema) && !auth::is_loopback(self.client.endpoint()) {
            return Err(ProviderError::new(
                "NotAnArmType",
                format!(
                    "{} is hadr's own model, not an ARM resource: the azure provider manages it only through the hadr emulator",
                    schema.name
                ),
            ));
        }
        Ok(())
    }

    /// Runs an ARM action and waits for it.
    async fn post_action(&self, schema: &ResourceSchema, id: &str, attrs: &Attrs, action: &ActionRequest) -> ProviderResult<()> {
        let a = actions::arm_action(&schema.name, id, attrs, action)?;
        let api = Self::api_version(schema, Some(attrs))?;
        let url = self.resource_url(&format!("{}/{}", a.target.trim_end_matches('/'), action.name), &api)?;
        let rsp = self.client.send(Method::Post, &url, a.body.as_ref(), &[]).await?;
        if !rsp.ok() {
            return Err(rsp.error());
        }
        lro::wait(&self.client, &rsp, None, &format!("{} on {id}", action.name)).await
    }
}

fn gone(id: &str, what: &str) -> ProviderError {
    ProviderError::new("ResourceNotFound", format!("{id} was not found after its {what} completed; plan again"))
}

/// The subscription to use when none is configured: the only one visible.
async fn only_subscription(client: &ArmClient) -> Result<String, String> {
    let url = client.url("/subscriptions", Some(SUBSCRIPTIONS_API)).map_err(|e| e.to_string())?;
    let rsp: ArmResponse = client.send(Method::Get, &url, None, &[]).await.map_err(|e| e.to_string())?;
    if !rsp.ok() {
        return Err(format!("cannot list subscriptions: {}", rsp.error()));
    }
    let ids: Vec<&str> = rsp
        .body
        .get("value")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("subscriptionId").and_then(Value::as_str))
        .collect();
    match ids[..] {
        [one] => Ok(one.to_string()),
        [] => {
            Err("the credential sees no subscription; set subscription_id in the provider \"azure\" block or AZURE_SUBSCRIPTION_ID".into())
        }
        _ => Err(format!(
            "the credential sees {} subscriptions; choose one with subscription_id in the provider \"azure\" block or AZURE_SUBSCRIPTION_ID",
            ids.len()
        )),
    }
}

/// What a refresh reports: ARM's values, except where ARM cannot tell
/// (hadr-only attributes, secrets it never echoes) or only normalised what
/// hadr wrote (location spelling, id casing, null vs empty): there the
/// reference (what hadr wrote or last saw) stands.
pub fn settle(schema: &ResourceSchema, mut fresh: Attrs, reference: Option<&Attrs>) -> Attrs {
    let Some(r) = reference else { return fresh };
    for (name, a) in &schema.attributes {
        let known = r.get(name).cloned().unwrap_or(Value::Null);
        let keep = !body::carried(schema, name)
            || (a.sensitive && fresh.get(name).is_none_or(Value::is_null))
            || (schema.name == "azure_resource" && (name == "body" || name == "type") && !known.is_null())
            || fresh.get(name).is_some_and(|f| equivalent(name, f, &known));
        if keep {
            fresh.insert(name.clone(), known);
        }
    }
    for name in schema.blocks.keys() {
        if let (Some(f), Some(k)) = (fresh.get(name), r.get(name))
            && equivalent(name, f, k)
        {
            fresh.insert(name.clone(), k.clone());
        }
    }
    fresh
}

/// Same value as far as ARM is concerned.
fn equivalent(name: &str, a: &Value, b: &Value) -> bool {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::Array(x) => x.is_empty(),
        Value::Object(x) => x.is_empty() || x.values().all(Value::is_null),
        Value::String(s) => s.is_empty(),
        _ => false,
    };
    match (a, b) {
        _ if empty(a) && empty(b) => true,
        (Value::String(x), Value::String(y)) => {
            x == y
                || (x.starts_with('/') && x.eq_ignore_ascii_case(y))
                || ((name == "location" || name.ends_with("_location"))
                    && crate::provider::sim::regions::normalize(x) == crate::provider::sim::regions::normalize(y))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).all(|(p, q)| equivalent(name, p, q)) || {
                let key = |v: &Value| v.as_str().map(str::to_ascii_lowercase).unwrap_or_else(|| v.to_string());
                let (mut p, mut q): (Vec<String>, Vec<String>) = (x.iter().map(key).collect(), y.iter().map(key).collect());
                p.sort();
                q.sort();
                p == q
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            x.keys().chain(y.keys()).all(|k| equivalent(k, x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null)))
        }
        _ => a == b,
    }
}

#[async_trait]
impl Provider for AzureProvider {
    fn name(&self) -> &str {
        "azure"
    }

    fn predict_id(&self, schema: &ResourceSchema, config: &Attrs) -> Option<String> {
        predict_arm_id(schema, config, &self.subscription_id)
    }

    async fn read(&self, schema: &ResourceSchema, id: &str) -> ProviderResult<Option<Attrs>> {
        if schema.arm.is_none() {
            return self.local.get(id).map_err(|e| ProviderError::new("LocalStoreError", e));
        }
        self.refuse_hadr_own(schema)?;
        let kept = self.kept(id);
        let found = self.fetch(schema, id, kept.as_ref()).await?;
        if found.is_none() {
            let _ = self.local.remove(id);
        }
        Ok(found)
    }

    async fn create(&self, schema: &ResourceSchema, id: Option<&str>, config: &Attrs) -> ProviderResult<Attrs> {
        if schema.arm.is_none() {
            let id = id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_string);
            return self.store_local(schema, &id, config);
        }
        self.refuse_hadr_own(schema)?;
        let id = id.map(str::to_string).or_else(|| self.predict_id(schema, config)).ok_or_else(|| {
            ProviderError::new("InvalidId", format!("cannot build the ARM id of this {}: an attribute of its id is missing", schema.name))
        })?;
        // Like azurerm: never take over an object that exists but hadr does not
        // manage, unless hadr itself sent its PUT before (a create whose answer
        // was lost: the connection dropped while ARM worked on it).
        let ours = self.kept(&id).is_some();
        if !ours && self.fetch(schema, &id, Some(config)).await?.is_some() {
            return Err(ProviderError::new(
                "Conflict",
                format!(
                    "A resource with the ID \"{id}\" already exists - to be managed via hadr this resource needs to be imported into the State."
                ),
            ));
        }
        self.keep(schema, &id, config);
        self.put(schema, &id, config, "create").await
    }

    async fn update(&self, schema: &ResourceSchema, id: &str, config: &Attrs) -> ProviderResult<Attrs> {
        if schema.arm.is_none() {
            return self.store_local(schema, id, config);
        }
        self.refuse_hadr_own(schema)?;
        self.put(schema, id, config, "update").await
    }

    async fn delete(&self, schema: &ResourceSchema, id: &str) -> ProviderResult<()> {
        if schema.arm.is_some() {
            self.refuse_hadr_own(schema)?;
            let url = self.resource_url(id, &Self::api_version(schema, self.kept(id).as_ref())?)?;
            let rsp = self.client.send(Method::Delete, &url, None, &[]).await?;
            if rsp.status != 404 {
                if !rsp.ok() {
                    return Err(rsp.error());
                }
                lro::wait(&self.client, &rsp, None, "delete").await?;
            }
        }
        self.local.remove(id).map_err(|e| ProviderError::new("LocalStoreError", e))
    }

    async fn invoke(&self, schema: &ResourceSchema, id: &str, action: &ActionRequest) -> ProviderResult<Attrs> {
        let seconds = action.params.get("seconds").and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
        let current = self.read(schema, id).await?;
        match action.name.as_str() {
            // hadr-side waits: nothing is sent to ARM.
            "awaitPropagation" => {
                // HADR_AZURE_WAIT_SCALE shortens the wait (tests against the emulator; 1 = real time).
                let scale =
                    std::env::var("HADR_AZURE_WAIT_SCALE").ok().and_then(|v| v.parse::<f64>().ok()).filter(|v| *v > 0.0).unwrap_or(1.0);
                tokio::time::sleep(Duration::try_from_secs_f64(seconds / scale).unwrap_or_default()).await;
                return self.read(schema, id).await?.ok_or_else(|| gone(id, "wait"));
            }
            "probe" => {
                return current.ok_or_else(|| ProviderError::new("ResourceNotFound", format!("probe: {id} does not exist (yet)")));
            }
            _ => {}
        }
        let Some(mut attrs) = current else { return Err(gone(id, &action.name)) };
        self.refuse_hadr_own(schema)?;
        self.post_action(schema, id, &attrs, action).await?;
        actions::remember(&schema.name, action, &mut attrs);
        self.keep(schema, id, &attrs);
        let kept = self.kept(id);
        self.fetch(schema, id, kept.as_ref()).await?.ok_or_else(|| gone(id, &action.name))
    }
}

impl AzureProvider {
    /// `terraform_data`: Terraform keeps it in state only; `output` mirrors `input`.
    fn store_local(&self, schema: &ResourceSchema, id: &str, config: &Attrs) -> ProviderResult<Attrs> {
        let mut attrs: Attrs = schema.attributes.keys().map(|k| (k.clone(), config.get(k).cloned().unwrap_or(Value::Null))).collect();
        attrs.insert("id".into(), id.into());
        if schema.name == "terraform_data" {
            attrs.insert("output".into(), config.get("input").cloned().unwrap_or(Value::Null));
        }
        self.local.put(id, &schema.name, &attrs).map_err(|e| ProviderError::new("LocalStoreError", e))?;
        Ok(attrs)
    }
}
