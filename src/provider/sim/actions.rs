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

/// Applies `action` to the object's `attrs`. Unknown actions: `ActionNotSupported`.
pub(super) fn apply_action(
    schema: &ResourceSchema,
    ctx: &ActionCtx,
    attrs: &mut Attrs,
    action: &ActionRequest,
) -> ProviderResult<ActionEffect> {
    // Add actions here, e.g.:
    // if schema.name == "azure_sql_failover_group" && action.name == "failover" {
    //     attrs.insert("role".into(), "Primary".into());
    //     return Ok(ActionEffect { seconds: 30.0 });
    // }
    let _ = (ctx, attrs);
    Err(errors::action_not_supported(&schema.name, &action.name))
}
