//! hadr: a Terraform-like planner for two-region Azure HA/DR.
//!
//! Data flows one way: `config` → `graph` → `plan` → `apply` → `state`,
//! with providers at the edge. See ARCHITECTURE.md for the map.

pub mod addr;
pub mod config;
pub mod diag;
pub mod lang;
pub mod provider;
pub mod schema;
