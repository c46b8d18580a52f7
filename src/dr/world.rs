//! A model of the deployed objects for DR reasoning: which region each
//! object is in, which regions accept writes, which get priority-1 traffic.

use crate::addr::{InstanceAddress, InstanceKey};
use crate::lang::Value;
use crate::schema::catalog;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Obj {
    pub rtype: String,
    pub attrs: BTreeMap<String, Value>,
}

#[derive(Clone, Debug)]
pub struct World {
    pub regions: [String; 2],
    pub objects: BTreeMap<InstanceAddress, Obj>,
    /// Lower-case id → address, built on first lookup (DR checks look ids up for every object).
    ids: std::cell::RefCell<Option<std::collections::HashMap<String, InstanceAddress>>>,
    /// Regions already worked out (index into `regions`); cleared whenever an object changes.
    regions_memo: std::cell::RefCell<std::collections::HashMap<InstanceAddress, Option<usize>>>,
}

/// Attributes that point at the object a child belongs to, most telling first.
const PARENT_REFS: &[&str] = &[
    "vm_id",
    "source_vm_id",
    "kubernetes_cluster_id",
    "target_resource_id",
    "server_id",
    "storage_account_id",
    "vault_id",
    "virtual_network_id",
    "profile_id",
];

impl World {
    pub fn new(regions: [String; 2]) -> World {
        World { regions, objects: BTreeMap::new(), ids: Default::default(), regions_memo: Default::default() }
    }

    pub fn remove(&mut self, addr: &InstanceAddress) {
        self.objects.remove(addr);
        *self.ids.borrow_mut() = None;
        self.regions_memo.borrow_mut().clear();
    }

    pub fn insert(&mut self, addr: InstanceAddress, rtype: &str, v: &Value) {
        let attrs = match v.clone().unmark_deep().0 {
            Value::Map(m) => m,
            _ => BTreeMap::new(),
        };
        self.objects.insert(addr, Obj { rtype: rtype.to_string(), attrs });
        *self.ids.borrow_mut() = None;
        self.regions_memo.borrow_mut().clear();
    }

    pub fn set(&mut self, addr: &InstanceAddress, name: &str, v: Value) {
        if let Some(o) = self.objects.get_mut(addr) {
            o.attrs.insert(name.to_string(), v.unmark_deep().0);
        }
        if name == "id" {
            *self.ids.borrow_mut() = None;
        }
        self.regions_memo.borrow_mut().clear();
    }

    /// The object whose id is `id` (ARM ids compare without case).
    pub fn by_id(&self, id: &str) -> Option<&InstanceAddress> {
        let addr = {
            let mut ids = self.ids.borrow_mut();
            let index = ids.get_or_insert_with(|| {
                self.objects
                    .iter()
                    .filter_map(|(a, o)| o.attrs.get("id").and_then(Value::as_str).map(|i| (i.to_lowercase(), a.clone())))
                    .collect()
            });
            index.get(&id.to_lowercase())?.clone()
        };
        self.objects.get_key_value(&addr).map(|(a, _)| a)
    }

    /// `r` as one of the pair's regions (canonical name), if it is one.
    pub fn is_region(&self, r: &str) -> Option<String> {
        self.region_index(r).map(|i| self.regions[i].clone())
    }

    fn region_index(&self, r: &str) -> Option<usize> {
        // Locations are usually written in canonical form already: skip normalizing them.
        if let Some(i) = self.regions.iter().position(|x| x == r) {
            return Some(i);
        }
        let n = super::normalize(r);
        self.regions.iter().position(|x| *x == n)
    }

    /// The region an object lives in, from its location, its key, or what it belongs to.
    pub fn region_of(&self, addr: &InstanceAddress) -> Option<String> {
        self.region_index_of(addr, 0).map(|i| self.regions[i].clone())
    }

    fn region_index_of(&self, addr: &InstanceAddress, depth: usize) -> Option<usize> {
        if let Some(r) = self.regions_memo.borrow().get(addr) {
            return *r;
        }
        let r = self.region_depth(addr, depth);
        // Only a complete answer is remembered: a cut-off search may find more from elsewhere.
        if depth == 0 || r.is_some() {
            self.regions_memo.borrow_mut().insert(addr.clone(), r);
        }
        r
    }

    fn region_depth(&self, addr: &InstanceAddress, depth: usize) -> Option<usize> {
        let o = self.objects.get(addr)?;
        for k in ["location", "endpoint_location"] {
            if let Some(r) = o.attrs.get(k).and_then(Value::as_str).and_then(|s| self.region_index(s)) {
                return Some(r);
            }
        }
        if let InstanceKey::Str(k) = &addr.key
            && let Some(r) = self.region_index(k)
        {
            return Some(r);
        }
        if depth > 4 {
            return None;
        }
        for k in PARENT_REFS {
            if let Some(id) = o.attrs.get(*k).and_then(Value::as_str)
                && let Some(p) = self.by_id(id)
                && let Some(r) = self.region_index_of(p, depth + 1)
            {
                return Some(r);
            }
        }
        None
    }

    fn region_of_id(&self, id: &str) -> Option<String> {
        self.by_id(id).and_then(|a| self.region_of(a))
    }

    /// Regions that accept writes now, each with the object that makes it so:
    /// the data tier's primary, a lease holder, a primary appliance, a running
    /// workload. (VMs protected by Site Recovery write through the data tier.)
    pub fn writers(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (addr, o) in &self.objects {
            let get = |k: &str| o.attrs.get(k).cloned().unwrap_or(Value::Null);
            let region = match o.rtype.as_str() {
                "azure_sql_failover_group" => get("primary_server_id").as_str().and_then(|id| self.region_of_id(id)),
                "azure_storage_account" => get("primary_location").as_str().and_then(|r| self.is_region(r)),
                "azure_blob_lease" => get("holder").as_str().and_then(|r| self.is_region(r)),
                "azure_kubernetes_workload" => {
                    let running = get("replicas").as_f64().unwrap_or(1.0) > 0.0 && get("paused").as_bool() != Some(true);
                    if running { self.region_of(addr) } else { None }
                }
                "azure_ha_appliance" => {
                    if get("role").as_str() == Some("primary") {
                        self.region_of(addr)
                    } else {
                        None
                    }
                }
                _ => None,
            };
            if let Some(r) = region {
                out.entry(r).or_default().push(addr.to_string());
            }
        }
        out
    }

    /// Regions that receive priority-1 traffic now, with the object that routes it.
    pub fn primary_traffic(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut profiles: BTreeMap<String, Vec<(&InstanceAddress, f64)>> = BTreeMap::new();
        for (addr, o) in &self.objects {
            let get = |k: &str| o.attrs.get(k).cloned().unwrap_or(Value::Null);
            match o.rtype.as_str() {
                "azure_traffic_manager_endpoint" if get("enabled").as_bool() != Some(false) => {
                    let p = get("profile_id").as_str().unwrap_or_default().to_lowercase();
                    profiles.entry(p).or_default().push((addr, get("priority").as_f64().unwrap_or(1.0)));
                }
                "azure_public_ip" => {
                    if let Some(r) = get("associated_vm_id").as_str().and_then(|id| self.region_of_id(id)) {
                        out.entry(r).or_default().push(addr.to_string());
                    }
                }
                "azure_dns_cname_record" => {
                    let target = get("record").as_str().unwrap_or_default().to_lowercase();
                    let hit = self.objects.iter().find(|(_, x)| {
                        ["fqdn", "primary_blob_endpoint", "ip_address"].iter().any(|k| {
                            x.attrs.get(*k).and_then(Value::as_str).is_some_and(|v| !v.is_empty() && target.contains(&v.to_lowercase()))
                        })
                    });
                    if let Some(r) = hit.and_then(|(a, _)| self.region_of(a)) {
                        out.entry(r).or_default().push(addr.to_string());
                    }
                }
                _ => {}
            }
        }
        for eps in profiles.values() {
            let best = eps.iter().map(|(_, p)| *p).fold(f64::INFINITY, f64::min);
            for (addr, p) in eps {
                if *p == best
                    && let Some(r) = self.region_of(addr)
                {
                    out.entry(r).or_default().push(addr.to_string());
                }
            }
        }
        out
    }

    /// Whether a type plays a DR role, from its schema.
    pub fn role(rtype: &str) -> Option<String> {
        catalog().get(rtype)?.dr.as_ref()?.get("role")?.as_str().map(str::to_string)
    }
}
