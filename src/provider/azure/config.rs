//! Choosing and configuring the azure provider: a `provider "azure" { … }`
//! block (attributes are literals or `var.` references) or `HADR_PROVIDER=azure`.

use super::{AzureConfig, AzureProvider};
use crate::config::Module;
use crate::diag::{Diagnostic, Location};
use crate::lang::Value;
use crate::lang::eval::Evaluator;
use crate::lang::functions::FnEnv;
use hcl::edit::Span;
use hcl::edit::structure::Structure;
use std::collections::BTreeMap;
use std::path::Path;

/// The `provider "azure"` block's settings, if the configuration has one.
pub fn from_module(module: &Module, variables: &BTreeMap<String, Value>) -> Result<Option<AzureConfig>, Diagnostic> {
    let Some(decl) = module.providers.iter().find(|p| p.name == "azure") else { return Ok(None) };
    let roots = crate::plan::planner::base_roots(module, variables);
    let env = FnEnv { module_dir: module.dir.clone(), root_dir: module.dir.clone() };
    let mut config = AzureConfig::default();
    for s in decl.body.iter() {
        let Structure::Attribute(a) = s else { continue };
        let at = a.value.span().map(|span| Location { file: decl.file, span });
        let key = a.key.as_str();
        let slot = match key {
            "subscription_id" => &mut config.subscription_id,
            "endpoint" => &mut config.endpoint,
            "alias" => {
                return Err(Diagnostic::error("Provider aliases are not supported")
                    .detail("hadr drives both regions of the pair through one azure provider: each resource names its location, so no per-region provider is needed. Resources in a second subscription are not supported yet.")
                    .at(at)
                    .hint("Remove alias (and provider = azure.… on resources); set location on each resource."));
            }
            other => {
                return Err(Diagnostic::error(format!("Unsupported argument \"{other}\" in the azure provider block"))
                    .detail("The azure provider takes subscription_id and endpoint.")
                    .at(at));
            }
        };
        let v = Evaluator::new(&roots, &env).eval(&a.value).map_err(|e| crate::plan::body::eval_diag(e, decl.file))?;
        match v.unmarked_ref() {
            // Unknown: `validate` without a value for the variable it comes from.
            Value::Null | Value::Unknown => {}
            x => match x.as_str() {
                Some(s) => *slot = Some(s.to_string()),
                None => return Err(Diagnostic::error(format!("The azure provider's {key} must be a string")).at(at)),
            },
        }
    }
    Ok(Some(config))
}

/// Connects from synchronous code running on the multi-threaded runtime (the
/// CLI's): the subscription may have to be asked from ARM first.
pub fn open_blocking(config: AzureConfig, workdir: &Path) -> Result<AzureProvider, String> {
    let handle = tokio::runtime::Handle::try_current().map_err(|_| "the azure provider needs the async runtime".to_string())?;
    if handle.runtime_flavor() != tokio::runtime::RuntimeFlavor::MultiThread {
        return Err("the azure provider runs on the real clock (unset HADR_SIM_CLOCK)".into());
    }
    tokio::task::block_in_place(|| handle.block_on(AzureProvider::connect(config, workdir)))
}
