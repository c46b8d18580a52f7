//! hadr: a Terraform-like planner for two-region Azure HA/DR.
//!
//! Data flows one way: `config` → `graph` → `plan` → `apply` → `state`,
//! with providers at the edge. See ARCHITECTURE.md for the map.

// Diagnostics are returned by value on cold error paths; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod addr;
pub mod apply;
pub mod cli;
pub mod config;
pub mod diag;
pub mod dr;
pub mod emulator;
pub mod fmt;
pub mod graph;
pub mod lang;
pub mod plan;
pub mod provider;
pub mod schema;
pub mod state;
pub mod util;
