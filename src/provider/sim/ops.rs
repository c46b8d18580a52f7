//! `Provider` for the simulated Azure: each operation is accepted in one
//! write transaction (checks, then the object written with the time it
//! completes), then waits its duration outside the lock.

use super::ids::{self, Scope};
use super::store::{self, CREATING, DELETING, Row, SUCCEEDED, UPDATING};
use super::timing::pause_until;
use super::{SUBSCRIPTION_ID, SimCloud, actions, compute, errors, regions};
use crate::provider::{ActionRequest, Attrs, Provider, ProviderResult};
use crate::schema::ResourceSchema;
use async_trait::async_trait;
use rusqlite::Connection;
use std::time::Duration;
use tokio::time::Instant;

/// Inside a step that returns `rusqlite::Result<ProviderResult<T>>`: the value, or return the ARM error.
macro_rules! arm {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        }
    };
}

type Step<T> = rusqlite::Result<ProviderResult<T>>;

#[async_trait]
impl Provider for SimCloud {
    fn name(&self) -> &str {
        "simulated Azure"
    }

    fn predict_id(&self, schema: &ResourceSchema, config: &Attrs) -> Option<String> {
        ids::predict(schema, config)
    }

    fn client_config(&self) -> Attrs {
        let mut a = Attrs::new();
        a.insert("subscription_id".into(), super::SUBSCRIPTION_ID.into());
        a.insert("tenant_id".into(), super::TENANT_ID.into());
        a.insert("client_id".into(), "hadr-simulated-client".into());
        a.insert("object_id".into(), "22222222-2222-2222-2222-222222222222".into());
        a
    }

    fn unreachable_regions(&self) -> Vec<String> {
        self.outages().unwrap_or_default()
    }

    async fn read(&self, schema: &ResourceSchema, id: &str) -> ProviderResult<Option<Attrs>> {
        let found = self.query(|c, now| {
            let Some(row) = store::get(c, id)?.filter(|r| !r.gone(now)) else { return Ok(None) };
            let down = store::region_down(c, row.location.as_deref())?;
            Ok(Some((row, down, now)))
        });
        let Some((row, down, now)) = found.map_err(errors::store)? else { return Ok(None) };
        if down {
            return Err(errors::region_unavailable(row.location.as_deref().unwrap_or_default(), &row.id));
        }
        let mut attrs = present(schema, &row, now);
        // Traffic Manager probes its endpoints: one whose target's region is down is Degraded.
        if schema.name == "azure_traffic_manager_endpoint"
            && let Some(target) = attrs.get("target_resource_id").and_then(|v| v.as_str()).map(str::to_string)
        {
            let target_down = self
                .query(|c, _| {
                    let loc = store::get(c, &target)?.and_then(|r| r.location);
                    store::region_down(c, loc.as_deref())
                })
                .unwrap_or(false);
            if target_down {
                attrs.insert("endpoint_monitor_status".into(), "Degraded".into());
            }
        }
        Ok(Some(attrs))
    }

    async fn create(&self, schema: &ResourceSchema, id: Option<&str>, config: &Attrs) -> ProviderResult<Attrs> {
        let start = Instant::now();
        let id = id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_string);
        let wait = self.timing().op(schema.durations.create);
        let attrs = self.write(|c, now| begin_create(c, schema, &id, config, now, wait)).map_err(errors::store)??;
        complete(start, wait).await;
        Ok(attrs)
    }

    async fn update(&self, schema: &ResourceSchema, id: &str, config: &Attrs) -> ProviderResult<Attrs> {
        let start = Instant::now();
        let wait = self.timing().op(schema.durations.update);
        let attrs = self.write(|c, now| begin_update(c, schema, id, config, now, wait)).map_err(errors::store)??;
        complete(start, wait).await;
        Ok(attrs)
    }

    async fn delete(&self, schema: &ResourceSchema, id: &str) -> ProviderResult<()> {
        let start = Instant::now();
        let wait = self.timing().op(schema.durations.delete);
        let running = self.write(|c, now| begin_delete(c, id, now, wait)).map_err(errors::store)??;
        if let Some(left) = running {
            pause_until(start + left).await;
            self.write(|c, _| store::remove_tree(c, id, true)).map_err(errors::store)?;
        }
        Ok(())
    }

    async fn invoke(&self, schema: &ResourceSchema, id: &str, action: &ActionRequest) -> ProviderResult<Attrs> {
        let start = Instant::now();
        let timing = self.timing();
        let (attrs, wait) = self.write(|c, now| begin_action(c, schema, id, action, now, |s| timing.op(s))).map_err(errors::store)??;
        complete(start, wait).await;
        Ok(attrs)
    }
}

/// Waits for an accepted operation to finish. Nothing is written then: a
/// GET derives the provisioning state from the completion time stored when
/// the operation was accepted (`Row::provisioning_state`).
async fn complete(start: Instant, wait: Duration) {
    if !wait.is_zero() {
        pause_until(start + wait).await;
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The state an operation leaves the object in until `wait` has passed.
fn running(state: &'static str, wait: Duration) -> &'static str {
    if wait.is_zero() { SUCCEEDED } else { state }
}

/// The attributes a GET shows: `provisioning_state` follows a running operation.
fn present(schema: &ResourceSchema, row: &Row, now: i64) -> Attrs {
    let mut attrs = row.attributes.clone();
    if schema.attributes.contains_key("provisioning_state") {
        attrs.insert("provisioning_state".into(), row.provisioning_state(now).into());
    }
    attrs
}

fn begin_create(c: &Connection, schema: &ResourceSchema, id: &str, config: &Attrs, now: i64, wait: Duration) -> Step<Attrs> {
    if let Some(existing) = store::get(c, id)? {
        return Ok(Err(if existing.state == DELETING { errors::being_deleted(&existing.id) } else { errors::conflict(id) }));
    }
    let parent = ids::parent_of(schema, config, id);
    let parent_location = match &parent {
        Some(p) => arm!(check_parent(c, p)?),
        None => None,
    };
    let env = compute::Env { id, parent_location: parent_location.as_deref() };
    let attrs = compute::create_attrs(schema, config, &env);
    let location = compute::location_of(&attrs, parent_location.as_deref()).map(regions::normalize);
    if store::region_down(c, location.as_deref())? {
        return Ok(Err(errors::region_unavailable(location.as_deref().unwrap_or_default(), id)));
    }
    store::insert(
        c,
        &Row {
            id: id.to_string(),
            rtype: schema.name.clone(),
            parent_id: parent,
            location,
            attributes: attrs.clone(),
            ready_at_ms: now.saturating_add(ms(wait)),
            state: running(CREATING, wait).to_string(),
        },
    )?;
    Ok(Ok(attrs))
}

/// Checks that `parent` can take a new child; gives its region, which children
/// without a location of their own inherit (not from resource groups).
fn check_parent(c: &Connection, parent: &str) -> Step<Option<String>> {
    let scope = ids::scope(parent);
    let row = match scope {
        Scope::Root => return Ok(Ok(None)),
        Scope::Subscription(s) if s.eq_ignore_ascii_case(SUBSCRIPTION_ID) => return Ok(Ok(None)),
        Scope::Subscription(s) => return Ok(Err(errors::subscription_not_found(s))),
        Scope::ResourceGroup(_) | Scope::Resource => store::get(c, parent)?,
    };
    Ok(match (row, scope) {
        (None, Scope::ResourceGroup(rg)) => Err(errors::resource_group_not_found(rg)),
        (None, _) => Err(errors::parent_not_found(parent)),
        (Some(r), _) if r.state == DELETING => Err(errors::being_deleted(&r.id)),
        (Some(_), Scope::ResourceGroup(_)) => Ok(None),
        (Some(r), _) => Ok(r.location),
    })
}

/// The object `id`, if an update may touch it.
fn existing(c: &Connection, id: &str) -> Step<Row> {
    let Some(row) = store::get(c, id)? else { return Ok(Err(errors::not_found(id))) };
    if row.state == DELETING {
        return Ok(Err(errors::being_deleted(&row.id)));
    }
    if store::region_down(c, row.location.as_deref())? {
        return Ok(Err(errors::region_unavailable(row.location.as_deref().unwrap_or_default(), &row.id)));
    }
    Ok(Ok(row))
}

fn begin_update(c: &Connection, schema: &ResourceSchema, id: &str, config: &Attrs, now: i64, wait: Duration) -> Step<Attrs> {
    let row = arm!(existing(c, id)?);
    let env = compute::Env { id: &row.id, parent_location: row.location.as_deref() };
    let attrs = compute::update_attrs(schema, &row.attributes, config, &env);
    let location = compute::location_of(&attrs, row.location.as_deref()).map(regions::normalize);
    store::put(c, &row.id, &attrs, location.as_deref(), running(UPDATING, wait), now.saturating_add(ms(wait)))?;
    Ok(Ok(attrs))
}

/// Accepts a delete; gives how long it still runs, `None` when already done.
fn begin_delete(c: &Connection, id: &str, now: i64, wait: Duration) -> Step<Option<Duration>> {
    let Some(row) = store::get(c, id)? else { return Ok(Ok(None)) };
    if row.state == DELETING {
        let left = u64::try_from(row.ready_at_ms.saturating_sub(now)).unwrap_or(0);
        return Ok(Ok(Some(Duration::from_millis(left))));
    }
    if store::region_down(c, row.location.as_deref())? {
        return Ok(Err(errors::region_unavailable(row.location.as_deref().unwrap_or_default(), &row.id)));
    }
    if let Scope::ResourceGroup(rg) = ids::scope(&row.id) {
        let children = store::children(c, &row.id)?;
        if let Some(first) = children.first() {
            return Ok(Err(errors::resource_group_not_empty(rg, children.len(), first)));
        }
    }
    if wait.is_zero() {
        store::remove_tree(c, &row.id, false)?;
        return Ok(Ok(None));
    }
    store::mark_tree_deleting(c, &row.id, now.saturating_add(ms(wait)))?;
    Ok(Ok(Some(wait)))
}

fn begin_action(
    c: &Connection,
    schema: &ResourceSchema,
    id: &str,
    action: &ActionRequest,
    now: i64,
    scale: impl Fn(f64) -> Duration,
) -> Step<(Attrs, Duration)> {
    let Some(row) = store::get(c, id)? else { return Ok(Err(errors::not_found(id))) };
    if row.state == DELETING {
        return Ok(Err(errors::being_deleted(&row.id)));
    }
    let outages = store::outages(c)?;
    let ctx = actions::ActionCtx { id: &row.id, location: row.location.as_deref(), outages: &outages };
    let mut attrs = row.attributes.clone();
    let effect = arm!(actions::apply_action(schema, &ctx, &mut attrs, action));
    let wait = scale(effect.seconds);
    let location = compute::location_of(&attrs, row.location.as_deref()).map(regions::normalize);
    store::put(c, &row.id, &attrs, location.as_deref(), running(UPDATING, wait), now.saturating_add(ms(wait)))?;
    Ok(Ok((attrs, wait)))
}
