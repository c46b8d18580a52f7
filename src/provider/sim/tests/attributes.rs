//! Attributes: defaults, sim_value templates, updates, terraform_data, id prediction.

use super::*;

fn db_schema() -> ResourceSchema {
    schema(json!({
        "type": "azure_thing",
        "arm": {"type": "Microsoft.Network/virtualNetworks/things", "id": "{network_id}/things/{name}"},
        "attributes": {
            "name": {"type": "string", "required": true},
            "network_id": {"type": "string", "required": true},
            "settings": {"type": "any", "optional": true},
            "location": {"type": "string", "optional": true, "computed": true, "sim_value": "{location}"},
            "max_size_gb": {"type": "number", "optional": true, "computed": true, "sim_value": "250"},
            "zone_redundant": {"type": "bool", "optional": true, "computed": true, "sim_value": "false"},
            "sku": {"type": "string", "optional": true, "computed": true, "default": "S0", "sim_value": "ignored"},
            "collation": {"type": "string", "optional": true, "default": "CI_AS"},
            "tier": {"type": "string", "optional": true},
            "id": {"type": "string", "computed": true},
            "fqdn": {"type": "string", "computed": true, "sim_value": "{name}.{location}.example.net"},
            "guid": {"type": "string", "computed": true, "sim_value": "{uuid}"},
            "secondary": {"type": "string", "computed": true, "sim_value": "{paired_location}"},
            "echo": {"type": "any", "computed": true, "sim_value": "{settings}", "derived_from": ["settings"]},
            "label": {"type": "string", "computed": true, "sim_value": "{dns.relative_name}.tm.example"},
            "self_link": {"type": "string", "computed": true, "sim_value": "https://x{id}?sub={subscription_id}"},
            "unknowable": {"type": "string", "computed": true, "sim_value": "{nope}"}
        },
        "blocks": {
            "dns": {"nesting": "single", "optional": true, "attributes": {
                "relative_name": {"type": "string", "required": true},
                "ttl": {"type": "number", "optional": true, "default": 30}
            }},
            "identity": {"nesting": "list", "optional": true, "attributes": {
                "type": {"type": "string", "required": true},
                "principal_id": {"type": "string", "computed": true, "sim_value": "{uuid}"}
            }}
        }
    }))
}

#[tokio::test]
async fn computed_attributes_come_from_sim_values() {
    let dir = TempDir::new("computed");
    let sim = dir.cloud();
    let (_, vnet, _) = network(&sim).await;
    let config = attrs(json!({
        "name": "db1", "network_id": vnet, "settings": {"a": [1, 2]},
        "dns": {"relative_name": "app"}, "identity": [{"type": "SystemAssigned"}]
    }));
    let a = create(&sim, &db_schema(), config.clone()).await.unwrap();
    let id = format!("{vnet}/things/db1");
    assert_eq!(a["id"], json!(id));
    assert_eq!(a["location"], "westeurope", "inherited from the parent network");
    assert_eq!(a["max_size_gb"], json!(250));
    assert_eq!(a["zone_redundant"], json!(false));
    assert_eq!(a["sku"], "S0", "an optional+computed default wins over sim_value");
    assert_eq!(a["collation"], "CI_AS");
    assert_eq!(a["tier"], Value::Null);
    assert_eq!(a["fqdn"], "db1.westeurope.example.net");
    assert!(uuid::Uuid::parse_str(a["guid"].as_str().unwrap()).is_ok());
    assert_eq!(a["secondary"], "northeurope");
    assert_eq!(a["echo"], json!({"a": [1, 2]}), "a lone placeholder copies any JSON");
    assert_eq!(a["label"], "app.tm.example");
    assert_eq!(a["self_link"], json!(format!("https://x{id}?sub={SUBSCRIPTION_ID}")));
    assert_eq!(a["unknowable"], Value::Null);
    assert_eq!(a["dns"], json!({"relative_name": "app", "ttl": 30}));
    let principal = a["identity"][0]["principal_id"].clone();
    assert!(uuid::Uuid::parse_str(principal.as_str().unwrap()).is_ok());
    assert_eq!(sim.read(&db_schema(), &id).await.unwrap().unwrap(), a);

    let mut changed = config;
    changed.insert("settings".into(), json!("v2"));
    changed.insert("max_size_gb".into(), json!(500));
    let b = sim.update(&db_schema(), &id, &changed).await.unwrap();
    assert_eq!(b["echo"], "v2", "derived_from names a changed argument");
    assert_eq!(b["guid"], a["guid"], "other computed values are kept");
    assert_eq!(b["max_size_gb"], json!(500));
    assert_eq!(b["identity"][0]["principal_id"], principal, "block computed values are kept");
    assert_eq!(sim.read(&db_schema(), &id).await.unwrap().unwrap(), b);
}

#[tokio::test]
async fn terraform_data_output_follows_input() {
    let dir = TempDir::new("terraform-data");
    let sim = dir.cloud();
    let s = data_schema();
    assert_eq!(sim.predict_id(&s, &attrs(json!({"input": 1}))), None);
    let a = sim.create(&s, None, &attrs(json!({"input": "a"}))).await.unwrap();
    let id = a["id"].as_str().unwrap().to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    assert_eq!(a["output"], "a");
    let b = sim.update(&s, &id, &attrs(json!({"input": {"k": [1, true]}}))).await.unwrap();
    assert_eq!(b["output"], json!({"k": [1, true]}));
    assert_eq!(sim.read(&s, &id).await.unwrap().unwrap()["output"], json!({"k": [1, true]}));
    let c = sim.update(&s, &id, &Attrs::new()).await.unwrap();
    assert_eq!((&c["input"], &c["output"]), (&Value::Null, &Value::Null));
    let given = uuid::Uuid::new_v4().to_string();
    assert_eq!(sim.create(&s, Some(&given), &Attrs::new()).await.unwrap()["id"], json!(given));
}

#[tokio::test]
async fn drift_behind_hadrs_back_is_visible() {
    let dir = TempDir::new("drift");
    let sim = dir.cloud();
    let (_, vnet, subnet) = network(&sim).await;
    sim.set_attributes(&vnet, &attrs(json!({"address_space": ["10.9.0.0/16"], "tags": {"by": "portal"}}))).unwrap();
    let read = sim.read(&vnet_schema(), &vnet).await.unwrap().unwrap();
    assert_eq!(read["address_space"], json!(["10.9.0.0/16"]));
    assert_eq!(read["tags"], json!({"by": "portal"}));
    assert!(sim.set_attributes(&vnet, &attrs(json!({"id": "/other"}))).is_err());
    assert!(sim.set_attributes("/nope", &Attrs::new()).unwrap_err().contains("/nope"));
    assert!(sim.remove(&subnet).unwrap());
    assert!(!sim.remove(&subnet).unwrap());
    assert_eq!(sim.read(&subnet_schema(), &subnet).await.unwrap(), None);
}

#[test]
fn predicted_ids_use_defaults_and_need_every_placeholder() {
    let dir = TempDir::new("predict");
    let sim = dir.cloud();
    let item = schema(json!({
        "type": "azure_item",
        "arm": {"type": "Microsoft.RecoveryServices/vaults/fabrics/items", "id": "{vault_id}/fabrics/{fabric}/items/{name}"},
        "attributes": {
            "name": {"type": "string", "required": true},
            "vault_id": {"type": "string", "required": true},
            "fabric": {"type": "string", "optional": true, "default": "primary"},
            "id": {"type": "string", "computed": true}
        }
    }));
    assert_eq!(sim.predict_id(&item, &attrs(json!({"name": "n", "vault_id": "/v"}))).as_deref(), Some("/v/fabrics/primary/items/n"));
    assert_eq!(sim.predict_id(&item, &attrs(json!({"name": "n"}))), None);
    let generic = schema(json!({
        "type": "azure_resource",
        "arm": {"type": "*", "id": "{parent_id}/providers/{type}/{name}"},
        "attributes": {
            "type": {"type": "string", "required": true},
            "parent_id": {"type": "string", "required": true},
            "name": {"type": "string", "required": true},
            "id": {"type": "string", "computed": true}
        }
    }));
    let zone = attrs(json!({"type": "Microsoft.Network/dnsZones@2018-05-01", "parent_id": RG, "name": "example.com"}));
    assert_eq!(sim.predict_id(&generic, &zone), Some(format!("{RG}/providers/Microsoft.Network/dnsZones/example.com")));
}
