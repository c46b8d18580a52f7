//! The configuration language: values, expression evaluation, functions.

pub mod functions;
pub mod value;

pub use value::Value;
