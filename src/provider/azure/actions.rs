//! The ARM POST behind each action the DR core issues: where it goes and what
//! it carries. hadr-side waits (`awaitPropagation`, `probe`) are handled by
//! the provider itself and never reach ARM.

use crate::provider::{ActionRequest, Attrs, ProviderError, ProviderResult};
use serde_json::{Value, json};

pub struct ArmAction {
    /// The resource id the action is POSTed under (`{target}/{action}`).
    pub target: String,
    pub body: Option<Value>,
}

fn param<'a>(a: &'a ActionRequest, k: &str) -> Option<&'a str> {
    a.params.get(k).and_then(Value::as_str)
}

fn kept<'a>(attrs: &'a Attrs, k: &str) -> Option<&'a str> {
    attrs.get(k).and_then(Value::as_str)
}

/// The POST for `action` on the object `id` (of hadr type `rtype`); `attrs` are
/// its attributes as last seen.
pub fn arm_action(rtype: &str, id: &str, attrs: &Attrs, action: &ActionRequest) -> ProviderResult<ArmAction> {
    let unsupported = || {
        ProviderError::new(
            "ActionNotSupported",
            format!("the azure provider has no action '{}' for {rtype} (known: see the DR documentation of the type)", action.name),
        )
    };
    let at = |target: &str, body: Option<Value>| Ok(ArmAction { target: target.to_string(), body });
    match (rtype, action.name.as_str()) {
        // Sent to the server that becomes primary (ARM refuses it on the current primary).
        ("azure_sql_failover_group", "failover" | "forceFailoverAllowDataLoss") => {
            let name = id.rsplit('/').next().unwrap_or_default();
            let primary = param(action, "primary_server_id")
                .or_else(|| {
                    kept(attrs, "partner_server_id").filter(|p| kept(attrs, "primary_server_id").is_none_or(|c| !c.eq_ignore_ascii_case(p)))
                })
                .or_else(|| kept(attrs, "server_id"))
                .ok_or_else(|| {
                    ProviderError::new("InvalidAction", "a failover needs params.primary_server_id, the server that becomes primary")
                })?;
            at(&format!("{}/failoverGroups/{name}", primary.trim_end_matches('/')), None)
        }
        ("azure_site_recovery_replicated_vm", name) => {
            let direction = param(action, "failover_direction").map(str::to_string).unwrap_or_else(|| {
                let recovery = kept(attrs, "active_location").is_some_and(|l| l.eq_ignore_ascii_case("Recovery"));
                // After a failover the VM runs in the recovery region: reprotect and fail back go the other way.
                if recovery == (name == "reProtect") { "PrimaryToRecovery" } else { "RecoveryToPrimary" }.to_string()
            });
            let a2a = json!({"instanceType": "A2A"});
            let body = match name {
                "plannedFailover" => json!({"properties": {"failoverDirection": direction, "providerSpecificDetails": a2a}}),
                "unplannedFailover" => {
                    json!({"properties": {"failoverDirection": direction, "sourceSiteOperations": "NotRequired", "providerSpecificDetails": a2a}})
                }
                "failoverCommit" => return at(id, None),
                "reProtect" => json!({"properties": {"failoverDirection": direction, "providerSpecificDetails": a2a}}),
                "testFailover" => {
                    let mut p = json!({"failoverDirection": direction, "networkType": "VmNetworkAsInput", "providerSpecificDetails": a2a});
                    if let Some(n) = param(action, "network_id").or_else(|| kept(attrs, "target_network_id")) {
                        p["networkId"] = json!(n);
                    }
                    json!({"properties": p})
                }
                "testFailoverCleanup" => json!({"properties": {"comments": "hadr test failover cleanup"}}),
                _ => return Err(unsupported()),
            };
            at(id, Some(body))
        }
        // Restores the latest recovery point of the cluster's backup into the target cluster.
        ("azure_backup_instance_kubernetes", "restore") => {
            let target = param(action, "target_cluster_id").or_else(|| kept(attrs, "restore_target_cluster_id")).ok_or_else(|| {
                ProviderError::new("InvalidAction", "a restore needs params.target_cluster_id, the cluster to restore into")
            })?;
            let location = param(action, "location").or_else(|| kept(attrs, "location"));
            let mut datasource = json!({"objectType": "Datasource", "resourceID": target, "resourceUri": target,
                "datasourceType": "Microsoft.ContainerService/managedClusters", "resourceType": "Microsoft.ContainerService/managedClusters",
                "resourceName": target.rsplit('/').next().unwrap_or_default()});
            if let Some(l) = location {
                datasource["resourceLocation"] = json!(l);
            }
            let body = json!({
                "objectType": "AzureBackupRecoveryPointBasedRestoreRequest",
                "recoveryPointId": param(action, "recovery_point_id").unwrap_or("latest"),
                "sourceDataStoreType": "OperationalStore",
                "sourceResourceId": kept(attrs, "kubernetes_cluster_id").unwrap_or_default(),
                "restoreTargetInfo": {"objectType": "ItemLevelRestoreTargetInfo", "recoveryOption": "FailIfExists",
                    "restoreLocation": location.unwrap_or_default(), "datasourceInfo": datasource,
                    "restoreCriteria": [{"objectType": "KubernetesClusterRestoreCriteria", "includeClusterScopeResources": true,
                        "persistentVolumeRestoreMode": "RestoreWithVolumeData", "conflictPolicy": "Skip"}]}});
            at(id, Some(body))
        }
        ("azure_storage_account", "failover") => at(id, None),
        _ => Err(unsupported()),
    }
}

/// What an action changes in hadr-only attributes (ARM cannot tell us).
pub fn remember(rtype: &str, action: &ActionRequest, attrs: &mut Attrs) {
    if rtype == "azure_backup_instance_kubernetes"
        && action.name == "restore"
        && let Some(t) = param(action, "target_cluster_id")
    {
        attrs.insert("restore_target_cluster_id".into(), t.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failovers_go_to_the_new_primary() {
        let s1 = "/subscriptions/s/resourceGroups/a/providers/Microsoft.Sql/servers/one";
        let s2 = "/subscriptions/s/resourceGroups/b/providers/Microsoft.Sql/servers/two";
        let id = format!("{s1}/failoverGroups/fog");
        let attrs: Attrs = json!({"server_id": s1, "partner_server_id": s2, "primary_server_id": s1}).as_object().cloned().unwrap();
        let a = ActionRequest { name: "failover".into(), params: json!({"primary_server_id": s2}) };
        assert_eq!(arm_action("azure_sql_failover_group", &id, &attrs, &a).unwrap().target, format!("{s2}/failoverGroups/fog"));
        let implicit = ActionRequest { name: "forceFailoverAllowDataLoss".into(), params: Value::Null };
        assert_eq!(arm_action("azure_sql_failover_group", &id, &attrs, &implicit).unwrap().target, format!("{s2}/failoverGroups/fog"));
        let bad = ActionRequest { name: "explode".into(), params: Value::Null };
        assert_eq!(arm_action("azure_storage_account", "/x", &attrs, &bad).err().unwrap().code, "ActionNotSupported");
    }
}
