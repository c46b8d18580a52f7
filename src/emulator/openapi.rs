//! Validation of ARM request bodies against the official OpenAPI (swagger 2.0)
//! files in `azure-rest-api-specs`: required properties, JSON types, enums,
//! read-only properties, `$ref`s across files, `allOf` and discriminated
//! subtypes (`objectType`, `instanceType`). Unknown properties are accepted,
//! as ARM mostly ignores them; `null` counts as absent.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where an invalid body goes wrong, as ARM reports it (`target` + message).
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

pub struct Specs {
    root: PathBuf,
    files: Mutex<HashMap<PathBuf, Arc<Value>>>,
}

impl Specs {
    pub fn new(root: PathBuf) -> Specs {
        Specs { root, files: Mutex::new(HashMap::new()) }
    }

    /// The specs directory: `HADR_AZURE_SPECS`, else `shared/azure-rest-api-specs`
    /// beside the working directory or one of its parents, else beside the
    /// source tree hadr was built from.
    pub fn locate() -> Option<PathBuf> {
        if let Ok(p) = std::env::var("HADR_AZURE_SPECS") {
            return Some(PathBuf::from(p)).filter(|p| p.is_dir());
        }
        let beside = |d: &Path| d.ancestors().map(|a| a.join("shared/azure-rest-api-specs")).find(|p| p.is_dir());
        std::env::current_dir().ok().and_then(|d| beside(&d)).or_else(|| beside(Path::new(env!("CARGO_MANIFEST_DIR"))))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn load(&self, path: &Path) -> Result<Arc<Value>, String> {
        let path = normalize(path);
        if let Some(v) = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&path) {
            return Ok(v.clone());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read the spec {}: {e}", path.display()))?;
        let v: Arc<Value> = Arc::new(serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?);
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path, v.clone());
        Ok(v)
    }

    /// Validates `body` against `#/definitions/{definition}` of `spec` (a path
    /// relative to the specs root).
    pub fn validate(&self, spec: &str, definition: &str, body: &Value) -> Result<(), Violation> {
        let file = self.root.join(spec);
        let schema = serde_json::json!({"$ref": format!("#/definitions/{definition}")});
        Walker { specs: self, dispatched: vec![] }.check(&file, &schema, body, "")
    }
}

/// `a/b/../c` → `a/c`, so each file is loaded once whatever `$ref` led to it.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

struct Walker<'a> {
    specs: &'a Specs,
    /// Body paths whose discriminator already chose a subtype (the subtype's
    /// `allOf` leads back to the base, which must not dispatch again).
    dispatched: Vec<String>,
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() { key.to_string() } else { format!("{at}.{key}") }
}

fn fail(at: &str, message: String) -> Result<(), Violation> {
    Err(Violation { path: if at.is_empty() { "(body)".into() } else { at.to_string() }, message })
}

impl Walker<'_> {
    /// Follows a `$ref`: the schema it names and the file it lives in.
    fn resolve(&self, file: &Path, r: &str) -> Result<(PathBuf, Value, String), Violation> {
        let (doc, pointer) = r.split_once('#').unwrap_or((r, ""));
        let target = if doc.is_empty() { file.to_path_buf() } else { normalize(&file.parent().unwrap_or(Path::new("")).join(doc)) };
        let spec = self.specs.load(&target).map_err(|e| Violation { path: String::new(), message: e })?;
        let schema =
            spec.pointer(pointer).cloned().ok_or_else(|| Violation { path: String::new(), message: format!("unresolved $ref {r}") })?;
        let name = pointer.rsplit('/').next().unwrap_or_default().to_string();
        Ok((target, schema, name))
    }

    fn check(&mut self, file: &Path, schema: &Value, value: &Value, at: &str) -> Result<(), Violation> {
        if value.is_null() {
            return Ok(());
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let (target, resolved, name) = self.resolve(file, r)?;
            return self.check_named(&target, &resolved, &name, value, at);
        }
        self.check_named(file, schema, "", value, at)
    }

    fn check_named(&mut self, file: &Path, schema: &Value, name: &str, value: &Value, at: &str) -> Result<(), Violation> {
        if let Some(prop) = schema.get("discriminator").and_then(Value::as_str)
            && !self.dispatched.iter().any(|d| d == at)
            && let Some(kind) = value.get(prop).and_then(Value::as_str)
            && let Some(sub) = self.subtype(file, name, kind)
        {
            self.dispatched.push(at.to_string());
            let r = self.check(file, &serde_json::json!({"$ref": format!("#/definitions/{sub}")}), value, at);
            self.dispatched.pop();
            return r;
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for p in parts {
                self.check(file, p, value, at)?;
            }
        }
        self.check_type(schema, value, at)?;
        // Extensible enums (`modelAsString`) accept other values, as the service does.
        let extensible = schema.pointer("/x-ms-enum/modelAsString").and_then(Value::as_bool) == Some(true);
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array).filter(|_| !extensible)
            && let Some(s) = value.as_str()
            && !allowed.iter().any(|a| a.as_str().is_some_and(|a| a.eq_ignore_ascii_case(s)))
        {
            let list: Vec<String> = allowed.iter().filter_map(Value::as_str).map(|a| format!("'{a}'")).collect();
            return fail(at, format!("the value '{s}' is not valid; allowed values are {}", list.join(", ")));
        }
        match value {
            Value::Object(o) => self.check_object(file, schema, o, at),
            Value::Array(items) => match schema.get("items") {
                Some(item) => items.iter().enumerate().try_for_each(|(i, v)| self.check(file, item, v, &format!("{at}[{i}]"))),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn check_type(&self, schema: &Value, value: &Value, at: &str) -> Result<(), Violation> {
        let Some(t) = schema.get("type").and_then(Value::as_str) else { return Ok(()) };
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "integer" => value.as_f64().is_some_and(|f| f.fract() == 0.0),
            "number" => value.is_number(),
            _ => true,
        };
        if ok { Ok(()) } else { fail(at, format!("expected {t}, got {}", kind(value))) }
    }

    fn check_object(&mut self, file: &Path, schema: &Value, o: &serde_json::Map<String, Value>, at: &str) -> Result<(), Violation> {
        let props = schema.get("properties").and_then(Value::as_object);
        let field = |k: &str| o.get(k).or_else(|| o.iter().find(|(x, _)| x.eq_ignore_ascii_case(k)).map(|(_, v)| v));
        for req in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if field(req).is_none_or(Value::is_null) {
                return fail(&join(at, req), format!("the required property '{req}' is missing"));
            }
        }
        if let Some(props) = props {
            for (k, sub) in props {
                let Some(v) = field(k).filter(|v| !v.is_null()) else { continue };
                let here = join(at, k);
                if self.read_only(file, sub)? {
                    return fail(&here, format!("the property '{k}' is read-only and cannot be set"));
                }
                self.check(file, sub, v, &here)?;
            }
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            for (k, v) in o {
                if !props.is_some_and(|p| p.keys().any(|x| x.eq_ignore_ascii_case(k))) {
                    self.check(file, extra, v, &join(at, k))?;
                }
            }
        }
        Ok(())
    }

    fn read_only(&self, file: &Path, schema: &Value) -> Result<bool, Violation> {
        if schema.get("readOnly").and_then(Value::as_bool) == Some(true) {
            return Ok(true);
        }
        // A `$ref` sibling-less property inherits the target's readOnly.
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) if schema.as_object().is_some_and(|o| o.len() == 1) => {
                Ok(self.resolve(file, r)?.1.get("readOnly").and_then(Value::as_bool) == Some(true))
            }
            _ => Ok(false),
        }
    }

    /// The definition in `file` that a discriminator value selects: the one
    /// declaring it as `x-ms-discriminator-value` (or named after it) whose
    /// `allOf` refers to `base`.
    fn subtype(&self, file: &Path, base: &str, kind: &str) -> Option<String> {
        let spec = self.specs.load(file).ok()?;
        let defs = spec.get("definitions")?.as_object()?;
        let extends = |d: &Value| {
            d.get("allOf").and_then(Value::as_array).is_some_and(|a| {
                a.iter().any(|p| p.get("$ref").and_then(Value::as_str).is_some_and(|r| base.is_empty() || r.ends_with(&format!("/{base}"))))
            })
        };
        let found = defs.iter().find(|(n, d)| {
            let value = d.get("x-ms-discriminator-value").and_then(Value::as_str).unwrap_or(n);
            value.eq_ignore_ascii_case(kind) && extends(d)
        });
        found.map(|(n, _)| n.clone()).filter(|n| n != base)
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn specs() -> Option<Specs> {
        Specs::locate().map(Specs::new)
    }

    const VNET: &str = "specification/network/resource-manager/Microsoft.Network/stable/2024-07-01/virtualNetwork.json";

    #[test]
    fn vnet_bodies_are_checked_across_files() {
        let Some(s) = specs() else { return };
        let ok = json!({"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}});
        assert_eq!(s.validate(VNET, "VirtualNetwork", &ok), Ok(()));
        let wrong_type = json!({"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": "10.0.0.0/16"}}});
        assert_eq!(s.validate(VNET, "VirtualNetwork", &wrong_type).unwrap_err().path, "properties.addressSpace.addressPrefixes");
        let read_only = json!({"location": "eastus", "properties": {"provisioningState": "Succeeded"}});
        assert!(s.validate(VNET, "VirtualNetwork", &read_only).unwrap_err().message.contains("read-only"));
        let nested =
            json!({"location": "eastus", "properties": {"subnets": [{"name": "a", "properties": {"addressPrefixes": "10.0.0.0/24"}}]}});
        let e = s.validate(VNET, "VirtualNetwork", &nested).unwrap_err();
        assert_eq!(e.path, "properties.subnets[0].properties.addressPrefixes", "{e:?}");
        // Extensible enums (modelAsString) take other values, as the service does.
        let extensible = json!({"location": "eastus", "properties": {"subnets": [{"name": "a", "properties": {"privateEndpointNetworkPolicies": "Maybe"}}]}});
        assert_eq!(s.validate(VNET, "VirtualNetwork", &extensible), Ok(()));
    }

    #[test]
    fn discriminated_subtypes_are_followed() {
        let Some(s) = specs() else { return };
        let dp = "specification/dataprotection/resource-manager/Microsoft.DataProtection/stable/2025-07-01/dataprotection.json";
        let bi = |params: Value| {
            json!({"properties": {"objectType": "BackupInstance", "dataSourceInfo": {"resourceID": "/x"},
                "policyInfo": {"policyId": "/p", "policyParameters": {"backupDatasourceParametersList": [params]}}}})
        };
        let ok = bi(
            json!({"objectType": "KubernetesClusterBackupDatasourceParameters", "snapshotVolumes": true, "includeClusterScopeResources": true}),
        );
        assert_eq!(s.validate(dp, "BackupInstanceResource", &ok), Ok(()));
        let missing = bi(json!({"objectType": "KubernetesClusterBackupDatasourceParameters", "snapshotVolumes": true}));
        let e = s.validate(dp, "BackupInstanceResource", &missing).unwrap_err();
        assert!(e.path.ends_with("backupDatasourceParametersList[0].includeClusterScopeResources"), "{e:?}");
    }
}
