//! The schema's `arm` paths (`properties.sku.name`, `zones[0]`,
//! `properties.serviceEndpoints[].service`): writing a value into an ARM body
//! and reading it back. The grammar is in `schemas/README.md` ("`arm` paths").

use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq)]
enum Index {
    None,
    At(usize),
    /// `[]`: one array element per list item, appended.
    Each,
}

#[derive(Clone, Debug, PartialEq)]
struct Seg<'a> {
    key: &'a str,
    index: Index,
}

fn parse(path: &str) -> Vec<Seg<'_>> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| match s.find('[') {
            None => Seg { key: s, index: Index::None },
            Some(i) => {
                let inner = s[i + 1..].trim_end_matches(']');
                let index = if inner.is_empty() { Index::Each } else { inner.parse().map(Index::At).unwrap_or(Index::None) };
                Seg { key: &s[..i], index }
            }
        })
        .collect()
}

fn object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut().expect("just made an object")
}

fn array(v: &mut Value) -> &mut Vec<Value> {
    if !v.is_array() {
        *v = Value::Array(vec![]);
    }
    v.as_array_mut().expect("just made an array")
}

/// Writes `value` at `path` inside `body`. Objects and array elements on the
/// way are created (or reused: several attributes share `properties.x[0]`).
/// With `[]`, `value` must be a list; each item is appended as one element.
pub fn set(body: &mut Value, path: &str, value: Value) {
    set_segs(body, &parse(path), value);
}

fn set_segs(at: &mut Value, segs: &[Seg], value: Value) {
    let Some((seg, rest)) = segs.split_first() else {
        *at = value;
        return;
    };
    let slot = object(at).entry(seg.key.to_string()).or_insert(Value::Null);
    match seg.index {
        Index::None => set_segs(slot, rest, value),
        Index::At(n) => {
            let arr = array(slot);
            while arr.len() <= n {
                arr.push(if rest.is_empty() { Value::Null } else { Value::Object(Map::new()) });
            }
            set_segs(&mut arr[n], rest, value);
        }
        Index::Each => {
            let arr = array(slot);
            let items = match value {
                Value::Array(items) => items,
                Value::Null => vec![],
                other => vec![other],
            };
            for item in items {
                let mut element = Value::Null;
                set_segs(&mut element, rest, item);
                arr.push(element);
            }
        }
    }
}

/// Reads the value at `path`; `None` when the body does not carry it. With
/// `[]`, the values found in each element, skipping elements that lack them
/// (two attributes can share one array); `None` when none has it, unless the
/// array is empty (an empty list was written).
pub fn get(body: &Value, path: &str) -> Option<Value> {
    get_segs(body, &parse(path))
}

fn get_segs(at: &Value, segs: &[Seg]) -> Option<Value> {
    let Some((seg, rest)) = segs.split_first() else {
        return Some(at.clone()).filter(|v| !v.is_null());
    };
    let slot = field(at, seg.key)?;
    match seg.index {
        Index::None => get_segs(slot, rest),
        Index::At(n) => get_segs(slot.as_array()?.get(n)?, rest),
        Index::Each => {
            let arr = slot.as_array()?;
            let found: Vec<Value> = arr.iter().filter_map(|e| get_segs(e, rest)).collect();
            if found.is_empty() && !arr.is_empty() { None } else { Some(Value::Array(found)) }
        }
    }
}

/// A property by name; ARM's casing drifts (`TTL`, `ttl`), so an exact match
/// wins, else a case-insensitive one.
fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let o = v.as_object()?;
    o.get(key).or_else(|| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

/// Removes the value at a plain path (no indexes), e.g. a read-only property.
pub fn remove(body: &mut Value, path: &str) {
    let segs = parse(path);
    let Some((last, parents)) = segs.split_last() else { return };
    let mut at = body;
    for seg in parents {
        let Some(next) = at.as_object_mut().and_then(|o| o.get_mut(seg.key)) else { return };
        at = match (seg.index.clone(), next) {
            (Index::None, v) => v,
            (Index::At(n), Value::Array(a)) => match a.get_mut(n) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    if let Some(o) = at.as_object_mut() {
        o.remove(last.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_write_and_read_back() {
        let mut b = Value::Null;
        set(&mut b, "properties.sku.name", json!("Standard_v2"));
        set(&mut b, "zones[0]", json!("1"));
        set(&mut b, "properties.pools[0].properties.addresses[].fqdn", json!(["a.example", "b.example"]));
        set(&mut b, "properties.pools[0].properties.addresses[].ipAddress", json!(["10.0.0.1"]));
        set(&mut b, "properties.pools[0].name", json!("pool"));
        assert_eq!(b["properties"]["pools"][0]["name"], "pool");
        assert_eq!(b["properties"]["pools"][0]["properties"]["addresses"].as_array().unwrap().len(), 3);
        assert_eq!(get(&b, "properties.sku.name"), Some(json!("Standard_v2")));
        assert_eq!(get(&b, "zones[0]"), Some(json!("1")));
        assert_eq!(get(&b, "properties.pools[0].properties.addresses[].fqdn"), Some(json!(["a.example", "b.example"])));
        assert_eq!(get(&b, "properties.pools[0].properties.addresses[].ipAddress"), Some(json!(["10.0.0.1"])));
        assert_eq!(get(&b, "properties.missing"), None);
        let mut e = Value::Null;
        set(&mut e, "properties.serviceEndpoints[].service", json!([]));
        assert_eq!(get(&e, "properties.serviceEndpoints[].service"), Some(json!([])));
        assert_eq!(get(&json!({"properties": {"TTL": 30}}), "properties.ttl"), Some(json!(30)));
        remove(&mut b, "properties.sku");
        assert_eq!(get(&b, "properties.sku.name"), None);
    }
}
