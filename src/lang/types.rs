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

#[cfg(test)]
mod tests {
    use super::*;

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
