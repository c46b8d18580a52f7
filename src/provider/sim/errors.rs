//! The errors ARM answers with, worded to say what to do next.

use super::{SUBSCRIPTION_ID, ids, regions};
use crate::provider::ProviderError;

pub(super) fn conflict(id: &str) -> ProviderError {
    ProviderError::new(
        "Conflict",
        format!(
            "A resource with the ID \"{id}\" already exists - to be managed via hadr this resource needs to be imported into the State."
        ),
    )
}

pub(super) fn not_found(id: &str) -> ProviderError {
    ProviderError::new(
        "ResourceNotFound",
        format!("The Resource {} was not found. It was deleted outside hadr; plan again to create it anew.", ids::describe(id)),
    )
}

pub(super) fn resource_group_not_found(rg: &str) -> ProviderError {
    ProviderError::new(
        "ResourceGroupNotFound",
        format!(
            "Resource group '{rg}' could not be found. Create it first (an azure_resource_group named \"{rg}\"), and refer to it from this resource so hadr creates it before."
        ),
    )
}

pub(super) fn parent_not_found(parent: &str) -> ProviderError {
    ProviderError::new(
        "ParentResourceNotFound",
        format!(
            "Can not perform requested operation on nested resource. Parent resource '{parent}' not found. Create the parent first, and refer to its id from this resource so hadr creates it before."
        ),
    )
}

pub(super) fn subscription_not_found(sub: &str) -> ProviderError {
    ProviderError::new(
        "SubscriptionNotFound",
        format!("The subscription '{sub}' could not be found. The simulated Azure has one subscription, '{SUBSCRIPTION_ID}'."),
    )
}

pub(super) fn resource_group_not_empty(rg: &str, count: usize, example: &str) -> ProviderError {
    let others = match count {
        1 => String::new(),
        n => format!(" and {} other{}", n - 1, if n == 2 { "" } else { "s" }),
    };
    ProviderError::new(
        "ResourceGroupNotEmpty",
        format!(
            "Resource group '{rg}' still contains {count} resource{}: '{example}'{others}. Delete them first (remove them from the configuration too, so hadr destroys them before the group).",
            if count == 1 { "" } else { "s" }
        ),
    )
}

pub(super) fn region_unavailable(region: &str, id: &str) -> ProviderError {
    let pair = regions::paired(region).map(|p| format!(" to the paired region '{p}'")).unwrap_or_default();
    ProviderError::new(
        "RegionUnavailable",
        format!(
            "The region '{region}' is unavailable (simulated outage), so '{id}' cannot be reached. Wait for the region to recover, or fail over{pair}."
        ),
    )
}

/// A conflicting operation still running on the object (ARM's 409, retried by clients).
pub(super) fn being_deleted(id: &str) -> ProviderError {
    let mut e = ProviderError::new(
        "AnotherOperationInProgress",
        format!("Another operation on '{id}' is in progress: it is being deleted. Retry once the delete has finished."),
    );
    e.retryable = true;
    e
}

pub(super) fn action_not_supported(rtype: &str, action: &str) -> ProviderError {
    ProviderError::new("ActionNotSupported", format!("The simulated Azure cannot run the action '{action}' on {rtype} yet."))
}

/// The simulator's own storage failed (not an Azure error).
pub(super) fn store(message: String) -> ProviderError {
    ProviderError::new("SimulatorStoreError", message)
}
