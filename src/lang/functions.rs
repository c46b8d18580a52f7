//! Terraform's built-in function library (placeholder: being written).
use super::Value;
use std::path::PathBuf;

/// What a function may need besides its arguments.
#[derive(Clone, Debug, Default)]
pub struct FnEnv {
    /// Directory of the module whose expression calls the function (`path.module`).
    pub module_dir: PathBuf,
    /// Directory of the root module (`path.root`).
    pub root_dir: PathBuf,
}

/// A function failed; `arg` names the argument at fault, when one is.
#[derive(Clone, Debug, PartialEq)]
pub struct FnError {
    pub message: String,
    pub arg: Option<usize>,
}

pub fn call(name: &str, _args: Vec<Value>, _env: &FnEnv) -> Result<Value, FnError> {
    Err(FnError { message: format!("call to unknown function \"{name}\""), arg: None })
}

pub fn names() -> &'static [&'static str] {
    &[]
}
