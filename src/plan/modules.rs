//! Module instances during a walk: each `module` call expands (count /
//! for_each) into instances with their own scope (`var`, `local`, resources,
//! `path.module`); their outputs appear in the caller as `module.NAME`.

use super::body::eval_diag;
use super::planner::{base_roots, expand, instance_scope};
use crate::addr::InstanceKey;
use crate::config::Module;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::Value;
use crate::lang::eval::Evaluator;
use crate::lang::functions::FnEnv;
use crate::lang::types::{Type, convert, parse_type_expr};
use std::collections::BTreeMap;

pub struct ModInst<'a> {
    /// Instance path: `module.region["eastus"].module.net` (`""` for the root).
    pub path: String,
    pub module: &'a Module,
    pub roots: BTreeMap<String, Value>,
    pub env: FnEnv,
    /// The caller's instance, the call's name and this instance's key.
    pub parent: Option<(usize, String, InstanceKey)>,
}

pub struct ModuleInstances<'a> {
    pub list: Vec<ModInst<'a>>,
    /// For validation messages naming where a rule is written.
    pub sources: Option<&'a crate::diag::SourceMap>,
    by_static: BTreeMap<String, Vec<usize>>,
    extra: BTreeMap<String, Value>,
}

impl<'a> ModuleInstances<'a> {
    pub fn new(root: &'a Module, variables: &BTreeMap<String, Value>, extra: &BTreeMap<String, Value>) -> ModuleInstances<'a> {
        let mut roots = base_roots(root, variables);
        roots.extend(extra.clone());
        let env = FnEnv { module_dir: root.dir.clone(), root_dir: root.dir.clone() };
        ModuleInstances {
            list: vec![ModInst { path: String::new(), module: root, roots, env, parent: None }],
            by_static: [(String::new(), vec![0])].into_iter().collect(),
            extra: extra.clone(),
            sources: None,
        }
    }

    /// Instances of the module at a static path.
    pub fn of(&self, static_path: &str) -> Vec<usize> {
        self.by_static.get(static_path).cloned().unwrap_or_default()
    }

    /// Sets `root.key` (`local.x`, `azure_subnet.app`) in an instance's scope.
    pub fn set(&mut self, idx: usize, root: &str, key: &str, v: Value) {
        let r = self.list[idx].roots.entry(root.to_string()).or_insert_with(|| Value::Map(BTreeMap::new()));
        if let Value::Map(m) = r {
            m.insert(key.to_string(), v);
        }
    }

    /// Expands call `name` of instance `idx` into child instances.
    pub fn expand_call(&mut self, idx: usize, name: &str) -> Result<(), Diagnostics> {
        let parent = &self.list[idx];
        let call = &parent.module.calls[name];
        let Some(child) = parent.module.children.get(name) else { return Ok(()) };
        let keys = expand(call.count.as_ref(), call.for_each.as_ref(), &parent.roots, &parent.env).map_err(|d| Diagnostics(vec![d]))?;
        let container = match (&call.count, &call.for_each) {
            (Some(_), _) => Value::List(keys.iter().map(|_| Value::Map(BTreeMap::new())).collect()),
            _ => Value::Map(BTreeMap::new()),
        };
        let mut diags = Diagnostics::default();
        let mut made = vec![];
        for (key, each) in keys {
            let scope = instance_scope(&parent.roots, &key, each);
            let mut inputs = BTreeMap::new();
            for (k, e) in &call.inputs {
                match Evaluator::new(&scope, &parent.env).eval(&e.expr) {
                    Ok(v) => {
                        inputs.insert(k.clone(), (v, e.location()));
                    }
                    Err(err) => diags.push(eval_diag(err, e.file)),
                }
            }
            let vars = child_variables(child, name, inputs, self.sources, &mut diags);
            let mut roots = base_roots(child, &vars);
            roots.extend(self.extra.clone());
            let path = super::super::graph::qualify(&parent.path, &format!("module.{name}{key}"));
            let env = FnEnv { module_dir: child.dir.clone(), root_dir: parent.env.root_dir.clone() };
            made.push(ModInst { path, module: child, roots, env, parent: Some((idx, name.to_string(), key)) });
        }
        self.set(
            idx,
            "module",
            name,
            if matches!(container, Value::Map(_)) && call.for_each.is_none() && call.count.is_none() {
                Value::Map(BTreeMap::new())
            } else {
                container
            },
        );
        let static_child = super::super::graph::child_path(&static_of(&self.list[idx].path), name);
        for m in made {
            self.list.push(m);
            self.by_static.entry(static_child.clone()).or_default().push(self.list.len() - 1);
        }
        diags.into_result()
    }

    /// Records a child instance's output in its caller's `module.NAME`.
    pub fn set_output(&mut self, idx: usize, output: &str, v: Value) {
        let Some((pidx, call, key)) = self.list[idx].parent.clone() else { return };
        let Some(Value::Map(modules)) = self.list[pidx].roots.get_mut("module") else { return };
        let Some(slot) = modules.get_mut(&call) else { return };
        let target = match (slot, &key) {
            (Value::List(items), InstanceKey::Int(i)) => items.get_mut(*i as usize),
            (Value::Map(m), InstanceKey::Str(k)) => Some(m.entry(k.clone()).or_insert_with(|| Value::Map(BTreeMap::new()))),
            (v @ Value::Map(_), InstanceKey::None) => Some(v),
            _ => None,
        };
        if let Some(Value::Map(m)) = target {
            m.insert(output.to_string(), v);
        }
    }
}

/// A module path without instance keys.
pub fn static_of(path: &str) -> String {
    crate::addr::strip_keys(path)
}

/// A child module's variables from the call's arguments: declared types,
/// defaults, sensitivity; a missing required argument is an error.
pub fn child_variables(
    child: &Module,
    call: &str,
    mut inputs: BTreeMap<String, (Value, Option<crate::diag::Location>)>,
    sources: Option<&crate::diag::SourceMap>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Value> {
    let env = FnEnv::default();
    let empty: BTreeMap<String, Value> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for (name, decl) in &child.variables {
        let ty = decl.type_expr.as_ref().and_then(|e| parse_type_expr(&e.expr).ok()).unwrap_or(Type::Any);
        let (value, loc) = match inputs.remove(name) {
            Some((v, loc)) if !(v.is_null() && decl.default.is_some()) => (v, loc),
            _ => match &decl.default {
                Some(d) => match Evaluator::new(&empty, &env).eval(&d.expr) {
                    Ok(v) => (v, d.location()),
                    Err(e) => {
                        diags.push(eval_diag(e, d.file));
                        continue;
                    }
                },
                // Reported when the graph is built.
                None => (Value::Null, None),
            },
        };
        if value.is_null() && !decl.nullable {
            diags.push(
                Diagnostic::error("Invalid value for input variable")
                    .detail(format!("The variable \"{name}\" of module \"{call}\" may not be null."))
                    .at(loc.or(Some(decl.location.clone()))),
            );
            continue;
        }
        match convert(value, &ty) {
            Ok(v) => {
                out.insert(name.clone(), if decl.sensitive { v.mark() } else { v });
            }
            Err(msg) => diags.push(
                Diagnostic::error("Invalid value for input variable")
                    .detail(format!("The given value is not suitable for var.{name} of module \"{call}\": {msg}."))
                    .at(loc.or(Some(decl.location.clone()))),
            ),
        }
    }
    if let Some(sources) = sources {
        for decl in child.variables.values() {
            if let Some(v) = out.get(&decl.name) {
                diags.extend(crate::config::inputs::check_validations(decl, v, &out, sources));
            }
        }
    }
    out
}
