//! The database: reopening, sharing between processes, older and newer layouts.

use super::*;
use rusqlite::Connection;

#[tokio::test]
async fn data_survives_reopening() {
    let dir = TempDir::new("reopen");
    let (_, vnet, _) = {
        let sim = dir.cloud();
        sim.set_outage("eastus", true).unwrap();
        network(&sim).await
    };
    let sim = dir.cloud();
    assert_eq!(sim.read(&vnet_schema(), &vnet).await.unwrap().unwrap()["name"], "vnet1");
    assert_eq!(sim.outages().unwrap(), ["eastus"]);
    assert_eq!(sim.path(), dir.path().join(".hadr").join("sim.db"));
}

#[tokio::test]
async fn two_processes_share_one_cloud() {
    let dir = TempDir::new("shared");
    let first = dir.cloud();
    let second = dir.cloud();
    let (_, vnet, _) = network(&first).await;
    assert!(second.read(&vnet_schema(), &vnet).await.unwrap().is_some());
    let e = create(&second, &vnet_schema(), vnet_config("rg-app", "VNET1", "westeurope")).await.unwrap_err();
    assert_eq!(e.code, "Conflict");
    second.set_outage("westeurope", true).unwrap();
    assert_eq!(first.read(&vnet_schema(), &vnet).await.unwrap_err().code, "RegionUnavailable");
}

#[tokio::test]
async fn older_layouts_are_upgraded() {
    let dir = TempDir::new("old-layout");
    std::fs::create_dir_all(dir.path().join(".hadr")).unwrap();
    {
        let old = Connection::open(dir.path().join(".hadr/sim.db")).unwrap();
        old.execute_batch(&format!(
            "CREATE TABLE objects (id TEXT PRIMARY KEY, rtype TEXT, attributes TEXT);
             INSERT INTO objects VALUES ('{RG}', 'azure_resource_group', '{{\"name\":\"rg-app\"}}');
             INSERT INTO objects VALUES ('/broken', 'x', 'not json');
             CREATE TABLE outages (region TEXT, since TEXT);
             INSERT INTO outages VALUES ('westus', 'yesterday');"
        ))
        .unwrap();
    }
    let sim = dir.cloud();
    assert_eq!(sim.get(&RG.to_uppercase()).unwrap().unwrap().attributes["name"], "rg-app");
    assert_eq!(sim.get("/broken").unwrap().unwrap().attributes, Attrs::new());
    assert_eq!(sim.outages().unwrap(), ["westus"]);
    create(&sim, &vnet_schema(), vnet_config("rg-app", "v", "eastus")).await.expect("the upgraded database works");
}

#[test]
fn newer_layouts_are_refused_clearly() {
    let dir = TempDir::new("new-layout");
    dir.cloud();
    Connection::open(dir.path().join(".hadr/sim.db")).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let e = SimCloud::open_with(dir.path(), Timing::instant()).err().unwrap();
    assert!(e.contains("newer") && e.contains("sim.db"), "{e}");
}
