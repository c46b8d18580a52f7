//! hadr: a Terraform-like planner for two-region Azure HA/DR.
//!
//! Data flows one way: `config` → `graph` → `plan` → `apply` → `state`,
//! with providers at the edge. See ARCHITECTURE.md for the map.

pub mod addr;
pub mod apply;
pub mod cli;
pub mod config;
pub mod diag;
pub mod graph;
pub mod lang;
pub mod plan;
pub mod provider;
pub mod schema;
pub mod state;
pub mod util;
