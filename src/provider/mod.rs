//! The edge of hadr: everything that talks to a cloud goes through `Provider`.
//!
//! The planner and the apply engine never know which provider they drive:
//! the embedded simulated Azure (`sim`), or real ARM.

pub mod azure;
pub mod sim;

use crate::schema::ResourceSchema;
use async_trait::async_trait;
use std::fmt;

/// Attributes of an object, in hadr's shape (the schema's attribute names), as JSON.
pub type Attrs = serde_json::Map<String, serde_json::Value>;

#[derive(Clone, Debug, PartialEq)]
pub struct ProviderError {
    /// ARM-style error code, e.g. `ResourceNotFound`, `Conflict`, `RegionUnavailable`.
    pub code: String,
    pub message: String,
    /// True for throttling and transient conflicts, which are retried.
    pub retryable: bool,
}

impl ProviderError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ProviderError {
        ProviderError { code: code.into(), message: message.into(), retryable: false }
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ProviderError {}

pub type ProviderResult<T> = Result<T, ProviderError>;

/// An operation beyond create/read/update/delete that Azure performs through
/// a POST (failover, restore, re-protect…). `name` is the ARM action.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActionRequest {
    pub name: String,
    #[serde(default)]
    pub params: serde_json::Value,
}

#[async_trait]
pub trait Provider: Send + Sync {
    /// A short name for messages ("simulated Azure", "azure").
    fn name(&self) -> &str;

    /// The id an object will get once created, when it follows from its
    /// arguments (ARM ids derive from names). Known ids make plans more
    /// precise and let an interrupted create be found again.
    fn predict_id(&self, schema: &ResourceSchema, config: &Attrs) -> Option<String>;

    /// The object's current attributes, or `None` when it no longer exists.
    async fn read(&self, schema: &ResourceSchema, id: &str) -> ProviderResult<Option<Attrs>>;

    /// Creates the object; returns all its attributes, computed ones included.
    /// `id` is the predicted id, when there is one.
    async fn create(&self, schema: &ResourceSchema, id: Option<&str>, config: &Attrs) -> ProviderResult<Attrs>;

    async fn update(&self, schema: &ResourceSchema, id: &str, config: &Attrs) -> ProviderResult<Attrs>;

    async fn delete(&self, schema: &ResourceSchema, id: &str) -> ProviderResult<()>;

    /// Runs an action (failover, restore…) on an object; returns its attributes after.
    async fn invoke(&self, schema: &ResourceSchema, id: &str, action: &ActionRequest) -> ProviderResult<Attrs>;

    /// The identity the provider works as (data source `azure_client_config`).
    fn client_config(&self) -> Attrs {
        Attrs::new()
    }

    /// Reads an existing object for a data source, found by its identifying arguments.
    async fn read_data(&self, schema: &ResourceSchema, args: &Attrs) -> ProviderResult<Attrs> {
        if schema.name == "azure_client_config" {
            let mut a = self.client_config();
            let id = a.get("subscription_id").and_then(|v| v.as_str()).map(|s| format!("/subscriptions/{s}")).unwrap_or_default();
            a.insert("id".into(), id.into());
            return Ok(a);
        }
        let id = self
            .predict_id(schema, args)
            .ok_or_else(|| ProviderError::new("InvalidArgument", "the data source's arguments do not identify an object"))?;
        match self.read(schema, &id).await? {
            Some(a) => Ok(a),
            None => Err(ProviderError::new("ResourceNotFound", format!("{} {id} was not found", schema.name))),
        }
    }

    /// Regions that do not answer now (an outage); a forced failover skips
    /// steps against them and keeps them fenced.
    fn unreachable_regions(&self) -> Vec<String> {
        vec![]
    }

    /// How long an operation is expected to take, for scheduling (longest
    /// path first) and RTO estimates. Defaults to the schema's Azure figures.
    fn estimate(&self, schema: &ResourceSchema, op: Operation) -> std::time::Duration {
        let s = match op {
            Operation::Create => schema.durations.create,
            Operation::Update => schema.durations.update,
            Operation::Delete => schema.durations.delete,
            Operation::Invoke => schema.durations.update,
            Operation::Read => 0.0,
        };
        std::time::Duration::from_secs_f64(s.max(0.0))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Create,
    Update,
    Delete,
    Invoke,
    /// A data source read.
    Read,
}

/// A provider that contacts nothing: predicts ARM ids, reads nothing and
/// refuses changes. For `validate` and for estimating plans that are not applied.
pub struct OfflineProvider;

#[async_trait]
impl Provider for OfflineProvider {
    fn name(&self) -> &str {
        "offline"
    }
    fn predict_id(&self, schema: &ResourceSchema, config: &Attrs) -> Option<String> {
        predict_arm_id(schema, config, sim::SUBSCRIPTION_ID)
    }
    async fn read(&self, _: &ResourceSchema, _: &str) -> ProviderResult<Option<Attrs>> {
        Ok(None)
    }
    async fn create(&self, _: &ResourceSchema, _: Option<&str>, _: &Attrs) -> ProviderResult<Attrs> {
        Err(offline())
    }
    async fn update(&self, _: &ResourceSchema, _: &str, _: &Attrs) -> ProviderResult<Attrs> {
        Err(offline())
    }
    async fn delete(&self, _: &ResourceSchema, _: &str) -> ProviderResult<()> {
        Err(offline())
    }
    async fn invoke(&self, _: &ResourceSchema, _: &str, _: &ActionRequest) -> ProviderResult<Attrs> {
        Err(offline())
    }
}

fn offline() -> ProviderError {
    ProviderError::new("Offline", "this run does not change anything")
}

/// Fills an id template (`…/resourceGroups/{resource_group_name}/…`) from
/// attributes; `None` while any placeholder is unknown or missing.
pub fn fill_template(template: &str, attrs: &Attrs, extra: &[(&str, &str)]) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let key = &rest[start + 1..end];
        let val = match extra.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => v.to_string(),
            None => match attrs.get(key)? {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                _ => return None,
            },
        };
        out.push_str(&val);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The parent of an ARM id: strip the last `/type/name`; for a top-level
/// resource also strip `/providers/Namespace`. `None` for a subscription.
pub fn arm_parent(id: &str) -> Option<String> {
    let segs: Vec<&str> = id.trim_start_matches('/').split('/').collect();
    if segs.len() <= 2 {
        return None;
    }
    let mut parent = &segs[..segs.len() - 2];
    if parent.len() >= 2 && parent[parent.len() - 2].eq_ignore_ascii_case("providers") {
        parent = &parent[..parent.len() - 2];
    }
    Some(format!("/{}", parent.join("/")))
}

/// The id an object gets, as ARM builds it: the schema's `arm.id` filled from
/// the config (with schema defaults, as the object will have them) and the
/// subscription. The generic `azure_resource` builds its id from `type`,
/// `parent_id` and `name`. Shared by every provider so a plan predicts the
/// same id whichever cloud applies it.
pub fn predict_arm_id(schema: &ResourceSchema, config: &Attrs, subscription_id: &str) -> Option<String> {
    let arm = schema.arm.as_ref()?;
    let mut config = config.clone();
    for (name, a) in &schema.attributes {
        if a.optional
            && let Some(d) = &a.default
            && config.get(name).is_none_or(serde_json::Value::is_null)
        {
            config.insert(name.clone(), d.clone());
        }
    }
    if schema.name == "azure_resource" {
        return generic_arm_id(&config);
    }
    if arm.id.is_empty() {
        return None;
    }
    fill_template(&arm.id, &config, &[("subscription_id", subscription_id)])
}

/// `{parent_id}/providers/{Namespace/type}/{name}`, or `{parent_id}/{child}/{name}`
/// when `type` is a child type of the parent's own type (as ARM and azapi do).
pub fn generic_arm_id(config: &Attrs) -> Option<String> {
    let get = |k: &str| config.get(k).and_then(serde_json::Value::as_str);
    let rtype = get("type")?.split('@').next()?;
    let parent = get("parent_id")?.trim_end_matches('/');
    let name = get("name")?;
    let (parent_type, child) = rtype.rsplit_once('/')?;
    if parent_type.contains('/') && arm_resource_type(parent).is_some_and(|t| t.eq_ignore_ascii_case(parent_type)) {
        return Some(format!("{parent}/{child}/{name}"));
    }
    Some(format!("{parent}/providers/{rtype}/{name}"))
}

/// `Namespace/type[/child…]` of a resource id (after its last `providers`).
pub fn arm_resource_type(id: &str) -> Option<String> {
    let s: Vec<&str> = id.trim_matches('/').split('/').collect();
    let p = s.iter().rposition(|x| x.eq_ignore_ascii_case("providers"))?;
    let rest = s.get(p + 2..).filter(|r| !r.is_empty() && r.len() % 2 == 0)?;
    Some(std::iter::once(s[p + 1]).chain(rest.iter().step_by(2).copied()).collect::<Vec<_>>().join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_follow_arm_shape() {
        let vnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v";
        assert_eq!(arm_parent(vnet).as_deref(), Some("/subscriptions/s/resourceGroups/rg"));
        assert_eq!(arm_parent(&format!("{vnet}/subnets/a")).as_deref(), Some(vnet));
        assert_eq!(arm_parent("/subscriptions/s/resourceGroups/rg").as_deref(), Some("/subscriptions/s"));
        assert_eq!(arm_parent("/subscriptions/s"), None);
    }

    #[test]
    fn templates_need_every_placeholder() {
        let mut a = Attrs::new();
        a.insert("name".into(), "v".into());
        assert_eq!(fill_template("/x/{name}", &a, &[]).as_deref(), Some("/x/v"));
        assert_eq!(fill_template("/x/{rg}/{name}", &a, &[]), None);
        assert_eq!(fill_template("/s/{subscription_id}/{name}", &a, &[("subscription_id", "0")]).as_deref(), Some("/s/0/v"));
    }
}
