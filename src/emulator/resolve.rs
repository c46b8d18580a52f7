//! Which hadr resource type a URL names, and the api-versions it accepts.

use crate::provider::azure::body::{hadr_own, unfill};
use crate::provider::{Attrs, arm_resource_type};
use crate::schema::{ResourceSchema, catalog};

pub struct Resolved {
    pub schema: &'static ResourceSchema,
    /// Attributes that the id itself carries (`resource_group_name`, parent ids…).
    pub from_id: Attrs,
    /// A type the catalog does not know, kept as a generic `azure_resource`.
    pub generic: bool,
}

/// `Microsoft.Network/trafficmanagerprofiles/{endpoint_type}` matches
/// `Microsoft.Network/trafficManagerProfiles/AzureEndpoints`.
fn type_matches(pattern: &str, actual: &str) -> bool {
    let (p, a): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), actual.split('/').collect());
    p.len() == a.len() && p.iter().zip(&a).all(|(p, a)| p.starts_with('{') || p.eq_ignore_ascii_case(a))
}

/// The catalog type of a resource id, or a generic resource for any other
/// `…/providers/Namespace/type/name` id.
pub fn resolve(id: &str) -> Option<Resolved> {
    let arm_type = arm_resource_type(id);
    for schema in catalog().all() {
        let Some(arm) = schema.arm.as_ref().filter(|_| schema.name != "azure_resource") else { continue };
        let Some(from_id) = unfill(&arm.id, id) else { continue };
        let fits = match &arm_type {
            _ if hadr_own(schema) => true,
            Some(t) => type_matches(&arm.arm_type, t),
            None => arm.arm_type.eq_ignore_ascii_case("Microsoft.Resources/resourceGroups"),
        };
        if fits {
            return Some(Resolved { schema, from_id, generic: false });
        }
    }
    let generic = catalog().get("azure_resource")?;
    arm_type.map(|_| Resolved { schema: generic, from_id: Attrs::new(), generic: true })
}

/// The api-versions a type accepts: the catalog's (one spec version per type),
/// or any well-formed one for generic resources.
pub fn api_version_ok(r: &Resolved, v: &str) -> Result<(), String> {
    if r.generic {
        let date = v.split('-').take(3).collect::<Vec<_>>();
        let ok = date.len() == 3 && date.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
        return if ok { Ok(()) } else { Err(String::new()) };
    }
    let want = r.schema.arm.as_ref().map(|a| a.api_version.as_str()).unwrap_or_default();
    if v == want { Ok(()) } else { Err(want.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_resolve_to_types() {
        let rg = "/subscriptions/s/resourceGroups/rg";
        let name = |id: &str| resolve(id).map(|r| r.schema.name.clone()).unwrap_or_default();
        assert_eq!(name(rg), "azure_resource_group");
        assert_eq!(name(&format!("{rg}/providers/Microsoft.Network/virtualNetworks/v")), "azure_virtual_network");
        assert_eq!(name(&format!("{rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/s")), "azure_subnet");
        assert_eq!(
            name(&format!("{rg}/providers/Microsoft.Network/trafficManagerProfiles/p/externalEndpoints/e")),
            "azure_traffic_manager_endpoint"
        );
        assert_eq!(
            name(&format!("{rg}/providers/Microsoft.ContainerService/managedClusters/c/workloads/default/web")),
            "azure_kubernetes_workload"
        );
        let generic = resolve(&format!("{rg}/providers/Microsoft.Foo/bars/b")).unwrap();
        assert!(generic.generic);
        assert!(resolve("/subscriptions/s/whatever").is_none());
    }
}
