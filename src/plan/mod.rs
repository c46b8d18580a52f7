//! Plans: what will change, and why. A plan is data (`Plan`), produced by
//! `planner`, printed by `render` (Terraform's human format) and `json`
//! (Terraform's JSON plan format 1.2), saved to a file and applied by `apply`.

pub mod body;
pub mod conditions;
pub mod json;
pub mod modules;
pub mod planner;
pub mod render;
pub mod render_value;

use crate::addr::InstanceAddress;
use crate::lang::Value;
use crate::lang::value::tagged;
use crate::provider::ActionRequest;
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const PLAN_FORMAT: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    NoOp,
    Create,
    Read,
    Update,
    DeleteThenCreate,
    CreateThenDelete,
    Delete,
    /// A provider action (failover, restore…) instead of a PUT: see `ResourceChange::invoke`.
    Invoke,
    /// Dropped from the state, left as it is in the cloud (`removed` with `destroy = false`).
    Forget,
}

impl PlanAction {
    /// Terraform's JSON `change.actions` (an invoke is an update there; the
    /// action itself is in the `hadr_action` extension key).
    pub fn json_actions(self) -> &'static [&'static str] {
        match self {
            PlanAction::NoOp => &["no-op"],
            PlanAction::Create => &["create"],
            PlanAction::Read => &["read"],
            PlanAction::Update | PlanAction::Invoke => &["update"],
            PlanAction::DeleteThenCreate => &["delete", "create"],
            PlanAction::CreateThenDelete => &["create", "delete"],
            PlanAction::Delete => &["delete"],
            PlanAction::Forget => &["forget"],
        }
    }

    pub fn is_replace(self) -> bool {
        matches!(self, PlanAction::DeleteThenCreate | PlanAction::CreateThenDelete)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionReason {
    ReplaceBecauseCannotUpdate,
    ReplaceBecauseTainted,
    ReplaceByRequest,
    ReplaceByTriggers,
    DeleteBecauseNoResourceConfig,
    DeleteBecauseWrongRepetition,
    DeleteBecauseCountIndex,
    DeleteBecauseEachKey,
    DeleteBecauseNoModule,
    ReadBecauseConfigUnknown,
    ReadBecauseDependencyPending,
}

impl ActionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionReason::ReplaceBecauseCannotUpdate => "replace_because_cannot_update",
            ActionReason::ReplaceBecauseTainted => "replace_because_tainted",
            ActionReason::ReplaceByRequest => "replace_by_request",
            ActionReason::ReplaceByTriggers => "replace_by_triggers",
            ActionReason::DeleteBecauseNoResourceConfig => "delete_because_no_resource_config",
            ActionReason::DeleteBecauseWrongRepetition => "delete_because_wrong_repetition",
            ActionReason::DeleteBecauseCountIndex => "delete_because_count_index",
            ActionReason::DeleteBecauseEachKey => "delete_because_each_key",
            ActionReason::DeleteBecauseNoModule => "delete_because_no_module",
            ActionReason::ReadBecauseConfigUnknown => "read_because_config_unknown",
            ActionReason::ReadBecauseDependencyPending => "read_because_dependency_pending",
        }
    }
}

/// The planned change of one resource instance.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ResourceChange {
    pub address: InstanceAddress,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_address: Option<InstanceAddress>,
    #[serde(rename = "type")]
    pub rtype: String,
    pub action: PlanAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ActionReason>,
    #[serde(with = "tagged")]
    pub before: Option<Value>,
    #[serde(with = "tagged")]
    pub after: Option<Value>,
    /// Attributes whose change forces the replacement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replace_paths: Vec<String>,
    /// The object's id: the prior one, or the predicted one for a create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Resource addresses this instance depends on (recorded in state).
    #[serde(default)]
    pub dependencies: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub create_before_destroy: bool,
    /// For an `Invoke`: the provider action to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoke: Option<ActionRequest>,
    /// For the delete of a deposed object: its key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposed: Option<String>,
    /// The id of an existing object this change adopts (an `import` block).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importing: Option<String>,
}

/// An object that changed outside hadr since the last apply.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ResourceDrift {
    pub address: InstanceAddress,
    #[serde(rename = "type")]
    pub rtype: String,
    #[serde(with = "tagged")]
    pub before: Option<Value>,
    /// `None` when the object was deleted.
    #[serde(with = "tagged")]
    pub after: Option<Value>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutputChange {
    pub name: String,
    pub action: PlanAction,
    #[serde(with = "tagged")]
    pub before: Option<Value>,
    #[serde(with = "tagged")]
    pub after: Option<Value>,
    pub sensitive: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PlanOptions {
    pub targets: Vec<String>,
    pub replace: Vec<String>,
    pub refresh: bool,
    pub destroy: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    pub hadr_version: String,
    pub created: String,
    /// The state this plan was made against; applying it elsewhere is refused.
    pub prior_lineage: String,
    pub prior_serial: u64,
    /// Input variable values, so applying the plan evaluates exactly what was planned.
    pub variables: BTreeMap<String, serde_json::Value>,
    /// The configuration files, so the saved plan applies the same configuration.
    pub sources: Vec<(String, String)>,
    pub options: PlanOptions,
    pub changes: Vec<ResourceChange>,
    #[serde(default)]
    pub drift: Vec<ResourceDrift>,
    #[serde(default)]
    pub outputs: Vec<OutputChange>,
    /// The refreshed state the plan compares against (JSON `prior_state`).
    pub prior_state: State,
    /// DR information for failover plans (steps, estimates); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dr: Option<serde_json::Value>,
    /// Errors found while planning that make the plan unappliable.
    #[serde(default)]
    pub errored: bool,
    /// Every module instance path the configuration expanded to (`""` is the root).
    #[serde(default)]
    pub module_instances: Vec<String>,
}

impl Plan {
    /// True when applying would change something (resources or outputs).
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action != PlanAction::NoOp || c.previous_address.is_some() || c.importing.is_some())
            || self.outputs.iter().any(|o| o.action != PlanAction::NoOp)
            || self.dr.as_ref().is_some_and(|d| d.get("state_change").is_some())
    }

    /// (add, change, destroy) as Terraform counts them: a replacement adds and destroys.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut add, mut change, mut destroy) = (0, 0, 0);
        for c in &self.changes {
            match c.action {
                PlanAction::Create => add += 1,
                PlanAction::Update | PlanAction::Invoke => change += 1,
                PlanAction::Delete => destroy += 1,
                PlanAction::DeleteThenCreate | PlanAction::CreateThenDelete => {
                    add += 1;
                    destroy += 1
                }
                PlanAction::NoOp | PlanAction::Read | PlanAction::Forget => {}
            }
        }
        (add, change, destroy)
    }
}
