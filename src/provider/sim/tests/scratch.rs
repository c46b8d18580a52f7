use super::*;
use crate::schema::catalog;
use std::time::Instant;

#[tokio::test]
async fn scratch_catalog() {
    let dir = TempDir::new("scratch");
    let sim = dir.cloud();
    let c = catalog();
    let rg = create(&sim, c.get("azure_resource_group").unwrap(), attrs(json!({"name":"rg","location":"westeurope"}))).await.unwrap();
    println!("RG {}", serde_json::to_string(&rg).unwrap());
    let srv = create(&sim, c.get("azure_sql_server").unwrap(), attrs(json!({"name":"sql1","resource_group_name":"rg","location":"westeurope","version":"12.0","administrator_login":"a","administrator_login_password":"p"}))).await;
    println!("SRV {:?}", srv);
    let srv = srv.unwrap();
    let db = create(&sim, c.get("azure_sql_database").unwrap(), attrs(json!({"name":"db","server_id":srv["id"]}))).await;
    println!("DB {}", serde_json::to_string_pretty(&db.unwrap()).unwrap());
    let tm = create(&sim, c.get("azure_traffic_manager_profile").unwrap(), attrs(json!({"name":"tm","resource_group_name":"rg","traffic_routing_method":"Priority","dns_config":{"relative_name":"app","ttl":30},"monitor_config":{"protocol":"HTTP","port":80,"path":"/"}}))).await;
    println!("TM {}", serde_json::to_string_pretty(&tm.unwrap()).unwrap());
    let st = create(&sim, c.get("azure_storage_account").unwrap(), attrs(json!({"name":"st1","resource_group_name":"rg","location":"westeurope","account_tier":"Standard","account_replication_type":"GRS"}))).await;
    println!("ST {:?}", st.map(|a| serde_json::to_string_pretty(&a).unwrap()));
    let t0 = Instant::now();
    let td = c.get("terraform_data").unwrap();
    for i in 0..1000 { sim.create(td, None, &attrs(json!({"input": i}))).await.unwrap(); }
    println!("1000 td creates {:?}", t0.elapsed());
    let t0 = Instant::now();
    let v = c.get("azure_virtual_network").unwrap();
    for i in 0..1000 { create(&sim, v, attrs(json!({"name": format!("v{i}"), "resource_group_name":"rg","location":"westeurope","address_space":["10.0.0.0/16"]}))).await.unwrap(); }
    println!("1000 vnet creates {:?}", t0.elapsed());
    let t0 = Instant::now();
    for o in sim.list().unwrap() { if o.rtype == "azure_virtual_network" { sim.read(v, &o.id).await.unwrap(); } }
    println!("1000 reads {:?}", t0.elapsed());
}
