//! Type constraints (`string`, `list(string)`, `object({…})`, …) and
//! Terraform's conversions between types.

use super::eval::{to_bool, to_number};
use super::value::{Value, format_number};
use hcl::edit::expr::{Expression, ObjectKey};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    /// Attributes with their type and, for `optional(T, default)`, whether optional and the default.
    Object(BTreeMap<String, ObjectAttr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectAttr {
    pub ty: Type,
    pub optional: bool,
    pub default: Option<Value>,
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Tuple(ts) => {
                let parts: Vec<String> = ts.iter().map(|t| t.to_string()).collect();
                write!(f, "tuple([{}])", parts.join(", "))
            }
            Type::Object(attrs) => {
                let parts: Vec<String> = attrs.iter().map(|(k, a)| format!("{k} = {}", a.ty)).collect();
                write!(f, "object({{{}}})", parts.join(", "))
            }
        }
    }
}

/// Parses a type written as a string (schemas use `"list(string)"`).
pub fn parse_type_str(s: &str) -> Result<Type, String> {
    let e = hcl::edit::parser::parse_expr(s).map_err(|e| format!("invalid type \"{s}\": {}", e.message()))?;
    parse_type_expr(&e)
}

/// Parses a type constraint expression as written in a `variable` block.
pub fn parse_type_expr(e: &Expression) -> Result<Type, String> {
    match e {
        Expression::Variable(v) => match v.as_str() {
            "any" => Ok(Type::Any),
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "list" => Ok(Type::List(Box::new(Type::Any))),
            "map" => Ok(Type::Map(Box::new(Type::Any))),
            "set" => Ok(Type::Set(Box::new(Type::Any))),
            other => Err(format!(
                "\"{other}\" is not a type; use string, number, bool, list(T), set(T), map(T), object({{…}}), tuple([…]) or any"
            )),
        },
        Expression::FuncCall(f) => {
            let name = f.name.name.as_str();
            let arg = |i: usize| f.args.get(i).ok_or_else(|| format!("{name}(…) needs an argument"));
            match name {
                "list" => Ok(Type::List(Box::new(parse_type_expr(arg(0)?)?))),
                "set" => Ok(Type::Set(Box::new(parse_type_expr(arg(0)?)?))),
                "map" => Ok(Type::Map(Box::new(parse_type_expr(arg(0)?)?))),
                "tuple" => match arg(0)? {
                    Expression::Array(a) => Ok(Type::Tuple(a.iter().map(parse_type_expr).collect::<Result<_, _>>()?)),
                    _ => Err("tuple([…]) takes a list of types".into()),
                },
                "object" => match arg(0)? {
                    Expression::Object(o) => {
                        let mut attrs = BTreeMap::new();
                        for (k, v) in o.iter() {
                            let key = match k {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::Variable(i)) => i.as_str().to_string(),
                                ObjectKey::Expression(e) => e.as_str().map(str::to_string).ok_or("object keys are names")?,
                            };
                            attrs.insert(key, parse_object_attr(v.expr())?);
                        }
                        Ok(Type::Object(attrs))
                    }
                    _ => Err("object({…}) takes an object of attribute types".into()),
                },
                other => Err(format!("\"{other}\" is not a type constructor")),
            }
        }
        _ => Err("a type constraint is a type name or constructor, such as string or list(string)".into()),
    }
}

fn parse_object_attr(e: &Expression) -> Result<ObjectAttr, String> {
    if let Expression::FuncCall(f) = e
        && f.name.name.as_str() == "optional"
    {
        let ty = parse_type_expr(f.args.get(0).ok_or("optional(T) needs a type")?)?;
        let default = match f.args.get(1) {
            None => None,
            Some(d) => {
                let empty = BTreeMap::new();
                let env = super::functions::FnEnv::default();
                let v = super::eval::Evaluator::new(&empty, &env).eval(d).map_err(|e| e.detail)?;
                Some(convert(v, &ty).map_err(|e| format!("invalid default for optional attribute: {e}"))?)
            }
        };
        return Ok(ObjectAttr { ty, optional: true, default });
    }
    Ok(ObjectAttr { ty: parse_type_expr(e)?, optional: false, default: None })
}

/// Converts `v` to type `t` as Terraform does (numbers ↔ strings, "true" →
/// bool, tuples → lists, objects → maps…). Errors name the path at fault.
pub fn convert(v: Value, t: &Type) -> Result<Value, String> {
    convert_at(v, t, "")
}

fn at(path: &str) -> String {
    if path.is_empty() { String::new() } else { format!(" at {path}") }
}

fn convert_at(v: Value, t: &Type, path: &str) -> Result<Value, String> {
    match v {
        Value::Unknown | Value::Null => return Ok(v),
        Value::Sensitive(inner) => return Ok(convert_at(*inner, t, path)?.mark()),
        _ => {}
    }
    let mismatch = |v: &Value| Err(format!("{t} required{}, but got {}", at(path), v.type_name()));
    match t {
        Type::Any => Ok(v),
        Type::String => match &v {
            Value::String(_) => Ok(v),
            Value::Number(n) => Ok(Value::String(format_number(*n))),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            _ => mismatch(&v),
        },
        Type::Number => match to_number(&v) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                if let Value::String(s) = &v {
                    Err(format!("a number is required{}, but \"{s}\" is not a number", at(path)))
                } else {
                    mismatch(&v)
                }
            }
        },
        Type::Bool => match to_bool(&v) {
            Some(b) => Ok(Value::Bool(b)),
            None => mismatch(&v),
        },
        Type::List(et) | Type::Set(et) => {
            let items = match v {
                Value::List(items) | Value::Set(items) => items,
                other => return mismatch(&other),
            };
            let items =
                items.into_iter().enumerate().map(|(i, x)| convert_at(x, et, &format!("{path}[{i}]"))).collect::<Result<Vec<_>, _>>()?;
            Ok(if matches!(t, Type::Set(_)) { Value::set(items) } else { Value::List(items) })
        }
        Type::Tuple(ts) => match v {
            Value::List(items) if items.len() == ts.len() => Ok(Value::List(
                items
                    .into_iter()
                    .zip(ts)
                    .enumerate()
                    .map(|(i, (x, t))| convert_at(x, t, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            )),
            other => mismatch(&other),
        },
        Type::Map(et) => match v {
            Value::Map(m) => Ok(Value::Map(
                m.into_iter()
                    .map(|(k, x)| {
                        let p = format!("{path}[\"{k}\"]");
                        convert_at(x, et, &p).map(|x| (k, x))
                    })
                    .collect::<Result<_, _>>()?,
            )),
            other => mismatch(&other),
        },
        Type::Object(attrs) => match v {
            Value::Map(mut m) => {
                let mut out = BTreeMap::new();
                for (k, a) in attrs {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    match m.remove(k) {
                        Some(Value::Null) | None if a.optional => {
                            out.insert(k.clone(), a.default.clone().unwrap_or(Value::Null));
                        }
                        None => return Err(format!("attribute \"{k}\" is required{}", at(path))),
                        Some(x) => {
                            out.insert(k.clone(), convert_at(x, &a.ty, &p)?);
                        }
                    }
                }
                // Attributes the type does not name are dropped, as Terraform does.
                Ok(Value::Map(out))
            }
            other => mismatch(&other),
        },
    }
}

/// The type Terraform would give a value. hadr's values do not tell a list
/// from a tuple nor a map from an object, so lists are tuples and maps are
/// objects, as literals are; a set has its elements' unified type; null and
/// unknown have no type of their own (`Any`, cty's dynamic pseudo-type).
pub fn type_of(v: &Value) -> Type {
    match v {
        Value::Null | Value::Unknown => Type::Any,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::List(items) => Type::Tuple(items.iter().map(type_of).collect()),
        Value::Set(items) => {
            let tys: Vec<Type> = items.iter().map(type_of).collect();
            Type::Set(Box::new(unify(&tys).unwrap_or(Type::Any)))
        }
        Value::Map(m) => {
            Type::Object(m.iter().map(|(k, x)| (k.clone(), ObjectAttr { ty: type_of(x), optional: false, default: None })).collect())
        }
        Value::Sensitive(v) => type_of(v),
    }
}

/// Terraform's short type name in messages ("number", "tuple", "list of string").
pub fn friendly_name(t: &Type) -> String {
    match t {
        Type::Any => "dynamic".into(),
        Type::String => "string".into(),
        Type::Number => "number".into(),
        Type::Bool => "bool".into(),
        Type::List(e) => format!("list of {}", friendly_name(e)),
        Type::Set(e) => format!("set of {}", friendly_name(e)),
        Type::Map(e) => format!("map of {}", friendly_name(e)),
        Type::Tuple(_) => "tuple".into(),
        Type::Object(_) => "object".into(),
    }
}

/// A type every one of `types` converts to, as cty's `convert.UnifyUnsafe`
/// finds it (what a conditional's two results are converted to): objects
/// with the same attributes unify attribute by attribute, otherwise into a
/// map; tuples of one length element by element, otherwise into a list;
/// primitives into string. `None` when there is none.
pub fn unify(types: &[Type]) -> Option<Type> {
    if types.is_empty() {
        return None;
    }
    let n = types.len();
    let count = |f: fn(&Type) -> bool| types.iter().filter(|t| f(t)).count();
    let maps = count(|t| matches!(t, Type::Map(_)));
    let lists = count(|t| matches!(t, Type::List(_)));
    let sets = count(|t| matches!(t, Type::Set(_)));
    let objects = count(|t| matches!(t, Type::Object(_)));
    let tuples = count(|t| matches!(t, Type::Tuple(_)));
    let dynamic = count(|t| matches!(t, Type::Any));
    // With a dynamic type among structural ones the result cannot be predicted.
    let collection = |wrap: fn(Box<Type>) -> Type| if dynamic > 0 { Some(Type::Any) } else { unify_collections(types, wrap) };
    if maps > 0 && maps + dynamic == n {
        return collection(Type::Map);
    }
    if maps > 0
        && maps + objects + dynamic == n
        && let Some(t @ Type::Map(_)) = unify_as_map(types)
    {
        return Some(t);
    }
    if lists > 0 && lists + dynamic == n {
        return collection(Type::List);
    }
    if sets > 0 && sets + dynamic == n {
        return collection(Type::Set);
    }
    if objects > 0 && objects + dynamic == n {
        return if dynamic > 0 { Some(Type::Any) } else { unify_objects(types) };
    }
    if tuples > 0 && tuples + dynamic == n {
        return if dynamic > 0 { Some(Type::Any) } else { unify_tuples(types) };
    }
    if objects > 0 && tuples > 0 {
        return None;
    }
    // The first type, in order of preference, that all the others convert to.
    preference_order(types).into_iter().map(|i| &types[i]).find(|want| types.iter().all(|t| t == *want || can_convert(t, want))).cloned()
}

fn unify_collections(types: &[Type], wrap: fn(Box<Type>) -> Type) -> Option<Type> {
    let elems: Vec<Type> = types
        .iter()
        .map(|t| match t {
            Type::List(e) | Type::Set(e) | Type::Map(e) => (**e).clone(),
            _ => Type::Any,
        })
        .collect();
    let ret = wrap(Box::new(unify(&elems)?));
    types.iter().all(|t| can_convert(t, &ret)).then_some(ret)
}

/// Maps and objects together: a map of every element and attribute type, unified.
fn unify_as_map(types: &[Type]) -> Option<Type> {
    let mut elems = vec![];
    for t in types {
        match t {
            Type::Map(e) => elems.push((**e).clone()),
            Type::Object(attrs) => elems.extend(attrs.values().map(|a| a.ty.clone())),
            _ => {}
        }
    }
    let ret = Type::Map(Box::new(unify(&elems)?));
    types.iter().all(|t| can_convert(t, &ret)).then_some(ret)
}

fn attrs_of(t: &Type) -> &BTreeMap<String, ObjectAttr> {
    match t {
        Type::Object(a) => a,
        _ => unreachable!("only object types are unified here"),
    }
}

fn unify_objects(types: &[Type]) -> Option<Type> {
    let first = attrs_of(&types[0]);
    if types[1..].iter().any(|t| !attrs_of(t).keys().eq(first.keys())) {
        return unify_as_map(types);
    }
    let mut out = BTreeMap::new();
    for name in first.keys() {
        let across: Vec<Type> = types.iter().map(|t| attrs_of(t)[name].ty.clone()).collect();
        // An attribute that cannot be unified cannot be in a map either.
        out.insert(name.clone(), ObjectAttr { ty: unify(&across)?, optional: false, default: None });
    }
    let ret = Type::Object(out);
    if types.iter().all(|t| can_convert(t, &ret)) { Some(ret) } else { unify_as_map(types) }
}

fn elems_of(t: &Type) -> &[Type] {
    match t {
        Type::Tuple(e) => e,
        _ => unreachable!("only tuple types are unified here"),
    }
}

fn unify_tuples(types: &[Type]) -> Option<Type> {
    let first = elems_of(&types[0]);
    if types[1..].iter().any(|t| elems_of(t).len() != first.len()) {
        return unify_as_list(types);
    }
    let mut out = Vec::with_capacity(first.len());
    for i in 0..first.len() {
        let across: Vec<Type> = types.iter().map(|t| elems_of(t)[i].clone()).collect();
        out.push(unify(&across)?);
    }
    let ret = Type::Tuple(out);
    if types.iter().all(|t| can_convert(t, &ret)) { Some(ret) } else { unify_as_list(types) }
}

fn unify_as_list(types: &[Type]) -> Option<Type> {
    let elems: Vec<Type> = types.iter().flat_map(|t| elems_of(t).iter().cloned()).collect();
    let ret = Type::List(Box::new(unify(&elems)?));
    types.iter().all(|t| can_convert(t, &ret)).then_some(ret)
}

/// cty's preference between two types for unification: negative when `a`
/// is the more general (string over other primitives, a collection over a
/// structural type of its kind), 0 when neither is.
fn compare_types(a: &Type, b: &Type) -> i32 {
    use Type::*;
    match (a, b) {
        (Any, Any) => 0,
        (Any, _) => 1,
        (_, Any) => -1,
        (String, Number | Bool) => -1,
        (Number | Bool, String) => 1,
        (List(x), List(y)) | (Set(x), Set(y)) | (Map(x), Map(y)) => compare_types(x, y),
        (List(_) | Set(_), Tuple(_)) | (Set(_), List(_)) | (Map(_), Object(_)) => -1,
        (Tuple(_), List(_) | Set(_)) | (List(_), Set(_)) | (Object(_), Map(_)) => 1,
        (Object(x), Object(y)) => {
            if x.len() != y.len() || x.keys().any(|k| !y.contains_key(k)) {
                return 0;
            }
            supertype_of_parts(x.iter().map(|(k, p)| compare_types(&p.ty, &y[k].ty)))
        }
        (Tuple(x), Tuple(y)) => {
            if x.len() != y.len() {
                return 0;
            }
            supertype_of_parts(x.iter().zip(y).map(|(p, q)| compare_types(p, q)))
        }
        _ => 0,
    }
}

fn supertype_of_parts(cmps: impl Iterator<Item = i32>) -> i32 {
    let (mut a_super, mut b_super) = (false, false);
    for c in cmps {
        a_super |= c < 0;
        b_super |= c > 0;
    }
    match (a_super, b_super) {
        (true, false) => -1,
        (false, true) => 1,
        _ => 0,
    }
}

/// Indices of `types`, the more general first (a topological order of `compare_types`).
fn preference_order(types: &[Type]) -> Vec<usize> {
    let n = types.len();
    let mut less_general: Vec<Vec<usize>> = vec![vec![]; n];
    let mut preds = vec![0usize; n];
    for i in 0..n {
        for j in i + 1..n {
            match compare_types(&types[i], &types[j]) {
                c if c < 0 => {
                    less_general[i].push(j);
                    preds[j] += 1;
                }
                c if c > 0 => {
                    less_general[j].push(i);
                    preds[i] += 1;
                }
                _ => {}
            }
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut ready: Vec<usize> = (0..n).filter(|&i| preds[i] == 0).rev().collect();
    while let Some(i) = ready.pop() {
        order.push(i);
        for &j in less_general[i].iter().rev() {
            preds[j] -= 1;
            if preds[j] == 0 {
                ready.push(j);
            }
        }
    }
    order
}

/// Whether a value of type `from` may convert to `to` (cty's unsafe
/// conversions: string to number or bool, and lists to tuples, are allowed
/// and checked on the value).
pub fn can_convert(from: &Type, to: &Type) -> bool {
    use Type::*;
    if from == to {
        return true;
    }
    match (from, to) {
        (_, Any) | (Any, _) => true,
        (String | Number | Bool, String) | (String, Number | Bool) => true,
        (List(e) | Set(e), List(t) | Set(t)) | (Map(e), Map(t)) => can_convert(e, t),
        (Tuple(es), List(t) | Set(t)) => es.iter().all(|e| can_convert(e, t)),
        (Tuple(es), Tuple(ts)) => es.len() == ts.len() && es.iter().zip(ts).all(|(e, t)| can_convert(e, t)),
        (List(e), Tuple(ts)) => ts.iter().all(|t| can_convert(e, t)),
        (Object(a), Map(t)) => a.values().all(|x| can_convert(&x.ty, t)),
        (Map(e), Object(b)) => b.values().all(|x| can_convert(e, &x.ty)),
        (Object(a), Object(b)) => b.iter().all(|(k, x)| match a.get(k) {
            Some(y) => can_convert(&y.ty, &x.ty),
            None => x.optional,
        }),
        _ => false,
    }
}

/// Why a conditional's two result types do not unify, in Terraform's words
/// (HCL's `describeConditionalTypeMismatch`).
pub fn describe_conditional_mismatch(t: &Type, f: &Type) -> String {
    match (t, f) {
        (Type::Object(ta), Type::Object(fa)) => {
            for (name, a) in ta {
                match fa.get(name) {
                    None => return format!("The 'true' value includes object attribute \"{name}\", which is absent in the 'false' value"),
                    Some(b) if a.ty != b.ty => {
                        return format!("Type mismatch for object attribute \"{name}\": {}", describe_conditional_mismatch(&a.ty, &b.ty));
                    }
                    Some(_) => {}
                }
            }
            if let Some(name) = fa.keys().find(|k| !ta.contains_key(*k)) {
                return format!("The 'false' value includes object attribute \"{name}\", which is absent in the 'true' value");
            }
        }
        (Type::Tuple(te), Type::Tuple(fe)) => {
            if te.len() != fe.len() {
                return format!("The 'true' tuple has length {}, but the 'false' tuple has length {}", te.len(), fe.len());
            }
            if let Some((i, (a, b))) = te.iter().zip(fe).enumerate().find(|(_, (a, b))| a != b) {
                return format!("Type mismatch for tuple element {i}: {}", describe_conditional_mismatch(a, b));
            }
        }
        (Type::List(a), Type::List(b)) | (Type::Set(a), Type::Set(b)) | (Type::Map(a), Type::Map(b))
            if matches!((&**a, &**b), (Type::Object(_), Type::Object(_)) | (Type::Tuple(_), Type::Tuple(_))) =>
        {
            let noun = match t {
                Type::List(_) => "list",
                Type::Set(_) => "set",
                _ => "map",
            };
            return format!("Mismatched {noun} element types: {}", describe_conditional_mismatch(a, b));
        }
        _ => {}
    }
    let (tn, fname) = (friendly_name(t), friendly_name(f));
    if tn == fname {
        return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value".into();
    }
    format!("The 'true' value is {tn}, but the 'false' value is {fname}")
}

/// A resource's planned object as expressions see it. Terraform plans
/// `terraform_data.output` as an unknown value of the type of `input`, so
/// that `length()` of an unknown tuple is known. hadr's unknown has no
/// type; the nearest it has is a list of unknown elements, which keeps the
/// length and nothing else (see [`unknown_of_type_of`]). Only evaluation
/// sees this: the plan still shows and records `output` as unknown.
pub fn as_referenced(rtype: &str, mut planned: Value) -> Value {
    if rtype == "terraform_data"
        && let Value::Map(m) = &mut planned
        && matches!(m.get("output"), Some(Value::Unknown))
        && let Some(input) = m.get("input")
    {
        let output = unknown_of_type_of(input);
        m.insert("output".into(), output);
    }
    planned
}

/// An unknown value of the type of `v`, as far as hadr can carry it: a
/// list (a tuple to Terraform, whose length is part of its type) becomes a
/// list of as many unknowns, each of its element's type; anything else is
/// wholly unknown. (hadr does not tell a list, whose length Terraform would
/// not know, from a tuple; nor an object, whose attributes it would know,
/// from a map, so objects stay wholly unknown: for_each over one is an error.)
pub fn unknown_of_type_of(v: &Value) -> Value {
    match v {
        Value::List(items) => Value::List(items.iter().map(unknown_of_type_of).collect()),
        _ => Value::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> Type {
        parse_type_str(s).unwrap()
    }

    fn unified(types: &[&str]) -> Option<String> {
        unify(&types.iter().map(|s| ty(s)).collect::<Vec<_>>()).map(|t| t.to_string())
    }

    #[test]
    fn unifies_like_cty() {
        assert_eq!(unified(&["number", "string"]).as_deref(), Some("string"));
        assert_eq!(unified(&["bool", "string"]).as_deref(), Some("string"));
        assert_eq!(unified(&["number", "number"]).as_deref(), Some("number"));
        assert_eq!(unified(&["number", "bool"]), None);
        assert_eq!(unified(&["object({a = number})", "object({b = string})"]).as_deref(), Some("map(string)"));
        assert_eq!(unified(&["object({a = number})", "object({a = string})"]).as_deref(), Some("object({a = string})"));
        assert_eq!(unified(&["object({a = number})", "object({b = tuple([number])})"]), None);
        assert_eq!(unified(&["object({})", "object({a = number})"]).as_deref(), Some("map(number)"));
        assert_eq!(unified(&["tuple([])", "tuple([string, string])"]).as_deref(), Some("list(string)"));
        assert_eq!(unified(&["tuple([number, string])", "tuple([string, number])"]).as_deref(), Some("tuple([string, string])"));
        assert_eq!(unified(&["tuple([number])", "tuple([bool, bool])"]), None);
        assert_eq!(unified(&["tuple([string])", "object({})"]), None);
        assert_eq!(unified(&["list(string)", "tuple([number])"]).as_deref(), Some("list(string)"));
        assert_eq!(unified(&["set(number)", "tuple([string])"]).as_deref(), Some("set(number)"));
        assert_eq!(unified(&["map(number)", "object({a = string})"]).as_deref(), Some("map(string)"));
        assert_eq!(unified(&["string", "tuple([])"]), None);
        assert_eq!(unified(&["number", "any"]).as_deref(), Some("number"));
        assert_eq!(unified(&["tuple([number])", "any"]).as_deref(), Some("any"));
    }

    #[test]
    fn infers_literal_types() {
        let v = Value::Map([("a".into(), Value::List(vec![Value::Number(1.0), Value::Null]))].into_iter().collect());
        assert_eq!(type_of(&v).to_string(), "object({a = tuple([number, any])})");
        assert_eq!(type_of(&Value::set(vec![Value::string("x")])), ty("set(string)"));
        assert_eq!(type_of(&Value::Unknown.mark()), Type::Any);
        assert_eq!(friendly_name(&ty("list(map(string))")), "list of map of string");
    }

    #[test]
    fn an_unknown_output_keeps_the_length_of_its_input_tuple() {
        let obj = |pairs: Vec<(&str, Value)>| Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
        let input = Value::List(vec![Value::string("x"), Value::List(vec![Value::Number(1.0)]), obj(vec![("a", Value::Null)])]);
        let planned = obj(vec![("input", input.clone()), ("output", Value::Unknown), ("id", Value::Unknown)]);
        let seen = as_referenced("terraform_data", planned.clone());
        let want = Value::List(vec![Value::Unknown, Value::List(vec![Value::Unknown]), Value::Unknown]);
        assert_eq!(seen.get_attr("output"), Some(&want));
        assert_eq!(seen.get_attr("id"), Some(&Value::Unknown));
        // A known output, another resource type, an input that is not a list or is sensitive: unchanged.
        let known = obj(vec![("input", input.clone()), ("output", input.clone())]);
        assert_eq!(as_referenced("terraform_data", known.clone()), known);
        assert_eq!(as_referenced("azure_thing", planned.clone()), planned);
        for input in [obj(vec![("a", Value::Number(1.0))]), Value::string("x"), input.mark(), Value::Null] {
            let p = obj(vec![("input", input), ("output", Value::Unknown)]);
            assert_eq!(as_referenced("terraform_data", p.clone()), p);
        }
    }

    #[test]
    fn converts_like_terraform() {
        assert_eq!(convert(Value::Number(5.0), &Type::String), Ok(Value::string("5")));
        assert_eq!(convert(Value::string("true"), &Type::Bool), Ok(Value::Bool(true)));
        let t = parse_type_str("set(string)").unwrap();
        let v = convert(Value::List(vec![Value::string("b"), Value::string("a"), Value::string("b")]), &t).unwrap();
        assert_eq!(v, Value::Set(vec![Value::string("a"), Value::string("b")]));
        assert!(convert(Value::string("x"), &Type::Number).unwrap_err().contains("\"x\" is not a number"));
        let t = parse_type_str("object({ name = string, size = optional(number, 3) })").unwrap();
        let v = convert(Value::Map([("name".into(), Value::string("a"))].into_iter().collect()), &t).unwrap();
        assert_eq!(v.get_attr("size"), Some(&Value::Number(3.0)));
    }
}
