//! The configuration language: values, expression evaluation, functions.

pub mod eval;
pub mod functions;
pub mod types;
pub mod value;

pub use value::Value;
