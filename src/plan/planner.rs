//! Making a plan: refresh what exists, walk the configuration in dependency
//! order, and compare each instance's configuration with its prior state.

use super::body::{eval_body, eval_diag};
use super::conditions::{self, ConditionKind};
use super::modules::ModuleInstances;
use super::*;
use crate::addr::{InstanceKey, Mode, ResourceAddress};
use crate::config::{Module, Resource, did_you_mean};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::graph::{Graph, Node};
use crate::lang::eval::{Evaluator, Resolve, values_equal};
use crate::lang::functions::FnEnv;
use crate::lang::types::convert;
use crate::provider::{Attrs, Provider};
use crate::schema::{ResourceSchema, catalog};
use crate::state::{InstanceStatus, ResourceInstance, State};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub struct PlanRequest<'a> {
    pub module: &'a Module,
    pub graph: &'a Graph,
    pub sources: &'a SourceMap,
    /// Resolved input variables (typed, sensitive ones marked).
    pub variables: BTreeMap<String, Value>,
    pub state: State,
    pub provider: Arc<dyn Provider>,
    pub options: PlanOptions,
    pub parallelism: usize,
    /// Extra root values (`dr`), when the configuration has a dr block.
    pub extra_roots: BTreeMap<String, Value>,
}

/// Root names plus the current instance's `count` / `each`.
pub struct InstanceScope<'a> {
    pub base: &'a BTreeMap<String, Value>,
    pub count: Option<Value>,
    pub each: Option<Value>,
}

impl Resolve for InstanceScope<'_> {
    fn root(&self, name: &str) -> Option<&Value> {
        match name {
            "count" => self.count.as_ref(),
            "each" => self.each.as_ref(),
            _ => self.base.get(name),
        }
    }
}

/// The roots every evaluation starts from.
pub fn base_roots(module: &Module, variables: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    let mut roots = BTreeMap::new();
    roots.insert("var".to_string(), Value::Map(variables.clone()));
    roots.insert("local".to_string(), Value::Map(BTreeMap::new()));
    let dir = module.dir.display().to_string();
    let cwd = std::env::current_dir().map(|p| p.display().to_string()).unwrap_or_default();
    let path: BTreeMap<String, Value> =
        [("module", dir.clone()), ("root", dir), ("cwd", cwd)].into_iter().map(|(k, v)| (k.to_string(), Value::String(v))).collect();
    roots.insert("path".to_string(), Value::Map(path));
    let tf: BTreeMap<String, Value> = [("workspace".to_string(), Value::string("default"))].into_iter().collect();
    roots.insert("terraform".to_string(), Value::Map(tf));
    roots
}

/// Instance keys of a resource from its count / for_each, with each.value.
/// Instance keys from `count` / `for_each` (of a resource or a module call), with each.value.
pub fn expand(
    count: Option<&crate::config::Expr>,
    for_each: Option<&crate::config::Expr>,
    roots: &BTreeMap<String, Value>,
    env: &FnEnv,
) -> Result<Vec<(InstanceKey, Option<Value>)>, Diagnostic> {
    let scope = InstanceScope { base: roots, count: None, each: None };
    if let Some(c) = count {
        let v = Evaluator::new(&scope, env).eval(&c.expr).map_err(|e| eval_diag(e, c.file))?;
        let err = |detail: String| Diagnostic::error("Invalid count argument").detail(detail).at(c.location());
        if v.is_sensitive() {
            return Err(err("Sensitive values cannot be used as count: the number of instances would disclose them.".into()));
        }
        return match v.unmarked_ref() {
            Value::Unknown => Err(err(
                "The \"count\" value depends on resource attributes that cannot be determined until apply, so hadr cannot predict how many instances will be created."
                    .into(),
            )
            .hint("Use --target to apply first the resources that count depends on, or base count on variables.")),
            Value::Null => Err(err("The given \"count\" argument value is null. An integer is required.".into())),
            other => match crate::lang::eval::to_number(other) {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok((0..n as i64).map(|i| (InstanceKey::Int(i), None)).collect()),
                _ => Err(err(format!("The given \"count\" argument value is unsuitable: a whole number ≥ 0 is required, not {}.", other.type_name()))),
            },
        };
    }
    if let Some(f) = for_each {
        let v = Evaluator::new(&scope, env).eval(&f.expr).map_err(|e| eval_diag(e, f.file))?;
        let err = |detail: &str| Diagnostic::error("Invalid for_each argument").detail(detail.to_string()).at(f.location());
        if matches!(v, Value::Sensitive(_)) {
            return Err(err(
                "Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments: they would be disclosed as resource keys.",
            ));
        }
        return match v {
            Value::Unknown => Err(err("The \"for_each\" map includes keys derived from resource attributes that cannot be determined until apply, and so hadr cannot determine the full set of keys that will identify the instances of this resource.")
                .hint("Use --target to apply first the resources that the for_each depends on, or use keys known in configuration (names, regions) and put the unknown parts in the values.")),
            Value::Map(m) => {
                Ok(m.into_iter().map(|(k, v)| (InstanceKey::Str(k), Some(v))).collect())
            }
            Value::Set(items) => {
                let mut out = vec![];
                for it in items {
                    match it {
                        Value::String(s) => out.push((InstanceKey::Str(s.clone()), Some(Value::String(s)))),
                        Value::Unknown => return Err(err("The \"for_each\" set includes values derived from resource attributes that cannot be determined until apply.")),
                        Value::Sensitive(_) => return Err(err("Sensitive values cannot be used as for_each keys.")),
                        other => {
                            return Err(Diagnostic::error("Invalid for_each set argument")
                                .detail(format!("The given \"for_each\" argument value is unsuitable: \"for_each\" supports sets of strings, but you have provided a set containing type {}.", other.type_name()))
                                .at(f.location()));
                        }
                    }
                }
                Ok(out)
            }
            Value::List(_) => Err(err("The given \"for_each\" argument value is unsuitable: the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type list.")
                .hint("Convert it with toset(...), or build a map with a for expression.")),
            Value::Null => Err(err("The given \"for_each\" argument value is null. A map, or set of strings, is allowed.")),
            other => Err(err(&format!("The given \"for_each\" argument value is unsuitable: a map, or set of strings, is required, not {}.", other.type_name()))),
        };
    }
    Ok(vec![(InstanceKey::None, None)])
}

pub fn instance_scope<'a>(roots: &'a BTreeMap<String, Value>, key: &InstanceKey, each_value: Option<Value>) -> InstanceScope<'a> {
    match key {
        InstanceKey::None => InstanceScope { base: roots, count: None, each: None },
        InstanceKey::Int(i) => InstanceScope {
            base: roots,
            count: Some(Value::Map([("index".to_string(), Value::Number(*i as f64))].into_iter().collect())),
            each: None,
        },
        InstanceKey::Str(k) => InstanceScope {
            base: roots,
            count: None,
            each: Some(Value::Map(
                [("key".to_string(), Value::String(k.clone())), ("value".to_string(), each_value.unwrap_or(Value::Null))]
                    .into_iter()
                    .collect(),
            )),
        },
    }
}

/// Prior attributes in the planner's terms: typed as the schema says, secrets marked.
pub fn prior_value(schema: &ResourceSchema, attrs: &Attrs, shape: &serde_json::Value) -> Value {
    let mut m = BTreeMap::new();
    for (name, a) in &schema.attributes {
        let raw = attrs.get(name).map(Value::from_json).unwrap_or(Value::Null);
        let v = convert(raw.clone(), a.ty()).unwrap_or(raw);
        m.insert(name.clone(), if a.sensitive && !v.is_null() { v.mark() } else { v });
    }
    for (name, b) in &schema.blocks {
        let raw = attrs.get(name).map(Value::from_json).unwrap_or(Value::Null);
        let norm = |v: Value| match v {
            Value::Map(mut bm) => {
                for (an, a) in &b.attributes {
                    let cur = bm.remove(an).unwrap_or(Value::Null);
                    let c = convert(cur.clone(), a.ty()).unwrap_or(cur);
                    bm.insert(an.clone(), if a.sensitive && !c.is_null() { c.mark() } else { c });
                }
                Value::Map(bm)
            }
            other => other,
        };
        let v = match raw {
            Value::List(items) => Value::List(items.into_iter().map(norm).collect()),
            other => norm(other),
        };
        m.insert(name.clone(), v);
    }
    Value::Map(m).with_sensitive_shape(shape)
}

fn get<'v>(v: &'v Value, k: &str) -> &'v Value {
    v.get_attr(k).unwrap_or(&Value::Null)
}

fn same(a: &Value, b: &Value) -> bool {
    a.is_known() && b.is_known() && values_equal(a.clone().unmark_deep().0.unmarked_ref(), b.clone().unmark_deep().0.unmarked_ref())
}

/// True when a changed block forces replacement (the block or a changed nested attribute is force_new).
fn block_forces(bs: &crate::schema::BlockSchema, before: &Value, after: &Value) -> bool {
    if bs.force_new {
        return true;
    }
    let pairs: Vec<(&Value, &Value)> = match (before.unmarked_ref(), after.unmarked_ref()) {
        (Value::List(a), Value::List(b)) if a.len() == b.len() => a.iter().zip(b).collect(),
        (Value::List(_), Value::List(_)) => return bs.attributes.values().any(|a| a.force_new),
        _ => vec![(before, after)],
    };
    pairs.iter().any(|(x, y)| bs.attributes.iter().any(|(n, a)| a.force_new && !same(get(x, n), get(y, n))))
}

pub struct InstancePlan {
    pub change: ResourceChange,
    /// The value other expressions see for this instance.
    pub value: Value,
}

/// Compares one instance's configuration with its prior state.
#[allow(clippy::too_many_arguments)]
pub fn plan_instance(
    address: InstanceAddress,
    r: &Resource,
    schema: &ResourceSchema,
    config: Value,
    prior: Option<&ResourceInstance>,
    provider: &dyn Provider,
    force: Option<ActionReason>,
    dependencies: Vec<String>,
) -> Result<InstancePlan, Diagnostic> {
    let before = prior.map(|p| prior_value(schema, &p.attributes, &p.sensitive_attributes));
    let mut planned = BTreeMap::new();
    let mut changed: Vec<String> = vec![];
    for (name, a) in &schema.attributes {
        if !a.is_argument() {
            continue;
        }
        let mut v = get(&config, name).clone();
        if let Some(b) = &before {
            let ignored = r.lifecycle.ignore_all_changes || r.lifecycle.ignore_changes.iter().any(|i| i == name);
            if ignored || v.is_null() && a.computed {
                v = get(b, name).clone();
            }
        } else if v.is_null() && a.computed {
            v = Value::Unknown;
        }
        if let Some(b) = &before
            && !same(get(b, name), &v)
            && !(get(b, name).is_null() && v.is_null())
        {
            changed.push(name.clone());
        }
        planned.insert(name.clone(), v);
    }
    for (name, bs) in &schema.blocks {
        let mut v = get(&config, name).clone();
        if let Some(b) = &before {
            v = merge_block_computed(v, get(b, name), bs);
            if r.lifecycle.ignore_all_changes || r.lifecycle.ignore_changes.iter().any(|i| i == name) {
                v = get(b, name).clone();
            }
            let empty = |x: &Value| x.is_null() || matches!(x.unmarked_ref(), Value::List(l) if l.is_empty());
            if !(same(get(b, name), &v) || empty(get(b, name)) && empty(&v)) {
                changed.push(name.clone());
            }
        }
        planned.insert(name.clone(), v);
    }
    let replace_paths: Vec<String> = match &before {
        Some(b) => changed
            .iter()
            .filter(|n| match (schema.attributes.get(*n), schema.blocks.get(*n)) {
                (Some(a), _) => a.force_new,
                (None, Some(bs)) => block_forces(bs, get(b, n), &planned[*n]),
                _ => false,
            })
            .cloned()
            .collect(),
        None => vec![],
    };
    let config_json: Attrs = match Value::Map(planned.clone()).to_json() {
        serde_json::Value::Object(o) => o,
        _ => Attrs::new(),
    };
    let (action, reason) = match &before {
        None => (PlanAction::Create, None),
        Some(_) if force.is_some() => (replace_action(r), force),
        Some(_) if !replace_paths.is_empty() => (replace_action(r), Some(ActionReason::ReplaceBecauseCannotUpdate)),
        Some(_) if !changed.is_empty() => (PlanAction::Update, None),
        Some(_) => (PlanAction::NoOp, None),
    };
    // A replacement is a new object: ignore_changes does not carry old values into it.
    if action.is_replace() {
        for name in schema.attributes.keys().chain(schema.blocks.keys()) {
            let ignored = r.lifecycle.ignore_all_changes || r.lifecycle.ignore_changes.iter().any(|i| i == name);
            if ignored && planned.contains_key(name) {
                planned.insert(name.clone(), get(&config, name).clone());
            }
        }
    }
    if r.lifecycle.prevent_destroy && action.is_replace() {
        return Err(Diagnostic::error("Instance cannot be destroyed")
            .detail(format!(
                "Resource {address} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed (replaced: {} forces it).",
                if replace_paths.is_empty() { "--replace".to_string() } else { replace_paths.join(", ") }
            ))
            .at(Some(r.location.clone()))
            .hint("To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using --target."));
    }
    let predicted = provider.predict_id(schema, &config_json);
    for (name, a) in &schema.attributes {
        if a.is_argument() {
            continue;
        }
        let v = match (&before, action) {
            (Some(b), PlanAction::Update | PlanAction::NoOp) => {
                if a.derived_from.iter().any(|d| changed.contains(d)) {
                    Value::Unknown
                } else {
                    get(b, name).clone()
                }
            }
            _ if name == "id" => predicted.clone().map(Value::String).unwrap_or(Value::Unknown),
            _ => Value::Unknown,
        };
        planned.insert(name.clone(), if a.sensitive && !v.is_null() { v.mark() } else { v });
    }
    let after = Value::Map(planned);
    let id = prior.map(|p| p.id.clone()).or(predicted);
    Ok(InstancePlan {
        value: crate::lang::types::as_referenced(&schema.name, after.clone()),
        change: ResourceChange {
            address,
            previous_address: None,
            rtype: schema.name.clone(),
            action,
            reason,
            before,
            after: Some(after),
            replace_paths,
            id,
            dependencies,
            create_before_destroy: r.lifecycle.create_before_destroy,
            invoke: None,
            deposed: None,
            importing: None,
        },
    })
}

/// Nested attributes left unset but decided by the service keep their prior value.
fn merge_block_computed(config: Value, prior: &Value, bs: &crate::schema::BlockSchema) -> Value {
    let merge_one = |c: Value, p: &Value| match c {
        Value::Map(mut m) => {
            for (an, a) in &bs.attributes {
                if a.computed && m.get(an).is_none_or(Value::is_null) {
                    m.insert(an.clone(), get(p, an).clone());
                }
            }
            Value::Map(m)
        }
        other => other,
    };
    match (config, prior.unmarked_ref()) {
        (Value::List(items), Value::List(prior_items)) => {
            Value::List(items.into_iter().enumerate().map(|(i, c)| merge_one(c, prior_items.get(i).unwrap_or(&Value::Null))).collect())
        }
        (c, p) => merge_one(c, p),
    }
}

fn replace_action(r: &Resource) -> PlanAction {
    if r.lifecycle.create_before_destroy { PlanAction::CreateThenDelete } else { PlanAction::DeleteThenCreate }
}

/// Reads every object in state from the provider. Objects that cannot be read
/// (a region down) keep their last known attributes, with a warning.
pub async fn refresh(
    state: &State,
    provider: &Arc<dyn Provider>,
    parallelism: usize,
    warnings: &mut Diagnostics,
) -> BTreeMap<InstanceAddress, Option<Attrs>> {
    let mut out = BTreeMap::new();
    let sem = Arc::new(tokio::sync::Semaphore::new(parallelism.max(1)));
    let mut set = tokio::task::JoinSet::new();
    for (addr, inst) in &state.resources {
        if addr.resource.mode != Mode::Managed {
            continue;
        }
        let Some(schema) = catalog().get(&inst.rtype) else { continue };
        let (p, sem, addr, id) = (provider.clone(), sem.clone(), addr.clone(), inst.id.clone());
        set.spawn(async move {
            let _permit = sem.acquire_owned().await;
            (addr, p.read(schema, &id).await)
        });
    }
    while let Some(res) = set.join_next().await {
        let Ok((addr, r)) = res else { continue };
        match r {
            Ok(v) => {
                out.insert(addr, v);
            }
            Err(e) => warnings.push(
                Diagnostic::warning(format!("Could not refresh {addr}"))
                    .detail(format!("{e}. hadr uses the last known state of this object.")),
            ),
        }
    }
    out
}

/// Makes the plan. Errors stop the plan; warnings are returned with it.
pub async fn make_plan(mut req: PlanRequest<'_>) -> Result<(Plan, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    // Taken, not copied: a large state is the biggest thing a no-op plan holds.
    let mut state = std::mem::take(&mut req.state);
    let (prior_lineage, prior_serial) = (state.lineage.clone(), state.serial);
    let mut drift = vec![];
    if req.options.refresh {
        let refreshed = refresh(&state, &req.provider, req.parallelism, &mut diags).await;
        for (addr, now) in refreshed {
            let inst = state.resources.get_mut(&addr).expect("refreshed from state");
            let schema = catalog().get(&inst.rtype).expect("refreshed only known types");
            match now {
                None => {
                    if inst.status == InstanceStatus::Ready {
                        drift.push(ResourceDrift {
                            address: addr.clone(),
                            rtype: inst.rtype.clone(),
                            before: Some(prior_value(schema, &inst.attributes, &inst.sensitive_attributes)),
                            after: None,
                        });
                    }
                    state.resources.remove(&addr);
                }
                Some(attrs) => {
                    if inst.status == InstanceStatus::Ready && attrs != inst.attributes {
                        let before = prior_value(schema, &inst.attributes, &inst.sensitive_attributes);
                        let after = prior_value(schema, &attrs, &inst.sensitive_attributes);
                        if !same(&before, &after) {
                            drift.push(ResourceDrift {
                                address: addr.clone(),
                                rtype: inst.rtype.clone(),
                                before: Some(before),
                                after: Some(after),
                            });
                        }
                    }
                    inst.attributes = attrs;
                    inst.status = InstanceStatus::Ready;
                }
            }
        }
    }
    // Pending creates that were not found (or not refreshed) never happened.
    state.resources.retain(|_, r| r.status == InstanceStatus::Ready);
    let moved = apply_moves(&mut state, req.module, req.sources, &mut diags);
    let importing = plan_imports(&req, &mut state, &mut diags).await;
    if diags.has_errors() {
        return Err(diags);
    }

    let replace: Vec<InstanceAddress> = req.options.replace.iter().filter_map(|s| InstanceAddress::parse(s).ok()).collect();
    let mut changes: Vec<ResourceChange> = vec![];
    let mut outputs: Vec<OutputChange> = vec![];
    let mut in_config: BTreeSet<InstanceAddress> = BTreeSet::new();
    let mut expanded: BTreeMap<String, Vec<InstanceKey>> = BTreeMap::new();
    let mut insts = ModuleInstances::new(req.module, &req.variables, &req.extra_roots);
    insts.sources = Some(req.sources);

    for &ni in &req.graph.order {
        let node = &req.graph.graph[ni];
        for idx in insts.of(node.module_path()) {
            let (module, env) = (insts.list[idx].module, insts.list[idx].env.clone());
            match node {
                Node::Variable(..) => {}
                Node::Local(_, name) => {
                    let l = &module.locals[name];
                    let v = Evaluator::new(&insts.list[idx].roots, &env).eval(&l.expr.expr).unwrap_or_else(|e| {
                        diags.push(eval_diag(e, l.expr.file));
                        Value::Unknown
                    });
                    insts.set(idx, "local", name, v);
                }
                Node::Resource(_, key) => {
                    let r = &module.resources[key];
                    let path = insts.list[idx].path.clone();
                    let value = plan_resource(
                        &req,
                        r,
                        &path,
                        &insts.list[idx].roots,
                        &env,
                        &state,
                        &replace,
                        &mut changes,
                        &mut in_config,
                        &mut expanded,
                    )
                    .await
                    .unwrap_or_else(|d| {
                        diags.extend(d);
                        Value::Unknown
                    });
                    set_resource_value(&mut insts.list[idx].roots, r, value);
                }
                Node::ModuleCall(_, name) => {
                    if let Err(d) = insts.expand_call(idx, name) {
                        diags.extend(d);
                    }
                }
                Node::Output(_, name) if !insts.list[idx].path.is_empty() => {
                    let o = &module.outputs[name];
                    let mut ev = Evaluator::new(&insts.list[idx].roots, &env);
                    conditions::check(&o.preconditions, &mut ev, ConditionKind::OutputPrecondition, &mut diags);
                    let v = ev.eval(&o.value.expr).unwrap_or_else(|e| {
                        diags.push(eval_diag(e, o.value.file));
                        Value::Unknown
                    });
                    insts.set_output(idx, name, if o.sensitive { v.mark() } else { v });
                }
                Node::Output(_, name) => {
                    let o = &module.outputs[name];
                    let mut ev = Evaluator::new(&insts.list[idx].roots, &env);
                    conditions::check(&o.preconditions, &mut ev, ConditionKind::OutputPrecondition, &mut diags);
                    match ev.eval(&o.value.expr) {
                        Ok(v) => {
                            if v.is_sensitive() && !o.sensitive {
                                diags.push(
                                    Diagnostic::error("Output refers to sensitive values")
                                        .detail(format!(
                                            "Output \"{name}\" uses a sensitive value, so its value would be shown in plain text."
                                        ))
                                        .at(o.value.location())
                                        .hint("Set sensitive = true on the output to show that you intend to export it."),
                                );
                            }
                            let v = if o.sensitive { v.mark() } else { v };
                            let before = state.outputs.get(name).map(|s| Value::from_json(&s.value).mark_if(s.sensitive));
                            let action = match &before {
                                None => PlanAction::Create,
                                Some(b) if same(b, &v) => PlanAction::NoOp,
                                Some(_) => PlanAction::Update,
                            };
                            outputs.push(OutputChange { name: name.clone(), action, before, after: Some(v), sensitive: o.sensitive });
                        }
                        Err(e) => diags.push(eval_diag(e, o.value.file)),
                    }
                }
            }
        }
    }
    if !req.options.destroy {
        for inst in &insts.list {
            for c in inst.module.checks.values() {
                conditions::check(&c.asserts, &mut Evaluator::new(&inst.roots, &inst.env), ConditionKind::CheckAssertion, &mut diags);
            }
        }
    }
    let module_instances: Vec<String> = insts.list.iter().map(|m| m.path.clone()).collect();
    for (name, o) in &state.outputs {
        if !req.module.outputs.contains_key(name) {
            outputs.push(OutputChange {
                name: name.clone(),
                action: PlanAction::Delete,
                before: Some(Value::from_json(&o.value).mark_if(o.sensitive)),
                after: None,
                sensitive: o.sensitive,
            });
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for c in changes.iter_mut() {
        if let Some(from) = moved.get(&c.address) {
            c.previous_address = Some(from.clone());
        }
        c.importing = importing.get(&c.address).cloned();
    }
    propagate_create_before_destroy(&mut changes);
    plan_orphans(&req, &state, &in_config, &expanded, &module_instances, &mut changes, &mut diags);
    apply_removed(req.module, req.sources, &mut changes, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    if req.options.destroy {
        changes = destroy_changes(&state);
        outputs = state
            .outputs
            .iter()
            .map(|(n, o)| OutputChange {
                name: n.clone(),
                action: PlanAction::Delete,
                before: Some(Value::from_json(&o.value).mark_if(o.sensitive)),
                after: None,
                sensitive: o.sensitive,
            })
            .collect();
    }
    if !req.options.targets.is_empty() {
        filter_targets(&req, &mut changes, &mut diags)?;
        outputs.clear();
    }
    changes.sort_by(|a, b| a.address.cmp(&b.address).then(a.deposed.cmp(&b.deposed)));
    outputs.sort_by(|a, b| a.name.cmp(&b.name));
    let plan = Plan {
        format: PLAN_FORMAT,
        hadr_version: env!("CARGO_PKG_VERSION").to_string(),
        created: crate::util::now_rfc3339(),
        prior_lineage,
        prior_serial,
        variables: req.variables.iter().map(|(k, v)| (k.clone(), v.to_tagged())).collect(),
        sources: req.sources.files().iter().map(|f| (f.name.clone(), f.text.clone())).collect(),
        options: req.options.clone(),
        changes,
        drift,
        outputs,
        prior_state: state,
        dr: None,
        errored: false,
        module_instances,
    };
    Ok((plan, diags))
}

#[allow(clippy::too_many_arguments)]
async fn plan_resource(
    req: &PlanRequest<'_>,
    r: &Resource,
    module_path: &str,
    roots: &BTreeMap<String, Value>,
    env: &FnEnv,
    state: &State,
    replace: &[InstanceAddress],
    changes: &mut Vec<ResourceChange>,
    in_config: &mut BTreeSet<InstanceAddress>,
    expanded: &mut BTreeMap<String, Vec<InstanceKey>>,
) -> Result<Value, Diagnostics> {
    let Some(schema) = catalog().get(&r.rtype) else {
        let mut d = Diagnostic::error("Invalid resource type")
            .detail(format!("hadr does not know resource type \"{}\".", r.rtype))
            .at(Some(r.location.clone()));
        if let Some(s) = did_you_mean(&r.rtype, catalog().names()) {
            d = d.hint(format!("Did you mean \"{s}\"?"));
        } else {
            d = d.hint("`hadr validate` lists nothing else; the known types are in schemas/ (azure_resource covers any other ARM type).");
        }
        return Err(Diagnostics(vec![d]));
    };
    if r.mode == Mode::Data {
        return plan_data(req, r, module_path, roots, env, changes, expanded).await;
    }
    if schema.data_only {
        return Err(Diagnostics(vec![
            Diagnostic::error(format!("{} is a data source", r.rtype))
                .detail("It describes something that exists; there is nothing to create.")
                .at(Some(r.location.clone()))
                .hint(format!("Write data \"{}\" \"{}\" {{ … }} and refer to it as data.{}.{}.", r.rtype, r.name, r.rtype, r.name)),
        ]));
    }
    let keys = expand(r.count.as_ref(), r.for_each.as_ref(), roots, env).map_err(|d| Diagnostics(vec![d]))?;
    let raddr = ResourceAddress { module: module_path.to_string(), mode: r.mode, rtype: r.rtype.clone(), name: r.name.clone() };
    let deps: Vec<String> = req.graph.resource_dependencies(&Node::Resource(raddr.static_module(), r.key())).into_iter().collect();
    let mut diags = Diagnostics::default();
    let mut values: Vec<(InstanceKey, Value)> = vec![];
    expanded.insert(raddr.to_string(), keys.iter().map(|(k, _)| k.clone()).collect());
    for (key, each_value) in keys {
        let address = InstanceAddress { resource: raddr.clone(), key: key.clone() };
        let scope = instance_scope(roots, &key, each_value);
        let mut ev = Evaluator::new(&scope, env);
        conditions::check(&r.lifecycle.preconditions, &mut ev, ConditionKind::ResourcePrecondition, &mut diags);
        let config = match eval_body(r, schema, &mut ev) {
            Ok(c) => c,
            Err(d) => {
                diags.extend(d);
                values.push((key, Value::Unknown));
                continue;
            }
        };
        let (prior, moved_from) = match state.resources.get(&address) {
            Some(p) => (Some(p), None),
            None => implicit_move(state, &address),
        };
        let force = if replace.iter().any(|t| address.matches(t)) {
            Some(ActionReason::ReplaceByRequest)
        } else if r.lifecycle.replace_triggered_by.iter().any(|e| triggered(e, module_path, changes, &scope, env)) {
            Some(ActionReason::ReplaceByTriggers)
        } else {
            None
        };
        match plan_instance(address.clone(), r, schema, config, prior, req.provider.as_ref(), force, deps.clone()) {
            Ok(mut ip) => {
                if !r.lifecycle.postconditions.is_empty() {
                    let mut ev = Evaluator::new(&scope, env);
                    ev.bind("self", ip.value.clone());
                    conditions::check(&r.lifecycle.postconditions, &mut ev, ConditionKind::ResourcePostcondition, &mut diags);
                }
                ip.change.previous_address = moved_from.clone();
                if let Some(m) = moved_from {
                    in_config.insert(m);
                }
                in_config.insert(address);
                values.push((key, ip.value));
                changes.push(ip.change);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(resource_value(r, values))
}

/// `removed` blocks: `from` must be gone from the configuration; with
/// `destroy = false`, deleting its objects becomes forgetting them.
fn apply_removed(root: &Module, sources: &SourceMap, changes: &mut [ResourceChange], diags: &mut Diagnostics) {
    let mut forgotten = vec![];
    for (path, m) in root.walk() {
        for r in &m.removed {
            let text = r.from.text(sources);
            let here = |what: &str| if path.is_empty() { what.to_string() } else { format!("{path}.{what}") };
            // A module (`module.x`) or a resource (`type.name`), without instance keys.
            let (target, declared) = if let Some(call) = text.strip_prefix("module.").filter(|c| !c.contains('.')) {
                (here(text), m.calls.get(call).map(|c| c.location.clone()))
            } else {
                match InstanceAddress::parse(text) {
                    Ok(a) if a.key == InstanceKey::None && a.resource.module.is_empty() => {
                        (here(&a.resource.local_key()), m.resources.get(&a.resource.local_key()).map(|x| x.location.clone()))
                    }
                    _ => {
                        diags.push(
                            Diagnostic::error("Invalid removed address")
                                .detail(format!("\"{text}\" is not a resource or module address without instance keys."))
                                .at(r.from.location())
                                .hint("Write from = type.name or from = module.name: a removed block covers every instance."),
                        );
                        continue;
                    }
                }
            };
            if let Some(at) = declared {
                diags.push(
                    Diagnostic::error("Removed resource still exists")
                        .detail(format!("This statement declares that {target} was removed, but it is still declared in configuration."))
                        .at(Some(at))
                        .related(r.location.clone(), "declared removed here")
                        .hint("Delete the block from the configuration, or delete the removed block."),
                );
                continue;
            }
            if r.destroy {
                continue;
            }
            for c in changes.iter_mut().filter(|c| c.action == PlanAction::Delete && c.deposed.is_none()) {
                let key = c.address.resource.static_key();
                let module = c.address.resource.static_module();
                if key == target || module == target || module.starts_with(&format!("{target}.")) {
                    c.action = PlanAction::Forget;
                    c.after = None;
                    forgotten.push(c.address.to_string());
                }
            }
        }
    }
    if !forgotten.is_empty() {
        diags.push(Diagnostic::warning("Some objects will no longer be managed by hadr").detail(format!(
            "If you apply this plan, hadr will discard its tracking information for the following objects, but it will not delete them:\n{}\n\nAfter applying this plan, hadr will no longer manage these objects. You will need to import them into hadr to manage them again.",
            forgotten.iter().map(|a| format!(" - {a}")).collect::<Vec<_>>().join("\n")
        )));
    }
}

/// Whether a `replace_triggered_by` reference changes in this plan: the
/// resource is replaced or updated, or (for `type.name.attr`) that attribute changes.
fn triggered(e: &crate::config::Expr, module_path: &str, changes: &[ResourceChange], scope: &InstanceScope, env: &FnEnv) -> bool {
    // `x[each.key]` names one instance: evaluate the index in this instance's scope.
    let only_key: Option<InstanceKey> = match &e.expr {
        hcl::edit::expr::Expression::Traversal(t) => t.operators.iter().find_map(|op| match op.value() {
            hcl::edit::expr::TraversalOperator::Index(ie) => match Evaluator::new(scope, env).eval(ie).map(|v| v.unmark_deep().0) {
                Ok(Value::String(s)) => Some(InstanceKey::Str(s)),
                Ok(Value::Number(n)) => Some(InstanceKey::Int(n as i64)),
                _ => None,
            },
            _ => None,
        }),
        _ => None,
    };
    crate::lang::eval::references(&e.expr).iter().any(|r| {
        if r.parts.len() < 2 || matches!(r.parts[0].as_str(), "var" | "local" | "count" | "each" | "path" | "dr" | "module" | "data") {
            return false;
        }
        let key = format!("{}.{}", r.parts[0], r.parts[1]);
        changes
            .iter()
            .filter(|c| c.address.resource.module == module_path && c.address.resource.local_key() == key)
            .filter(|c| only_key.as_ref().is_none_or(|k| *k == c.address.key))
            .any(|c| {
                let changing = matches!(
                    c.action,
                    PlanAction::Update | PlanAction::DeleteThenCreate | PlanAction::CreateThenDelete | PlanAction::Invoke
                );
                match r.parts.get(2) {
                    None => changing,
                    Some(attr) => {
                        let b = c.before.as_ref().and_then(|v| v.get_attr(attr)).cloned().unwrap_or(Value::Null);
                        let a = c.after.as_ref().and_then(|v| v.get_attr(attr)).cloned().unwrap_or(Value::Null);
                        changing && !same(&b, &a)
                    }
                }
            })
    })
}

/// Applies `moved` blocks to the state the plan compares against; returns
/// each moved object's new address with its old one.
fn apply_moves(state: &mut State, m: &Module, sources: &SourceMap, diags: &mut Diagnostics) -> BTreeMap<InstanceAddress, InstanceAddress> {
    let mut moved: BTreeMap<InstanceAddress, InstanceAddress> = BTreeMap::new();
    for (from_e, to_e) in &m.moved {
        let (from, to) = (from_e.text(sources).to_string(), to_e.text(sources).to_string());
        let renames: Vec<(InstanceAddress, InstanceAddress)> = match (InstanceAddress::parse(&from), InstanceAddress::parse(&to)) {
            (Ok(f), Ok(t)) if f.key == crate::addr::InstanceKey::None && t.key == crate::addr::InstanceKey::None => state
                .resources
                .keys()
                .filter(|a| a.resource == f.resource)
                .map(|a| (a.clone(), InstanceAddress { resource: t.resource.clone(), key: a.key.clone() }))
                .collect(),
            (Ok(f), Ok(t)) => state.resources.keys().filter(|a| **a == f).map(|a| (a.clone(), t.clone())).collect(),
            _ if from.starts_with("module.") && to.starts_with("module.") => state
                .resources
                .keys()
                .filter(|a| a.resource.module == from || a.resource.module.starts_with(&format!("{from}.")))
                .map(|a| {
                    let mut n = a.clone();
                    n.resource.module = format!("{to}{}", &a.resource.module[from.len()..]);
                    (a.clone(), n)
                })
                .collect(),
            _ => {
                diags.push(
                    Diagnostic::error("Invalid moved block")
                        .detail(format!("\"{from}\" → \"{to}\": both must be resource, instance or module addresses of the same kind."))
                        .at(from_e.location()),
                );
                continue;
            }
        };
        if let Ok(f) = InstanceAddress::parse(&from) {
            let declared = m.resources.get(&f.resource.local_key()).filter(|_| f.resource.module.is_empty());
            // Only a single (non-repeated) resource is certainly still declared here;
            // whether an indexed instance is depends on count/for_each, known later.
            let still = f.key == crate::addr::InstanceKey::None && declared.is_some_and(|r| r.count.is_none() && r.for_each.is_none());
            if still {
                diags.push(
                    Diagnostic::error("Moved object still exists")
                        .detail(format!("This statement declares a move from {from}, but that resource instance is still declared in the configuration."))
                        .at(from_e.location())
                        .hint("Change your configuration so that this address is declared only as the target of the move, or remove the moved block."),
                );
                continue;
            }
        }
        for (old, new) in renames {
            if state.resources.contains_key(&new) {
                continue;
            }
            if let Some(mut inst) = state.resources.remove(&old) {
                inst.address = new.clone();
                state.resources.insert(new.clone(), inst);
                let origin = moved.remove(&old).unwrap_or(old);
                moved.insert(new, origin);
            }
        }
    }
    moved
}

/// Reads the objects `import` blocks adopt into the state the plan compares against.
async fn plan_imports(req: &PlanRequest<'_>, state: &mut State, diags: &mut Diagnostics) -> BTreeMap<InstanceAddress, String> {
    let mut out = BTreeMap::new();
    let roots = base_roots(req.module, &req.variables);
    let env = FnEnv { module_dir: req.module.dir.clone(), root_dir: req.module.dir.clone() };
    for (to_e, id_e) in &req.module.imports {
        let to = match InstanceAddress::parse(to_e.text(req.sources)) {
            Ok(a) => a,
            Err(e) => {
                diags.push(Diagnostic::error("Invalid import address").detail(e).at(to_e.location()));
                continue;
            }
        };
        let id = match Evaluator::new(&roots, &env).eval(&id_e.expr).map(|v| v.unmark_deep().0) {
            Ok(Value::String(s)) => s,
            Ok(_) => {
                diags.push(Diagnostic::error("Invalid import id").detail("The id must be a string.").at(id_e.location()));
                continue;
            }
            Err(e) => {
                diags.push(eval_diag(e, id_e.file));
                continue;
            }
        };
        if state.resources.contains_key(&to) {
            continue;
        }
        let Some(schema) = catalog().get(&to.resource.rtype) else {
            diags.push(Diagnostic::error(format!("Unknown resource type {}", to.resource.rtype)).at(to_e.location()));
            continue;
        };
        match req.provider.read(schema, &id).await {
            Ok(Some(attrs)) => {
                let inst = ResourceInstance {
                    address: to.clone(),
                    rtype: to.resource.rtype.clone(),
                    id: id.clone(),
                    status: InstanceStatus::Ready,
                    attributes: attrs,
                    sensitive_attributes: serde_json::Value::Null,
                    dependencies: vec![],
                    create_before_destroy: false,
                    deposed: vec![],
                };
                state.resources.insert(to.clone(), inst);
                out.insert(to, id);
            }
            Ok(None) => diags.push(
                Diagnostic::error("Cannot import non-existent remote object")
                    .detail(format!(
                        "While attempting to import an existing object to \"{to}\", the provider found no object with id \"{id}\"."
                    ))
                    .at(id_e.location())
                    .hint("Check the id; hadr imports only objects that exist."),
            ),
            Err(e) => diags.push(Diagnostic::error(format!("Error importing {to}")).detail(e.to_string()).at(id_e.location())),
        }
    }
    out
}

/// Terraform propagates create_before_destroy to what a resource depends on.
fn propagate_create_before_destroy(changes: &mut [ResourceChange]) {
    let mut keys: BTreeSet<String> = changes.iter().filter(|c| c.create_before_destroy).map(|c| c.address.resource.static_key()).collect();
    loop {
        let more: Vec<String> = changes
            .iter()
            .filter(|c| keys.contains(&c.address.resource.static_key()))
            .flat_map(|c| c.dependencies.iter().cloned())
            .filter(|d| !keys.contains(d))
            .collect();
        if more.is_empty() {
            break;
        }
        keys.extend(more);
    }
    for c in changes.iter_mut() {
        if keys.contains(&c.address.resource.static_key()) && c.deposed.is_none() {
            c.create_before_destroy = true;
            if c.action == PlanAction::DeleteThenCreate {
                c.action = PlanAction::CreateThenDelete;
            }
        }
    }
}

/// A resource's value as expressions see it, from its instances' values (in
/// key order): a list with count, a map by key with for_each, else the one value.
pub fn resource_value(r: &Resource, values: impl IntoIterator<Item = (InstanceKey, Value)>) -> Value {
    let mut values = values.into_iter();
    match (&r.count, &r.for_each) {
        (Some(_), _) => Value::List(values.map(|(_, v)| v).collect()),
        (_, Some(_)) => Value::Map(
            values
                .map(|(k, v)| match k {
                    InstanceKey::Str(s) => (s, v),
                    other => (other.to_string(), v),
                })
                .collect(),
        ),
        _ => values.next().map(|(_, v)| v).unwrap_or(Value::Null),
    }
}

/// Puts a resource's value where expressions find it: `type.name`, or `data.type.name`.
pub fn set_resource_value(roots: &mut BTreeMap<String, Value>, r: &Resource, v: Value) {
    let mut slot =
        roots.entry(if r.mode == Mode::Data { "data".to_string() } else { r.rtype.clone() }).or_insert_with(|| Value::Map(BTreeMap::new()));
    if r.mode == Mode::Data
        && let Value::Map(m) = slot
    {
        slot = m.entry(r.rtype.clone()).or_insert_with(|| Value::Map(BTreeMap::new()));
    }
    if let Value::Map(m) = slot {
        m.insert(r.name.clone(), v);
    }
}

/// A data source: read now when its arguments are known, else during apply (`<=`).
async fn plan_data(
    req: &PlanRequest<'_>,
    r: &Resource,
    module_path: &str,
    roots: &BTreeMap<String, Value>,
    env: &FnEnv,
    changes: &mut Vec<ResourceChange>,
    expanded: &mut BTreeMap<String, Vec<InstanceKey>>,
) -> Result<Value, Diagnostics> {
    let schema = catalog().get(&r.rtype).expect("checked by the caller");
    let Some(ds) = schema.as_data_source() else {
        let with: Vec<&str> = catalog().all().filter(|s| s.data_source.is_some()).map(|s| s.name.as_str()).collect();
        return Err(Diagnostics(vec![
            Diagnostic::error("Invalid data source")
                .detail(format!("There is no data source of type \"{}\".", r.rtype))
                .at(Some(r.location.clone()))
                .hint(format!("Data sources: {}.", with.join(", "))),
        ]));
    };
    let keys = expand(r.count.as_ref(), r.for_each.as_ref(), roots, env).map_err(|d| Diagnostics(vec![d]))?;
    let raddr = ResourceAddress { module: module_path.to_string(), mode: Mode::Data, rtype: r.rtype.clone(), name: r.name.clone() };
    expanded.insert(raddr.to_string(), keys.iter().map(|(k, _)| k.clone()).collect());
    let deps: Vec<String> = req.graph.resource_dependencies(&Node::Resource(raddr.static_module(), r.key())).into_iter().collect();
    let mut diags = Diagnostics::default();
    let mut values = vec![];
    for (key, each) in keys {
        let address = InstanceAddress { resource: raddr.clone(), key: key.clone() };
        let scope = instance_scope(roots, &key, each);
        conditions::check(&r.lifecycle.preconditions, &mut Evaluator::new(&scope, env), ConditionKind::ResourcePrecondition, &mut diags);
        let config = match eval_body(r, &ds, &mut Evaluator::new(&scope, env)) {
            Ok(c) => c,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let pending = changes.iter().any(|c| c.action != PlanAction::NoOp && deps.contains(&c.address.resource.static_key()));
        let (action, reason, after) = if config.is_known() && !pending {
            let serde_json::Value::Object(args) = config.to_json() else { continue };
            match req.provider.read_data(&ds, &args).await {
                Ok(attrs) => (PlanAction::NoOp, None, prior_value(&ds, &attrs, &serde_json::Value::Null)),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(format!("Error reading {address}"))
                            .detail(e.to_string())
                            .at(Some(r.location.clone()))
                            .hint("A data source reads something that must already exist: check its arguments, or create it first."),
                    );
                    continue;
                }
            }
        } else {
            let mut m = match config {
                Value::Map(m) => m,
                _ => BTreeMap::new(),
            };
            for (k, a) in &ds.attributes {
                if a.computed {
                    m.insert(k.clone(), Value::Unknown);
                }
            }
            let reason = if pending { ActionReason::ReadBecauseDependencyPending } else { ActionReason::ReadBecauseConfigUnknown };
            (PlanAction::Read, Some(reason), Value::Map(m))
        };
        if !r.lifecycle.postconditions.is_empty() {
            let mut ev = Evaluator::new(&scope, env);
            ev.bind("self", after.clone());
            conditions::check(&r.lifecycle.postconditions, &mut ev, ConditionKind::ResourcePostcondition, &mut diags);
        }
        values.push((key, after.clone()));
        changes.push(ResourceChange {
            address,
            previous_address: None,
            rtype: r.rtype.clone(),
            action,
            reason,
            before: None,
            after: Some(after),
            replace_paths: vec![],
            id: None,
            dependencies: deps.clone(),
            create_before_destroy: false,
            invoke: None,
            deposed: None,
            importing: None,
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(resource_value(r, values))
}

/// Terraform's implicit move between `x` and `x[0]` when count is added or removed.
fn implicit_move<'s>(state: &'s State, address: &InstanceAddress) -> (Option<&'s ResourceInstance>, Option<InstanceAddress>) {
    let other_key = match address.key {
        InstanceKey::Int(0) => InstanceKey::None,
        InstanceKey::None => InstanceKey::Int(0),
        _ => return (None, None),
    };
    let other = InstanceAddress { resource: address.resource.clone(), key: other_key };
    match state.resources.get(&other) {
        Some(p) => (Some(p), Some(other)),
        None => (None, None),
    }
}

fn plan_orphans(
    req: &PlanRequest,
    state: &State,
    in_config: &BTreeSet<InstanceAddress>,
    expanded: &BTreeMap<String, Vec<InstanceKey>>,
    module_instances: &[String],
    changes: &mut Vec<ResourceChange>,
    diags: &mut Diagnostics,
) {
    for (addr, inst) in &state.resources {
        let Some(schema) = catalog().get(&inst.rtype) else { continue };
        let before = Some(prior_value(schema, &inst.attributes, &inst.sensitive_attributes));
        for d in &inst.deposed {
            changes.push(ResourceChange {
                address: addr.clone(),
                previous_address: None,
                rtype: inst.rtype.clone(),
                action: PlanAction::Delete,
                reason: None,
                before: Some(prior_value(schema, &d.attributes, &serde_json::Value::Null)),
                after: None,
                replace_paths: vec![],
                id: Some(d.id.clone()),
                dependencies: inst.dependencies.clone(),
                create_before_destroy: false,
                invoke: None,
                deposed: Some(d.key.clone()),
                importing: None,
            });
        }
        if in_config.contains(addr) {
            continue;
        }
        let key = addr.resource.local_key();
        let module = req.module.at(&addr.resource.static_module());
        let config = module.and_then(|m| m.resources.get(&key));
        // Terraform: a removed module call is "no resource config"; a removed instance of a call that remains is "no module".
        let instance_gone = module.is_some() && !addr.resource.module.is_empty() && !module_instances.contains(&addr.resource.module);
        let reason = match (config, expanded.get(&addr.resource.to_string())) {
            _ if instance_gone => ActionReason::DeleteBecauseNoModule,
            (None, _) => ActionReason::DeleteBecauseNoResourceConfig,
            (Some(r), Some(keys)) => match (&addr.key, keys.first(), r.count.is_some(), r.for_each.is_some()) {
                (InstanceKey::Int(_), _, true, _) => ActionReason::DeleteBecauseCountIndex,
                (InstanceKey::Str(_), _, _, true) => ActionReason::DeleteBecauseEachKey,
                _ => ActionReason::DeleteBecauseWrongRepetition,
            },
            (Some(_), None) => continue,
        };
        if let Some(r) = config
            && r.lifecycle.prevent_destroy
        {
            diags.push(
                Diagnostic::error("Instance cannot be destroyed")
                    .detail(format!(
                        "Resource {addr} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed."
                    ))
                    .at(Some(r.location.clone()))
                    .hint("Disable lifecycle.prevent_destroy, or reduce the scope of the plan using --target."),
            );
            continue;
        }
        changes.push(ResourceChange {
            address: addr.clone(),
            previous_address: None,
            rtype: inst.rtype.clone(),
            action: PlanAction::Delete,
            reason: Some(reason),
            before,
            after: None,
            replace_paths: vec![],
            id: Some(inst.id.clone()),
            dependencies: inst.dependencies.clone(),
            create_before_destroy: inst.create_before_destroy,
            invoke: None,
            deposed: None,
            importing: None,
        });
    }
}

fn destroy_changes(state: &State) -> Vec<ResourceChange> {
    let mut out = vec![];
    for (addr, inst) in &state.resources {
        let Some(schema) = catalog().get(&inst.rtype) else { continue };
        let objects = std::iter::once((None, inst.id.clone(), &inst.attributes))
            .chain(inst.deposed.iter().map(|d| (Some(d.key.clone()), d.id.clone(), &d.attributes)));
        for (deposed, id, attrs) in objects {
            out.push(ResourceChange {
                address: addr.clone(),
                previous_address: None,
                rtype: inst.rtype.clone(),
                action: PlanAction::Delete,
                reason: None,
                before: Some(prior_value(schema, attrs, &inst.sensitive_attributes)),
                after: None,
                replace_paths: vec![],
                id: Some(id),
                dependencies: inst.dependencies.clone(),
                create_before_destroy: false,
                invoke: None,
                deposed,
                importing: None,
            });
        }
    }
    out
}

/// Keeps the targeted instances and everything they depend on.
fn filter_targets(req: &PlanRequest, changes: &mut Vec<ResourceChange>, diags: &mut Diagnostics) -> Result<(), Diagnostics> {
    let mut targets = vec![];
    for t in &req.options.targets {
        match InstanceAddress::parse(t) {
            Ok(a) => targets.push(a),
            Err(e) => {
                diags.push(Diagnostic::error("Invalid target address").detail(format!("--target {e}")));
                return Err(std::mem::take(diags));
            }
        }
    }
    let mut keep_resources: BTreeSet<String> = BTreeSet::new();
    for t in &targets {
        keep_resources.extend(req.graph.resource_dependencies(&Node::Resource(t.resource.static_module(), t.resource.local_key())));
    }
    changes.retain(|c| {
        targets.iter().any(|t| c.address.matches(t))
            || (keep_resources.contains(&c.address.resource.static_key()) && !matches!(c.action, PlanAction::Delete))
    });
    diags.push(
        Diagnostic::warning("Resource targeting is in effect")
            .detail("You are creating a plan with --target, which means that the result of this plan may not represent all of the changes requested by the current configuration.")
            .hint("Use --target only in exceptional situations, such as recovering from errors or mistakes."),
    );
    Ok(())
}
