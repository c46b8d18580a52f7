//! ARM's rules: ids, parents, case-insensitive names, deletes, outages, timing.

use super::*;
use crate::provider::ActionRequest;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test]
async fn creates_arm_shaped_ids_down_the_tree() {
    let dir = TempDir::new("tree");
    let sim = dir.cloud();
    let (rg, vnet, subnet) = network(&sim).await;
    assert_eq!(rg, RG);
    assert_eq!(vnet, format!("{RG}/providers/Microsoft.Network/virtualNetworks/vnet1"));
    assert_eq!(subnet, format!("{vnet}/subnets/a"));
    let read = sim.read(&subnet_schema(), &subnet).await.unwrap().unwrap();
    assert_eq!(read["address_prefixes"], json!(["10.0.1.0/24"]));
    assert_eq!(read["id"], json!(subnet));
    let obj = sim.get(&subnet).unwrap().unwrap();
    assert_eq!(obj.parent_id.as_deref(), Some(vnet.as_str()));
    assert_eq!(obj.location.as_deref(), Some("westeurope"), "a subnet lives in its network's region");
    assert_eq!(obj.provisioning_state, "Succeeded");
    let ids: Vec<String> = sim.list().unwrap().into_iter().map(|o| o.id).collect();
    assert_eq!(ids, [rg, vnet, subnet]);
}

#[tokio::test]
async fn parents_must_exist() {
    let dir = TempDir::new("parents");
    let sim = dir.cloud();
    let missing_vnet = format!("{RG}/providers/Microsoft.Network/virtualNetworks/nope");
    let config = attrs(json!({"name": "a", "virtual_network_id": missing_vnet, "address_prefixes": []}));
    let e = create(&sim, &subnet_schema(), config).await.unwrap_err();
    assert_eq!(e.code, "ParentResourceNotFound");
    assert!(e.message.contains(&missing_vnet), "{e}");
    let e = create(&sim, &vnet_schema(), vnet_config("nope", "v", "westeurope")).await.unwrap_err();
    assert_eq!(e.code, "ResourceGroupNotFound");
    assert!(e.message.starts_with("Resource group 'nope' could not be found."), "{e}");
    let elsewhere =
        sim.create(&rg_schema(), Some("/subscriptions/other/resourceGroups/x"), &attrs(json!({"name": "x", "location": "westus"}))).await;
    assert_eq!(elsewhere.unwrap_err().code, "SubscriptionNotFound");
    assert!(sim.list().unwrap().is_empty(), "failed creates leave nothing behind");
}

#[tokio::test]
async fn names_are_case_insensitive() {
    let dir = TempDir::new("case");
    let sim = dir.cloud();
    create(&sim, &rg_schema(), attrs(json!({"name": "rg-app", "location": "westeurope"}))).await.unwrap();
    let e = create(&sim, &rg_schema(), attrs(json!({"name": "RG-App", "location": "westeurope"}))).await.unwrap_err();
    assert_eq!(e.code, "Conflict");
    let upper = RG.replace("rg-app", "RG-App");
    assert_eq!(
        e.message,
        format!(
            "A resource with the ID \"{upper}\" already exists - to be managed via hadr this resource needs to be imported into the State."
        )
    );
    let read = sim.read(&rg_schema(), &upper.to_uppercase()).await.unwrap().unwrap();
    assert_eq!(read["name"], "rg-app", "the first caller's casing is kept");
}

#[tokio::test]
async fn resource_groups_must_be_emptied_before_deletion() {
    let dir = TempDir::new("rg-delete");
    let sim = dir.cloud();
    let (rg, vnet, subnet) = network(&sim).await;
    let e = sim.delete(&rg_schema(), &rg).await.unwrap_err();
    assert_eq!(e.code, "ResourceGroupNotEmpty");
    assert!(e.message.contains("1 resource") && e.message.contains(&vnet), "{e}");
    assert!(e.message.to_lowercase().contains("delete them first"), "{e}");
    assert!(sim.get(&subnet).unwrap().is_some(), "a refused delete deletes nothing");
    sim.delete(&subnet_schema(), &subnet).await.unwrap();
    sim.delete(&vnet_schema(), &vnet).await.unwrap();
    sim.delete(&rg_schema(), &rg).await.unwrap();
    assert!(sim.list().unwrap().is_empty());
    sim.delete(&rg_schema(), &rg).await.expect("deleting what is gone succeeds, like ARM's 204");
}

#[tokio::test]
async fn deleting_a_parent_deletes_its_children() {
    let dir = TempDir::new("cascade");
    let sim = dir.cloud();
    let (rg, vnet, subnet) = network(&sim).await;
    sim.delete(&vnet_schema(), &vnet.to_uppercase()).await.unwrap();
    assert_eq!(sim.read(&subnet_schema(), &subnet).await.unwrap(), None);
    let ids: Vec<String> = sim.list().unwrap().into_iter().map(|o| o.id).collect();
    assert_eq!(ids, [rg]);
}

#[tokio::test]
async fn updates_need_the_object() {
    let dir = TempDir::new("update-missing");
    let sim = dir.cloud();
    let e = sim.update(&vnet_schema(), &format!("{RG}/providers/Microsoft.Network/virtualNetworks/v"), &Attrs::new()).await.unwrap_err();
    assert_eq!(e.code, "ResourceNotFound");
    assert!(e.message.contains("'Microsoft.Network/virtualNetworks/v' under resource group 'rg-app'"), "{e}");
    let e = sim.invoke(&vnet_schema(), "x", &ActionRequest { name: "failover".into(), params: Value::Null }).await.unwrap_err();
    assert_eq!(e.code, "ResourceNotFound");
}

#[tokio::test]
async fn actions_are_not_supported_yet() {
    let dir = TempDir::new("invoke");
    let sim = dir.cloud();
    let (_, vnet, _) = network(&sim).await;
    let e = sim.invoke(&vnet_schema(), &vnet, &ActionRequest { name: "failover".into(), params: Value::Null }).await.unwrap_err();
    assert_eq!(e.code, "ActionNotSupported");
}

#[tokio::test]
async fn regions_can_go_down() {
    let dir = TempDir::new("outage");
    let sim = dir.cloud();
    let (rg, vnet, subnet) = network(&sim).await;
    sim.set_outage("West Europe", true).unwrap();
    assert_eq!(sim.outages().unwrap(), ["westeurope"]);
    for (schema, id) in [(rg_schema(), &rg), (vnet_schema(), &vnet), (subnet_schema(), &subnet)] {
        let e = sim.read(&schema, id).await.unwrap_err();
        assert_eq!(e.code, "RegionUnavailable", "{id}");
        assert!(e.message.contains("northeurope"), "names the paired region: {e}");
    }
    let e = create(&sim, &vnet_schema(), vnet_config("rg-app", "vnet2", "westeurope")).await.unwrap_err();
    assert_eq!(e.code, "RegionUnavailable");
    assert_eq!(
        sim.update(&vnet_schema(), &vnet, &vnet_config("rg-app", "vnet1", "westeurope")).await.unwrap_err().code,
        "RegionUnavailable"
    );
    create(&sim, &vnet_schema(), vnet_config("rg-app", "vnet-dr", "northeurope")).await.expect("the paired region still works");
    sim.set_outage("westeurope", false).unwrap();
    assert!(sim.outages().unwrap().is_empty());
    assert!(sim.read(&vnet_schema(), &vnet).await.unwrap().is_some());
}

#[tokio::test]
async fn interrupted_operations_complete_server_side() {
    let dir = TempDir::new("interrupted");
    network(&dir.cloud()).await;
    let slow = SimCloud::open_with(dir.path(), Timing::Fixed(Duration::from_millis(300))).unwrap();
    let config = vnet_config("rg-app", "vnet2", "westeurope");
    let id = slow.predict_id(&vnet_schema(), &config).unwrap();
    let killed = tokio::time::timeout(Duration::from_millis(20), slow.create(&vnet_schema(), Some(&id), &config)).await;
    assert!(killed.is_err(), "the create was still running");
    let seen = slow.read(&vnet_schema(), &id).await.unwrap().expect("ARM shows an object while it is created");
    assert_eq!(seen["provisioning_state"], "Creating");
    assert_eq!(create(&slow, &vnet_schema(), config.clone()).await.unwrap_err().code, "Conflict");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(slow.read(&vnet_schema(), &id).await.unwrap().unwrap()["provisioning_state"], "Succeeded");

    let vnet1 = format!("{RG}/providers/Microsoft.Network/virtualNetworks/vnet1");
    let killed = tokio::time::timeout(Duration::from_millis(20), slow.delete(&vnet_schema(), &vnet1)).await;
    assert!(killed.is_err());
    assert_eq!(slow.get(&vnet1).unwrap().unwrap().provisioning_state, "Deleting");
    assert_eq!(
        create(&slow, &vnet_schema(), vnet_config("rg-app", "vnet1", "westeurope")).await.unwrap_err().code,
        "AnotherOperationInProgress"
    );
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(slow.read(&vnet_schema(), &vnet1).await.unwrap(), None, "the delete completed without its caller");
    assert_eq!(slow.get(&format!("{vnet1}/subnets/a")).unwrap(), None);
    let fast = slow.with_timing(Timing::instant());
    create(&fast, &vnet_schema(), vnet_config("rg-app", "vnet1", "westeurope")).await.expect("the name is free again");
}

#[tokio::test]
async fn operations_wait_without_holding_the_database() {
    let dir = TempDir::new("parallel");
    create(&dir.cloud(), &rg_schema(), attrs(json!({"name": "rg-app", "location": "westeurope"}))).await.unwrap();
    let sim = Arc::new(SimCloud::open_with(dir.path(), Timing::Fixed(Duration::from_millis(100))).unwrap());
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let sim = sim.clone();
        tasks.spawn(async move { create(&sim, &vnet_schema(), vnet_config("rg-app", &format!("v{i}"), "westeurope")).await });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap().unwrap();
    }
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(100), "{took:?}");
    assert!(took < Duration::from_millis(1500), "20 creates of 100 ms ran one after another: {took:?}");
    assert_eq!(sim.list().unwrap().len(), 21);
}
