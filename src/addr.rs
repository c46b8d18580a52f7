//! Addresses of resources and their instances: `azure_subnet.app["eastus"]`.

use crate::lang::value::quote;
use crate::util::{str_cmp, str_eq};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// A resource block: `type.name` (or `data.type.name`), with its module path.
#[derive(Clone, Debug)]
pub struct ResourceAddress {
    /// Module path steps, rendered as `module.a.module.b` (empty for the root).
    pub module: String,
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
}

// Compared field by field as a derive would, but through `util::str_cmp`:
// `module` is empty at the root (see there why that matters).
impl PartialEq for ResourceAddress {
    fn eq(&self, o: &Self) -> bool {
        self.mode == o.mode && str_eq(&self.name, &o.name) && str_eq(&self.rtype, &o.rtype) && str_eq(&self.module, &o.module)
    }
}

impl Eq for ResourceAddress {}

impl std::hash::Hash for ResourceAddress {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (&self.module, self.mode, &self.rtype, &self.name).hash(h)
    }
}

impl Ord for ResourceAddress {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        str_cmp(&self.module, &o.module)
            .then(self.mode.cmp(&o.mode))
            .then_with(|| str_cmp(&self.rtype, &o.rtype))
            .then_with(|| str_cmp(&self.name, &o.name))
    }
}

impl PartialOrd for ResourceAddress {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

/// `count.index`, `each.key`, or nothing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    None,
    Int(i64),
    Str(String),
}

impl InstanceKey {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            InstanceKey::None => serde_json::Value::Null,
            InstanceKey::Int(i) => (*i).into(),
            InstanceKey::Str(s) => s.clone().into(),
        }
    }
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceKey::None => Ok(()),
            InstanceKey::Int(i) => write!(f, "[{i}]"),
            InstanceKey::Str(s) => write!(f, "[{}]", quote(s)),
        }
    }
}

/// One object the planner manages: a resource address plus instance key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstanceAddress {
    pub resource: ResourceAddress,
    pub key: InstanceKey,
}

impl fmt::Display for ResourceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_empty() {
            write!(f, "{}.", self.module)?;
        }
        if self.mode == Mode::Data {
            f.write_str("data.")?;
        }
        write!(f, "{}.{}", self.rtype, self.name)
    }
}

impl fmt::Display for InstanceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.resource, self.key)
    }
}

impl ResourceAddress {
    /// The module path without instance keys: `module.region["eastus"]` → `module.region`.
    pub fn static_module(&self) -> String {
        strip_keys(&self.module)
    }

    /// `type.name` or `data.type.name`, as resource blocks are keyed in a module.
    pub fn local_key(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }

    /// The resource block this address belongs to, across module instances:
    /// `module.region.azure_subnet.app` (what dependencies record).
    pub fn static_key(&self) -> String {
        let m = self.static_module();
        if m.is_empty() { self.local_key() } else { format!("{m}.{}", self.local_key()) }
    }
}

/// Removes `[…]` instance keys from a module path (quotes respected).
pub fn strip_keys(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let (mut depth, mut in_str, mut esc) = (0, false, false);
    for c in path.chars() {
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '"' if depth > 0 => in_str = true,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

impl serde::Serialize for InstanceAddress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for InstanceAddress {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        InstanceAddress::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl InstanceAddress {
    /// Parses `[module.m[...].]…[data.]type.name[key]`. Used for `--target`,
    /// `--replace` and state files.
    pub fn parse(s: &str) -> Result<InstanceAddress, String> {
        let bad = || {
            format!(
                "\"{s}\" is not a resource address; expected TYPE.NAME, TYPE.NAME[INDEX] or TYPE.NAME[\"KEY\"], e.g. azure_subnet.app[\"eastus\"]"
            )
        };
        let parts = split_address(s).ok_or_else(bad)?;
        let mut i = 0;
        let mut module = String::new();
        while i + 1 < parts.len() && parts[i].0 == "module" {
            let (name, key) = (&parts[i + 1].0, &parts[i + 1].1);
            if !module.is_empty() {
                module.push('.');
            }
            module.push_str("module.");
            module.push_str(name);
            module.push_str(key.as_deref().unwrap_or(""));
            i += 2;
        }
        let mode = if parts.get(i).is_some_and(|p| p.0 == "data") {
            i += 1;
            Mode::Data
        } else {
            Mode::Managed
        };
        if parts.len() != i + 2 || parts[i].1.is_some() {
            return Err(bad());
        }
        let key = match &parts[i + 1].1 {
            None => InstanceKey::None,
            Some(k) => parse_key(k).ok_or_else(bad)?,
        };
        Ok(InstanceAddress { resource: ResourceAddress { module, mode, rtype: parts[i].0.clone(), name: parts[i + 1].0.clone() }, key })
    }

    /// True when `self` is selected by `target` (a whole resource selects all its instances).
    pub fn matches(&self, target: &InstanceAddress) -> bool {
        self.resource == target.resource && (target.key == InstanceKey::None || self.key == target.key)
    }
}

pub fn parse_key(k: &str) -> Option<InstanceKey> {
    let inner = k.strip_prefix('[')?.strip_suffix(']')?;
    if let Some(s) = inner.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        return Some(InstanceKey::Str(s.replace("\\\"", "\"").replace("\\\\", "\\")));
    }
    inner.parse().ok().map(InstanceKey::Int)
}

/// Splits `a.b["x.y"].c` into (name, optional `[key]`) steps, respecting quotes.
fn split_address(s: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut out = vec![];
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-') {
            i += 1;
        }
        if i == start {
            return None;
        }
        let name: String = chars[start..i].iter().collect();
        let mut key = None;
        if i < chars.len() && chars[i] == '[' {
            let ks = i;
            let mut in_str = false;
            while i < chars.len() {
                match chars[i] {
                    '\\' if in_str => i += 1,
                    '"' => in_str = !in_str,
                    ']' if !in_str => break,
                    _ => {}
                }
                i += 1;
            }
            if i >= chars.len() {
                return None;
            }
            i += 1;
            key = Some(chars[ks..i].iter().collect());
        }
        out.push((name, key));
        if i < chars.len() {
            if chars[i] != '.' {
                return None;
            }
            i += 1;
            if i == chars.len() {
                return None;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_keys_drop_instance_keys() {
        let a = InstanceAddress::parse("module.region[\"east.[x]\"].module.net[0].azure_subnet.app[1]").unwrap();
        assert_eq!(a.resource.static_module(), "module.region.module.net");
        assert_eq!(a.resource.static_key(), "module.region.module.net.azure_subnet.app");
    }

    #[test]
    fn parses_and_prints_addresses() {
        for s in [
            "terraform_data.a",
            "terraform_data.a[3]",
            "azure_subnet.app[\"east.us\"]",
            "data.azure_resource_group.rg",
            "module.east.azure_kubernetes_cluster.this",
            "module.region[\"eastus\"].azure_subnet.app[0]",
        ] {
            assert_eq!(InstanceAddress::parse(s).unwrap().to_string(), s);
        }
        assert!(InstanceAddress::parse("terraform_data").is_err());
        assert!(InstanceAddress::parse("a.b.c").is_err());
        assert!(InstanceAddress::parse("a.b[").is_err());
    }
}
