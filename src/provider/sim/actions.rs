//! Actions (ARM POSTs: failover, restore, re-protect…) on simulated objects.
//!
//! Extension point: to simulate an action, add a branch to `apply_action` for
//! its (resource type, action name). It changes the object's attributes in place
//! and says how long Azure takes; `SimCloud::invoke` then stores the attributes,
//! shows the object `Updating` for that long (scaled like every operation),
//! waits, and returns them. Outages are not checked for you: a failover is
//! typically issued exactly when a region is down, so each action decides from
//! `ActionCtx::outages` what it allows.

use super::errors;
use crate::provider::{ActionRequest, Attrs, ProviderResult};
use crate::schema::ResourceSchema;

/// What an action may look at besides the object's attributes.
pub struct ActionCtx<'a> {
    pub id: &'a str,
    /// The object's normalised region (its own, or its parent resource's).
    pub location: Option<&'a str>,
    /// Regions currently down, normalised.
    pub outages: &'a [String],
}

pub struct ActionEffect {
    /// How long the action takes in Azure, in real seconds.
    pub seconds: f64,
}

/// How long `action` takes in Azure: the schema's DR estimate, else the update time.
fn estimate(schema: &ResourceSchema, action: &str) -> f64 {
    schema
        .dr
        .as_ref()
        .and_then(|d| d.get("estimates"))
        .and_then(|e| e.get(action))
        .and_then(|v| v.as_f64())
        .unwrap_or(schema.durations.update)
}

fn param<'a>(action: &'a ActionRequest, k: &str) -> Option<&'a serde_json::Value> {
    action.params.get(k).filter(|v| !v.is_null())
}

fn missing(action: &ActionRequest, k: &str) -> crate::provider::ProviderError {
    crate::provider::ProviderError::new("InvalidRequestContent", format!("{} needs the parameter {k}", action.name))
}

/// Applies `action` to the object's `attrs`. Unknown actions: `ActionNotSupported`.
pub(super) fn apply_action(
    schema: &ResourceSchema,
    ctx: &ActionCtx,
    attrs: &mut Attrs,
    action: &ActionRequest,
) -> ProviderResult<ActionEffect> {
    let down = ctx.location.is_some_and(|l| ctx.outages.iter().any(|o| o == l));
    let secs = |k: &str| param(action, k).and_then(|v| v.as_f64()).unwrap_or(0.0);
    match (schema.name.as_str(), action.name.as_str()) {
        // hadr's own waits, on any object: DNS propagation, and a health probe
        // that fails when the object's region does not answer.
        (_, "awaitPropagation") => Ok(ActionEffect { seconds: secs("seconds") }),
        (_, "probe") => {
            if down {
                return Err(errors::region_unavailable(ctx.location.unwrap_or_default(), ctx.id));
            }
            Ok(ActionEffect { seconds: secs("seconds") })
        }
        ("azure_sql_failover_group", "failover" | "forceFailoverAllowDataLoss") => {
            if action.name == "failover" && down {
                return Err(crate::provider::ProviderError::new(
                    "FailoverGroupPartnerUnavailable",
                    "A planned failover needs both servers; use forceFailoverAllowDataLoss while the partner region is down.",
                ));
            }
            let new = param(action, "primary_server_id").cloned().ok_or_else(|| missing(action, "primary_server_id"))?;
            let creator = attrs.get("server_id").cloned().unwrap_or_default();
            let is_creator = new.as_str().map(str::to_lowercase) == creator.as_str().map(str::to_lowercase);
            attrs.insert("primary_server_id".into(), new);
            attrs.insert("role".into(), if is_creator { "Primary" } else { "Secondary" }.into());
            attrs.insert("partner_role".into(), if is_creator { "Secondary" } else { "Primary" }.into());
            Ok(ActionEffect { seconds: estimate(schema, &action.name) })
        }
        ("azure_storage_account", "failover") => {
            // ARM's failover POST has no body: the account fails over to its secondary.
            let new = param(action, "primary_location")
                .cloned()
                .or_else(|| attrs.get("secondary_location").filter(|v| !v.is_null()).cloned())
                .ok_or_else(|| missing(action, "primary_location"))?;
            let old = attrs.get("primary_location").cloned().unwrap_or_default();
            attrs.insert("primary_location".into(), new);
            attrs.insert("secondary_location".into(), old);
            Ok(ActionEffect { seconds: estimate(schema, "failover") })
        }
        ("azure_site_recovery_replicated_vm", "plannedFailover" | "unplannedFailover") => {
            let new = param(action, "active_location").cloned().ok_or_else(|| missing(action, "active_location"))?;
            attrs.insert("active_location".into(), new);
            attrs.insert("protection_state".into(), "FailoverCommitPending".into());
            Ok(ActionEffect { seconds: estimate(schema, &action.name) })
        }
        ("azure_site_recovery_replicated_vm", "failoverCommit") => {
            attrs.insert("protection_state".into(), "FailoverCommitted".into());
            Ok(ActionEffect { seconds: estimate(schema, "failoverCommit") })
        }
        ("azure_site_recovery_replicated_vm", "reProtect") => {
            attrs.insert("protection_state".into(), "Protected".into());
            Ok(ActionEffect { seconds: estimate(schema, "reProtect") })
        }
        ("azure_site_recovery_replicated_vm", "testFailover") => {
            attrs.insert("test_failover_state".into(), "Running".into());
            Ok(ActionEffect { seconds: estimate(schema, "testFailover") })
        }
        ("azure_site_recovery_replicated_vm", "testFailoverCleanup") => {
            attrs.remove("test_failover_state");
            Ok(ActionEffect { seconds: estimate(schema, "testFailoverCleanup") })
        }
        ("azure_backup_instance_kubernetes", "restore") => {
            let target = param(action, "target_cluster_id").cloned().ok_or_else(|| missing(action, "target_cluster_id"))?;
            if param(action, "scratch").and_then(|v| v.as_bool()) == Some(true) {
                // A drill restores into a scratch cluster and leaves the record untouched.
                attrs.insert("drill_restore_target".into(), target);
            } else {
                attrs.insert("restore_target_cluster_id".into(), target);
            }
            Ok(ActionEffect { seconds: estimate(schema, "restore") })
        }
        ("azure_backup_instance_kubernetes", "restoreCleanup") => {
            attrs.remove("drill_restore_target");
            Ok(ActionEffect { seconds: 60.0 })
        }
        _ => Err(errors::action_not_supported(&schema.name, &action.name)),
    }
}
