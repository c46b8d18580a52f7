//! Resource requests: GET / PUT / PATCH / DELETE on ids, POST actions. Bodies
//! are translated to hadr attributes with the provider's own mapping
//! (`provider::azure::body`) and stored in the `SimCloud`; answers are built
//! back from the stored attributes, as ARM would show them.

use super::Emulator;
use super::http::{Req, Resp};
use super::ops::Kind;
use super::resolve::{Resolved, api_version_ok, resolve};
use crate::provider::azure::body::{Direction, carried, from_arm, to_arm};
use crate::provider::azure::{path, types};
use crate::provider::sim::{SUBSCRIPTION_ID, SimObject, Timing, regions};
use crate::provider::{ActionRequest, Attrs, Provider, ProviderError, arm_parent};
use crate::schema::{ResourceSchema, catalog};
use hyper::Method;
use serde_json::{Value, json};
use sha1::Digest;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Types whose RP supports ETag / If-Match (notes §3.7).
const ETAG_TYPES: &[&str] = &["azure_kubernetes_cluster", "azure_virtual_machine", "azure_recovery_services_vault"];

pub async fn handle(emu: &Arc<Emulator>, req: &Req, path: &str) -> Resp {
    let (id, action) = match req.method {
        Method::POST => match path.rsplit_once('/') {
            Some((id, a)) => (id, Some(a)),
            None => (path, None),
        },
        _ => (path, None),
    };
    let Some(r) = resolve(id) else {
        return Resp::error(
            "InvalidResourceType",
            format!("'{id}' is not a resource id this emulator knows (expected /subscriptions/…/providers/Namespace/type/name)."),
        );
    };
    let sub = types::subscription_of(id);
    if !sub.eq_ignore_ascii_case(SUBSCRIPTION_ID) {
        return Resp::error(
            "SubscriptionNotFound",
            format!("The subscription '{sub}' could not be found. The emulator has one subscription, '{SUBSCRIPTION_ID}'."),
        );
    }
    match req.query("api-version") {
        None => {
            return Resp::error(
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            );
        }
        Some(v) => {
            if let Err(want) = api_version_ok(&r, v) {
                let rtype = r.schema.arm.as_ref().map(|a| a.arm_type.as_str()).unwrap_or_default();
                let supported = if want.is_empty() { "a YYYY-MM-DD[-preview] version".into() } else { format!("'{want}'") };
                return Resp::error(
                    "InvalidApiVersionParameter",
                    format!("The api-version '{v}' is invalid for resource type '{rtype}'. The supported versions are {supported}."),
                );
            }
        }
    }
    match (&req.method, action) {
        (&Method::GET, _) => get(emu, id),
        (&Method::PUT, _) => put(emu, req, id, &r).await,
        (&Method::PATCH, _) => patch(emu, req, id).await,
        (&Method::DELETE, _) => delete(emu, req, id).await,
        (&Method::POST, Some(a)) => post(emu, req, id, a).await,
        _ => Resp::error("MethodNotAllowed", format!("{} is not supported on '{path}'.", req.method)),
    }
}

fn lookup(emu: &Emulator, id: &str) -> Result<Option<SimObject>, Resp> {
    emu.sim.get(id).map_err(|e| Resp::error("InternalServerError", e))
}

/// The 404 ARM answers for a missing resource (or its missing group).
fn not_found(emu: &Emulator, id: &str) -> Resp {
    let segs: Vec<&str> = id.trim_start_matches('/').split('/').collect();
    if segs.len() >= 4 && segs[2].eq_ignore_ascii_case("resourceGroups") {
        let rg_id = format!("/{}", segs[..4].join("/"));
        if segs.len() == 4 || lookup(emu, &rg_id).ok().flatten().is_none() {
            return Resp::error("ResourceGroupNotFound", format!("Resource group '{}' could not be found.", segs[3]));
        }
        let what = segs.iter().position(|s| s.eq_ignore_ascii_case("providers")).map(|p| segs[p + 1..].join("/")).unwrap_or_default();
        return Resp::error("ResourceNotFound", format!("The Resource '{what}' under resource group '{}' was not found.", segs[3]));
    }
    Resp::error("ResourceNotFound", format!("The Resource '{id}' was not found."))
}

fn etag(attrs: &Attrs) -> String {
    let digest = sha1::Sha1::digest(serde_json::to_vec(attrs).unwrap_or_default());
    format!("\"{}\"", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
}

fn schema_of(obj: &SimObject) -> Option<&'static ResourceSchema> {
    catalog().get(&obj.rtype)
}

/// A stored object as ARM shows it.
fn present(emu: &Emulator, obj: &SimObject) -> Value {
    let Some(schema) = schema_of(obj) else { return json!({"id": obj.id}) };
    let mut body = to_arm(schema, &obj.attributes, &obj.id, Direction::Response);
    if let Some(Value::String(l)) = body.get("location")
        && l != "global"
    {
        body["location"] = json!(regions::normalize(l));
    }
    path::set(&mut body, "properties.provisioningState", json!(obj.provisioning_state));
    if schema.name == "azure_virtual_network" {
        let subnets: Vec<Value> = emu
            .sim
            .list()
            .unwrap_or_default()
            .into_iter()
            .filter(|o| o.rtype == "azure_subnet" && o.parent_id.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(&obj.id)))
            .map(|o| present(emu, &o))
            .collect();
        path::set(&mut body, "properties.subnets", Value::Array(subnets));
    }
    if ETAG_TYPES.contains(&schema.name.as_str()) {
        body["etag"] = json!(etag(&obj.attributes));
    }
    body
}

fn with_etag(resp: Resp, obj: Option<&SimObject>) -> Resp {
    match obj.filter(|o| ETAG_TYPES.contains(&o.rtype.as_str())) {
        Some(o) => resp.header("etag", etag(&o.attributes)),
        None => resp,
    }
}

fn get(emu: &Emulator, id: &str) -> Resp {
    match lookup(emu, id) {
        Err(r) => r,
        Ok(Some(obj)) => with_etag(Resp::json(200, present(emu, &obj)), Some(&obj)),
        Ok(None) => not_found(emu, id),
    }
}

/// If-Match / If-None-Match against the current object (RPC Addendum § ETags).
fn precondition(req: &Req, existing: Option<&SimObject>) -> Option<Resp> {
    let obj = existing.filter(|o| ETAG_TYPES.contains(&o.rtype.as_str()));
    let fail = |m: &str| Some(Resp::error("PreconditionFailed", m.to_string()));
    if let Some(m) = req.header("if-match") {
        match (m.trim(), existing) {
            (_, None) => return fail("If-Match was given but the resource does not exist."),
            ("*", Some(_)) => {}
            (tag, Some(_)) if obj.is_some_and(|o| etag(&o.attributes) != tag) => {
                return fail("The ETag in If-Match does not match the resource's current ETag.");
            }
            _ => {}
        }
    }
    if req.header("if-none-match").is_some_and(|m| m.trim() == "*") && existing.is_some() {
        return fail("If-None-Match: * was given but the resource exists.");
    }
    None
}

fn injected_failure(emu: &Emulator, schema: &ResourceSchema, id: &str) -> bool {
    let arm_type = schema.arm.as_ref().map(|a| a.arm_type.as_str()).unwrap_or_default();
    emu.opts
        .fail_operation
        .iter()
        .any(|f| f.eq_ignore_ascii_case(&schema.name) || f.eq_ignore_ascii_case(arm_type) || f.eq_ignore_ascii_case(id))
}

async fn put(emu: &Arc<Emulator>, req: &Req, id: &str, r: &Resolved) -> Resp {
    let body: Value = match serde_json::from_slice(&req.body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => return Resp::error("InvalidRequestContent", "The request content must be a JSON object."),
        Err(e) => {
            return Resp::error("InvalidRequestContent", format!("The request content was invalid and could not be deserialized: {e}"));
        }
    };
    if let (false, Some(arm), Some(specs)) = (r.generic, r.schema.arm.as_ref(), emu.specs.as_ref())
        && let (Some(spec), Some(def)) = (&arm.spec, &arm.definition)
        && let Err(v) = specs.validate(spec, def, &body)
    {
        let mut resp =
            Resp::error("InvalidRequestContent", format!("The request content was invalid: property '{}': {}.", v.path, v.message));
        if let Some(b) = resp.body.as_mut() {
            b["error"]["target"] = json!(v.path);
        }
        return resp;
    }
    let existing = match lookup(emu, id) {
        Ok(e) => e,
        Err(r) => return r,
    };
    if let Some(fail) = precondition(req, existing.as_ref()) {
        return fail;
    }
    let schema = existing.as_ref().and_then(schema_of).unwrap_or(r.schema);
    let config = config_from(schema, &body, id, r, existing.as_ref(), req.query("api-version").unwrap_or_default());
    let created = existing.is_none();
    if injected_failure(emu, schema, id) {
        let shown = to_arm(schema, &config, id, Direction::Response);
        return fail_later(emu, id, Kind::Put { created }, shown);
    }
    if schema.name == "azure_virtual_network" && !created {
        drop_unlisted_subnets(emu, id, &body);
    }
    let (emu2, id2) = (emu.clone(), id.to_string());
    let work = async move {
        let attrs =
            if created { emu2.sim.create(schema, Some(&id2), &config).await? } else { emu2.sim.update(schema, &id2, &config).await? };
        let obj = emu2.sim.get(&id2).ok().flatten();
        Ok(Some(obj.map(|o| present(&emu2, &o)).unwrap_or_else(|| to_arm(schema, &attrs, &id2, Direction::Response))))
    };
    run(emu, id, Kind::Put { created }, work).await
}

/// The attributes a PUT body gives: what it carries, plus (on update) what ARM
/// bodies never carry, kept from the stored object.
fn config_from(schema: &ResourceSchema, body: &Value, id: &str, r: &Resolved, existing: Option<&SimObject>, api: &str) -> Attrs {
    let mut config = from_arm(schema, body, id);
    config.extend(r.from_id.clone());
    if r.generic || schema.name == "azure_resource" {
        let t = crate::provider::arm_resource_type(id).unwrap_or_default();
        config.insert("type".into(), json!(format!("{t}@{api}")));
        config.insert("parent_id".into(), json!(types::generic_parent(id).or_else(|| arm_parent(id)).unwrap_or_default()));
        config.remove("output");
    }
    if let Some(old) = existing {
        for (name, a) in &schema.attributes {
            let absent = config.get(name).is_none_or(Value::is_null);
            if (!carried(schema, name) || (a.sensitive && absent))
                && let Some(v) = old.attributes.get(name)
            {
                config.insert(name.clone(), v.clone());
            }
        }
    }
    config
}

/// A VNet PUT replaces its subnet list: subnets it does not name are deleted (ARM's behaviour).
fn drop_unlisted_subnets(emu: &Emulator, vnet: &str, body: &Value) {
    let listed: Vec<String> = path::get(body, "properties.subnets[].name")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_ascii_lowercase))
        .collect();
    for o in emu.sim.list().unwrap_or_default() {
        let child = o.rtype == "azure_subnet" && o.parent_id.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(vnet));
        if child && !listed.contains(&o.id.rsplit('/').next().unwrap_or_default().to_ascii_lowercase()) {
            let _ = emu.sim.remove(&o.id);
        }
    }
}

async fn patch(emu: &Arc<Emulator>, req: &Req, id: &str) -> Resp {
    let existing = match lookup(emu, id) {
        Ok(Some(e)) => e,
        Ok(None) => return not_found(emu, id),
        Err(r) => return r,
    };
    if let Some(fail) = precondition(req, Some(&existing)) {
        return fail;
    }
    let Ok(patch) = serde_json::from_slice::<Value>(&req.body) else {
        return Resp::error("InvalidRequestContent", "The request content was invalid and could not be deserialized.");
    };
    let Some(schema) = schema_of(&existing) else { return Resp::error("InternalServerError", "unknown stored type") };
    let mut merged = present(emu, &existing);
    merge_patch(&mut merged, &patch);
    // `tags` are replaced wholesale, not merged (RPC resource-api-reference § Patch).
    if let Some(t) = patch.get("tags") {
        merged["tags"] = t.clone();
    }
    let r = Resolved { schema, from_id: Attrs::new(), generic: schema.name == "azure_resource" };
    let config = config_from(schema, &merged, id, &r, Some(&existing), req.query("api-version").unwrap_or_default());
    let (emu2, id2) = (emu.clone(), id.to_string());
    let work = async move {
        emu2.sim.update(schema, &id2, &config).await?;
        Ok(emu2.sim.get(&id2).ok().flatten().map(|o| present(&emu2, &o)))
    };
    run(emu, id, Kind::Put { created: false }, work).await
}

/// RFC 7396 JSON merge patch.
fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = json!({});
    }
    let t = target.as_object_mut().expect("object");
    for (k, v) in p {
        if v.is_null() {
            t.remove(k);
        } else {
            merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

async fn delete(emu: &Arc<Emulator>, req: &Req, id: &str) -> Resp {
    let existing = match lookup(emu, id) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let Some(obj) = existing else {
        // 204 when there is nothing to delete; 404 only when the group itself is missing.
        let nf = not_found(emu, id);
        let rg_missing = nf.body.as_ref().is_some_and(|b| b["error"]["code"] == "ResourceGroupNotFound");
        let is_rg = resolve(id).is_some_and(|r| r.schema.name == "azure_resource_group");
        return if rg_missing && !is_rg { nf } else { Resp::empty(204) };
    };
    if let Some(fail) = precondition(req, Some(&obj)) {
        return fail;
    }
    let Some(schema) = schema_of(&obj) else { return Resp::error("InternalServerError", "unknown stored type") };
    if injected_failure(emu, schema, id) {
        return fail_later(emu, id, Kind::Delete, Value::Null);
    }
    let (emu2, id2) = (emu.clone(), obj.id.clone());
    run(emu, id, Kind::Delete, async move { emu2.sim.delete(schema, &id2).await.map(|_| None) }).await
}

async fn post(emu: &Arc<Emulator>, req: &Req, id: &str, action: &str) -> Resp {
    let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
    let (obj, mut params) = match lookup(emu, id) {
        Err(r) => return r,
        Ok(Some(o)) => (o, Value::Object(Default::default())),
        Ok(None) => match failover_group_alias(emu, id) {
            Some(found) => found,
            None => return not_found(emu, id),
        },
    };
    let Some(schema) = schema_of(&obj) else { return Resp::error("InternalServerError", "unknown stored type") };
    if action.eq_ignore_ascii_case("listKeys") && schema.name == "azure_storage_account" {
        let key = |k: &str| obj.attributes.get(k).cloned().unwrap_or(Value::Null);
        return Resp::json(
            200,
            json!({"keys": [
            {"keyName": "key1", "value": key("primary_access_key"), "permissions": "FULL"},
            {"keyName": "key2", "value": key("secondary_access_key"), "permissions": "FULL"}]}),
        );
    }
    if schema.name == "azure_sql_failover_group" {
        let target = params["primary_server_id"].as_str().map(str::to_string).unwrap_or_else(|| server_of(id));
        let current = obj.attributes.get("primary_server_id").and_then(Value::as_str).unwrap_or_default();
        if current.eq_ignore_ascii_case(&target) {
            return Resp::error(
                "FailoverGroupFailoverRequestOnPrimary",
                "The failover request was sent to the primary server; send it to the secondary server that is to become primary.",
            );
        }
        params["primary_server_id"] = json!(target);
    }
    arm_params(&mut params, &body, req);
    if injected_failure(emu, schema, &obj.id) {
        return fail_later(emu, id, Kind::Action, Value::Null);
    }
    let request = ActionRequest { name: action.to_string(), params };
    let (emu2, sim_id) = (emu.clone(), obj.id.clone());
    run(emu, &obj.id, Kind::Action, async move {
        emu2.sim.invoke(schema, &sim_id, &request).await?;
        Ok(emu2.sim.get(&sim_id).ok().flatten().map(|o| present(&emu2, &o)))
    })
    .await
}

/// `…/servers/{s}/failoverGroups/{g}`: the server part.
fn server_of(fg_id: &str) -> String {
    arm_parent(fg_id).unwrap_or_default()
}

/// A failover group is visible under both its servers; it is stored under the
/// one it was created on. Finds it from the partner's side.
fn failover_group_alias(emu: &Emulator, id: &str) -> Option<(SimObject, Value)> {
    let (server, name) = id.rsplit_once("/failoverGroups/").or_else(|| id.rsplit_once("/failovergroups/"))?;
    let obj = emu.sim.list().ok()?.into_iter().find(|o| {
        o.rtype == "azure_sql_failover_group"
            && o.id.rsplit('/').next().is_some_and(|n| n.eq_ignore_ascii_case(name))
            && o.attributes.get("partner_server_id").and_then(Value::as_str).is_some_and(|p| p.eq_ignore_ascii_case(server))
    })?;
    Some((obj, json!({"primary_server_id": server})))
}

/// hadr's action parameters recovered from the ARM request, for the simulated action.
fn arm_params(params: &mut Value, body: &Value, req: &Req) {
    if let Value::Object(b) = body {
        for (k, v) in b {
            params[k] = v.clone();
        }
    }
    if let Some(d) = path::get(body, "properties.failoverDirection") {
        // Site Recovery: the direction says where the VM runs afterwards.
        let to = if d.as_str() == Some("RecoveryToPrimary") { "Primary" } else { "Recovery" };
        params["active_location"] = json!(to);
        params["failover_direction"] = d;
    }
    if let Some(t) = path::get(body, "restoreTargetInfo.datasourceInfo.resourceID") {
        params["target_cluster_id"] = t;
    }
    if let Some(t) = req.query("failoverType") {
        params["failover_type"] = json!(t);
    }
}

/// Runs an operation; answers synchronously when it is over at once, else as
/// ARM's long-running operation (201/200 with the body, or 202) with
/// `Azure-AsyncOperation`, `Location` and `Retry-After`.
async fn run(
    emu: &Arc<Emulator>,
    id: &str,
    kind: Kind,
    work: impl Future<Output = Result<Option<Value>, ProviderError>> + Send + 'static,
) -> Resp {
    let Some(op) = emu.ops.start(id, kind.clone()) else {
        return Resp::error(
            "AnotherOperationInProgress",
            format!("Another operation on '{id}' is in progress. Retry once it has finished."),
        );
    };
    let (emu2, op2) = (emu.clone(), op.clone());
    tokio::spawn(async move {
        let out = work.await;
        emu2.ops.finish(&op2, out);
    });
    // The simulator accepts an operation (writes the object) at once, then takes its time.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        if let Some(out) = emu.ops.get(&op).and_then(|o| o.outcome) {
            return match (out, &kind) {
                (Err(e), _) => Resp::provider_error(&e),
                (Ok(body), Kind::Put { created }) => body_etag(Resp::json(if *created { 201 } else { 200 }, body.unwrap_or(Value::Null))),
                (Ok(Some(body)), Kind::Action) => Resp::json(200, body),
                (Ok(_), _) => Resp::empty(200),
            };
        }
        if accepted(emu, id, &kind) || tokio::time::Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    let current = emu.sim.get(id).ok().flatten();
    let resp = match (&kind, &current) {
        (Kind::Put { created }, Some(obj)) => body_etag(Resp::json(if *created { 201 } else { 200 }, present(emu, obj))),
        _ => Resp::empty(202),
    };
    lro_headers(emu, resp, &op)
}

/// The `ETag` header of a body that carries an `etag`.
fn body_etag(resp: Resp) -> Resp {
    match resp.body.as_ref().and_then(|b| b.get("etag")).and_then(Value::as_str).map(str::to_string) {
        Some(e) => resp.header("etag", e),
        None => resp,
    }
}

fn lro_headers(emu: &Emulator, resp: Resp, op: &str) -> Resp {
    // Tests run the simulator with short fixed operations: poll again at once.
    let retry = if matches!(emu.sim.timing(), Timing::Fixed(d) if d < Duration::from_secs(1)) { "0" } else { "1" };
    resp.header("azure-asyncoperation", emu.op_url("operations", op))
        .header("location", emu.op_url("operationResults", op))
        .header("retry-after", retry)
}

/// Whether the simulator shows the operation as running.
fn accepted(emu: &Emulator, id: &str, kind: &Kind) -> bool {
    let obj = emu.sim.get(id).ok().flatten();
    match kind {
        Kind::Put { created: true } => obj.is_some(),
        Kind::Put { created: false } | Kind::Action => obj.is_some_and(|o| o.provisioning_state == "Updating"),
        Kind::Delete => obj.is_none_or(|o| o.provisioning_state == "Deleting"),
    }
}

/// `--fail-operation`: accepted like any operation, which then ends Failed.
fn fail_later(emu: &Arc<Emulator>, id: &str, kind: Kind, shown: Value) -> Resp {
    let Some(op) = emu.ops.start(id, kind.clone()) else {
        return Resp::error("AnotherOperationInProgress", format!("Another operation on '{id}' is in progress."));
    };
    let (emu2, op2, id2) = (emu.clone(), op.clone(), id.to_string());
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let e = ProviderError::new("InternalOperationError", format!("The operation on '{id2}' failed (injected by --fail-operation)."));
        emu2.ops.finish(&op2, Err(e));
    });
    let resp = match kind {
        Kind::Put { created } => {
            let mut b = shown;
            path::set(&mut b, "properties.provisioningState", json!(if created { "Creating" } else { "Updating" }));
            Resp::json(if created { 201 } else { 200 }, b)
        }
        _ => Resp::empty(202),
    };
    lro_headers(emu, resp, &op)
}
