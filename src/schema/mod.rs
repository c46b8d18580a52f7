//! The resource catalog: one JSON file per type under `schemas/`, embedded at
//! build time. It says what a user may write (attributes, types, which force a
//! replacement, which are secret), how each maps onto the ARM body, and how
//! long operations take in Azure (the simulator's and the RTO estimate's clock).

use crate::lang::types::{Type, parse_type_str};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/schemas.rs"));

#[derive(Clone, Debug, Deserialize)]
pub struct ResourceSchema {
    #[serde(rename = "type")]
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub arm: Option<ArmInfo>,
    #[serde(default)]
    pub durations: Durations,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeSchema>,
    #[serde(default)]
    pub blocks: BTreeMap<String, BlockSchema>,
    /// The type's part in a failover (see `dr`); absent for types that play none.
    #[serde(default)]
    pub dr: Option<serde_json::Value>,
    /// Readable as a data source: which attributes identify an existing object.
    #[serde(default)]
    pub data_source: Option<DataSourceInfo>,
    /// Only a data source (no object to manage).
    #[serde(default)]
    pub data_only: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DataSourceInfo {
    pub arguments: Vec<String>,
}

impl ResourceSchema {
    /// The schema of the type read as a data source: its identifying
    /// attributes are required arguments, everything else is computed.
    pub fn as_data_source(&self) -> Option<ResourceSchema> {
        let ds = self.data_source.as_ref()?;
        let mut s = self.clone();
        for (name, a) in s.attributes.iter_mut() {
            let arg = ds.arguments.contains(name);
            a.required = arg;
            a.optional = false;
            a.computed = !arg;
            a.force_new = false;
            a.default = None;
            a.switch = None;
        }
        s.blocks.clear();
        Some(s)
    }
}

#[derive(Clone, Debug, Deserialize)]
pub struct ArmInfo {
    #[serde(rename = "type")]
    pub arm_type: String,
    #[serde(default)]
    pub api_version: String,
    /// Id template: `{attr}` placeholders plus `{subscription_id}`.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub spec: Option<String>,
    #[serde(default)]
    pub definition: Option<String>,
    #[serde(default)]
    pub location: String,
}

/// Typical real-world durations in seconds.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Durations {
    #[serde(default)]
    pub create: f64,
    #[serde(default)]
    pub update: f64,
    #[serde(default)]
    pub delete: f64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct AttributeSchema {
    #[serde(rename = "type")]
    pub type_str: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub computed: bool,
    #[serde(default)]
    pub force_new: bool,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    #[serde(default, rename = "enum")]
    pub allowed: Option<Vec<String>>,
    #[serde(default)]
    pub arm: Option<String>,
    #[serde(default)]
    pub sim_value: Option<String>,
    /// Computed attributes that become unknown when one of these changes.
    #[serde(default)]
    pub derived_from: Vec<String>,
    /// Changing this attribute is an action (a failover), not a PUT or a replacement.
    #[serde(default)]
    pub switch: Option<SwitchAction>,
    #[serde(default)]
    pub description: String,
    #[serde(skip)]
    pub ty: Option<Type>,
}

impl AttributeSchema {
    pub fn ty(&self) -> &Type {
        self.ty.as_ref().unwrap_or(&Type::Any)
    }

    /// Settable by the user (required or optional).
    pub fn is_argument(&self) -> bool {
        self.required || self.optional
    }
}

/// The ARM actions that switch an attribute, by failover mode.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct SwitchAction {
    pub planned: String,
    pub forced: String,
    /// A follow-up action once the switch is done (Site Recovery's commit).
    #[serde(default)]
    pub then: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Nesting {
    Single,
    List,
}

#[derive(Clone, Debug, Deserialize)]
pub struct BlockSchema {
    pub nesting: Nesting,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub force_new: bool,
    #[serde(default)]
    pub arm: Option<String>,
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeSchema>,
    #[serde(default)]
    pub min_items: Option<usize>,
    #[serde(default)]
    pub max_items: Option<usize>,
}

pub struct Catalog {
    types: BTreeMap<String, ResourceSchema>,
}

impl Catalog {
    pub fn get(&self, rtype: &str) -> Option<&ResourceSchema> {
        self.types.get(rtype)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.types.keys().map(String::as_str)
    }

    pub fn all(&self) -> impl Iterator<Item = &ResourceSchema> {
        self.types.values()
    }
}

/// The embedded catalog. A malformed schema file is a build defect, caught by
/// the `every_schema_loads` test; here it is skipped rather than crashing the CLI.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut types = BTreeMap::new();
        for (_, text) in SCHEMA_FILES {
            if let Ok(s) = parse_schema(text) {
                types.insert(s.name.clone(), s);
            }
        }
        Catalog { types }
    })
}

pub fn parse_schema(text: &str) -> Result<ResourceSchema, String> {
    let mut s: ResourceSchema = serde_json::from_str(text).map_err(|e| e.to_string())?;
    resolve_types(&mut s.attributes)?;
    for b in s.blocks.values_mut() {
        resolve_types(&mut b.attributes)?;
    }
    Ok(s)
}

fn resolve_types(attrs: &mut BTreeMap<String, AttributeSchema>) -> Result<(), String> {
    for (name, a) in attrs.iter_mut() {
        a.ty = Some(parse_type_str(&a.type_str).map_err(|e| format!("attribute {name}: {e}"))?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_loads() {
        assert!(!SCHEMA_FILES.is_empty(), "schemas/ is empty");
        for (name, text) in SCHEMA_FILES {
            let s = parse_schema(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(format!("{}.json", s.name), *name, "file name matches type");
            assert!(s.attributes.get("id").is_some_and(|a| a.computed), "{name}: id must be computed");
            for (an, a) in &s.attributes {
                let kinds = [a.required, a.optional && !a.computed, a.computed && !a.optional, a.optional && a.computed];
                assert_eq!(kinds.iter().filter(|k| **k).count(), 1, "{name}.{an}: exactly one of required/optional/computed");
            }
        }
    }
}
