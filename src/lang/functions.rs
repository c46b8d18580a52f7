//! Terraform's built-in function library, over the language's [`Value`].
//!
//! Semantics follow Terraform 1.11 (checked against `terraform console`):
//! argument conversion (numbers and bools where strings are expected, numeric
//! strings where numbers are), nulls, empty collections, and error texts.
//!
//! Errors: [`FnError::message`] is Terraform's text after its
//! `Call to function "NAME" failed: ` prefix, which the caller adds
//! (`cannot use element function with an empty list.`). When `arg` names the
//! bad argument the message is Terraform's whole detail for that case,
//! `Invalid value for "str" parameter: string required.`, since only this
//! module knows parameter names; arity errors carry Terraform's arity text.
//!
//! Unknown values: the evaluator answers Unknown itself when a top-level
//! argument is unknown; unknowns nested in collections do reach us, and a
//! function returns [`Value::Unknown`] only when its result depends on one
//! (`length([<unknown>, "x"])` is still 2).
//!
//! Not here: `try` and `can` (special forms) and `templatefile` (needs the
//! evaluator's template engine) are the evaluator's.

use super::Value;
use super::value::format_number;
use std::collections::BTreeMap;
use std::fmt::{Display, Write as _};
use std::path::PathBuf;
use std::sync::LazyLock;
use unicode_segmentation::UnicodeSegmentation;

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

/// Calls the built-in function `name`. Marks are removed from the arguments
/// here too (deeply), so nested sensitive values never confuse a function.
pub fn call(name: &str, args: Vec<Value>, env: &FnEnv) -> Result<Value, FnError> {
    let Ok(i) = FUNCS.binary_search_by(|f| f.name.cmp(name)) else {
        return Err(FnError { message: format!("There is no function named \"{name}\"."), arg: None });
    };
    let f = &FUNCS[i];
    let args: Vec<Value> = args.into_iter().map(|a| a.unmark_deep().0).collect();
    let cx = Cx { f, env };
    cx.check_arity(args.len())?;
    // The evaluator promises not to pass top-level unknowns; stay safe anyway.
    if args.iter().any(|a| matches!(a, Value::Unknown)) {
        return Ok(Value::Unknown);
    }
    cx.check_nulls(&args)?;
    (f.imp)(&cx, args)
}

/// Every implemented function name, sorted.
pub fn names() -> &'static [&'static str] {
    static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| FUNCS.iter().map(|f| f.name).collect());
    &NAMES
}

// ---------------------------------------------------------------------------
// Registry. One table drives dispatch, arity checks, parameter names in error
// messages, and `names()`; it must stay sorted (binary search, tested).

type R = Result<Value, FnError>;
type Imp = fn(&Cx, Vec<Value>) -> R;

struct Func {
    name: &'static str,
    params: &'static [&'static str],
    variadic: Option<&'static str>,
    /// Bit i set: parameter i accepts null; [`VAR_NULL`]: the variadic ones do.
    /// Terraform rejects null for most parameters before the function runs.
    nulls: u32,
    imp: Imp,
}

const VAR_NULL: u32 = 1 << 31;
const ALL_NULL: u32 = u32::MAX;

const fn fx(name: &'static str, params: &'static [&'static str], imp: Imp) -> Func {
    Func { name, params, variadic: None, nulls: 0, imp }
}

const fn va(name: &'static str, params: &'static [&'static str], variadic: &'static str, imp: Imp) -> Func {
    Func { name, params, variadic: Some(variadic), nulls: 0, imp }
}

impl Func {
    const fn nulls(mut self, mask: u32) -> Func {
        self.nulls = mask;
        self
    }
}

static FUNCS: &[Func] = &[
    fx("abs", &["num"], f_abs),
    fx("abspath", &["path"], f_abspath),
    fx("alltrue", &["list"], f_alltrue),
    fx("anytrue", &["list"], f_anytrue),
    fx("base64decode", &["str"], f_base64decode),
    fx("base64encode", &["str"], f_base64encode),
    fx("base64sha256", &["str"], f_base64sha256),
    fx("base64sha512", &["str"], f_base64sha512),
    fx("basename", &["path"], f_basename),
    fx("ceil", &["num"], f_ceil),
    fx("chomp", &["str"], f_chomp),
    fx("chunklist", &["list", "size"], f_chunklist),
    fx("cidrhost", &["prefix", "hostnum"], f_cidrhost),
    fx("cidrnetmask", &["prefix"], f_cidrnetmask),
    fx("cidrsubnet", &["prefix", "newbits", "netnum"], f_cidrsubnet),
    va("cidrsubnets", &["prefix"], "newbits", f_cidrsubnets),
    va("coalesce", &[], "vals", f_coalesce).nulls(ALL_NULL),
    va("coalescelist", &[], "vals", f_coalescelist).nulls(ALL_NULL),
    fx("compact", &["list"], f_compact),
    va("concat", &[], "seqs", f_concat),
    fx("contains", &["list", "value"], f_contains),
    fx("csvdecode", &["str"], f_csvdecode),
    fx("dirname", &["path"], f_dirname),
    fx("distinct", &["list"], f_distinct),
    fx("element", &["list", "index"], f_element),
    fx("endswith", &["str", "suffix"], f_endswith),
    fx("file", &["path"], f_file),
    fx("filebase64", &["path"], f_filebase64),
    fx("filebase64sha256", &["path"], f_filebase64sha256),
    fx("filebase64sha512", &["path"], f_filebase64sha512),
    fx("fileexists", &["path"], f_fileexists),
    fx("filemd5", &["path"], f_filemd5),
    fx("fileset", &["path", "pattern"], f_fileset),
    fx("filesha1", &["path"], f_filesha1),
    fx("filesha256", &["path"], f_filesha256),
    fx("filesha512", &["path"], f_filesha512),
    fx("flatten", &["list"], f_flatten),
    fx("floor", &["num"], f_floor),
    va("format", &["format"], "args", f_format).nulls(VAR_NULL),
    fx("formatdate", &["format", "time"], f_formatdate),
    va("formatlist", &["format"], "args", f_formatlist).nulls(VAR_NULL),
    fx("indent", &["spaces", "str"], f_indent),
    fx("index", &["list", "value"], f_index),
    va("join", &["separator"], "lists", f_join),
    fx("jsondecode", &["str"], f_jsondecode),
    fx("jsonencode", &["val"], f_jsonencode).nulls(ALL_NULL),
    fx("keys", &["inputMap"], f_keys),
    fx("length", &["value"], f_length),
    fx("log", &["num", "base"], f_log),
    va("lookup", &["inputMap", "key"], "default", f_lookup).nulls(VAR_NULL),
    fx("lower", &["str"], f_lower),
    fx("matchkeys", &["values", "keys", "searchset"], f_matchkeys),
    va("max", &[], "numbers", f_max),
    fx("md5", &["str"], f_md5),
    va("merge", &[], "maps", f_merge).nulls(ALL_NULL),
    va("min", &[], "numbers", f_min),
    fx("one", &["list"], f_one),
    fx("parseint", &["number", "base"], f_parseint),
    fx("pathexpand", &["path"], f_pathexpand),
    fx("pow", &["num", "power"], f_pow),
    va("range", &[], "params", f_range),
    fx("regex", &["pattern", "string"], f_regex),
    fx("regexall", &["pattern", "string"], f_regexall),
    fx("replace", &["str", "substr", "replace"], f_replace),
    fx("reverse", &["list"], f_reverse),
    va("setintersection", &["first_set"], "other_sets", f_setintersection),
    va("setproduct", &[], "sets", f_setproduct),
    fx("setsubtract", &["a", "b"], f_setsubtract),
    va("setunion", &["first_set"], "other_sets", f_setunion),
    fx("sha1", &["str"], f_sha1),
    fx("sha256", &["str"], f_sha256),
    fx("sha512", &["str"], f_sha512),
    fx("signum", &["num"], f_signum),
    fx("slice", &["list", "start_index", "end_index"], f_slice),
    fx("sort", &["list"], f_sort),
    fx("split", &["separator", "str"], f_split),
    fx("startswith", &["str", "prefix"], f_startswith),
    fx("strcontains", &["str", "substr"], f_strcontains),
    fx("strrev", &["str"], f_strrev),
    fx("substr", &["str", "offset", "length"], f_substr),
    fx("sum", &["list"], f_sum),
    fx("textencodebase64", &["string", "encoding"], f_textencodebase64),
    fx("timeadd", &["timestamp", "duration"], f_timeadd),
    fx("timecmp", &["timestamp_a", "timestamp_b"], f_timecmp),
    fx("timestamp", &[], f_unknown),
    fx("title", &["str"], f_title),
    fx("tobool", &["v"], f_tobool).nulls(ALL_NULL),
    fx("tolist", &["v"], f_tolist).nulls(ALL_NULL),
    fx("tomap", &["v"], f_tomap).nulls(ALL_NULL),
    fx("tonumber", &["v"], f_tonumber).nulls(ALL_NULL),
    fx("toset", &["v"], f_toset).nulls(ALL_NULL),
    fx("tostring", &["v"], f_tostring).nulls(ALL_NULL),
    fx("transpose", &["values"], f_transpose),
    fx("trim", &["str", "cutset"], f_trim),
    fx("trimprefix", &["str", "prefix"], f_trimprefix),
    fx("trimspace", &["str"], f_trimspace),
    fx("trimsuffix", &["str", "suffix"], f_trimsuffix),
    fx("upper", &["str"], f_upper),
    fx("urlencode", &["str"], f_urlencode),
    fx("uuid", &[], f_unknown),
    fx("uuidv5", &["namespace", "name"], f_uuidv5),
    fx("values", &["values"], f_values),
    fx("yamldecode", &["src"], f_yamldecode),
    fx("yamlencode", &["value"], f_yamlencode).nulls(ALL_NULL),
    fx("zipmap", &["keys", "values"], f_zipmap),
];

/// The call in progress: which function, and its environment.
struct Cx<'a> {
    f: &'a Func,
    env: &'a FnEnv,
}

impl Cx<'_> {
    fn param(&self, i: usize) -> &'static str {
        self.f.params.get(i).copied().or(self.f.variadic).unwrap_or("args")
    }

    /// A failure not attributed to one argument.
    fn err(&self, msg: impl Display) -> FnError {
        FnError { message: format!("{msg}."), arg: None }
    }

    /// A failure attributed to argument `i`.
    fn arg_err(&self, i: usize, msg: impl Display) -> FnError {
        FnError { message: format!("Invalid value for \"{}\" parameter: {msg}.", self.param(i)), arg: Some(i) }
    }

    fn check_arity(&self, n: usize) -> Result<(), FnError> {
        let want = self.f.params.len();
        if n < want {
            let least = if self.f.variadic.is_some() { "at least " } else { "" };
            return Err(FnError {
                message: format!(
                    "Function \"{}\" expects {least}{want} argument(s). Missing value for \"{}\".",
                    self.f.name, self.f.params[n]
                ),
                arg: None,
            });
        }
        if n > want && self.f.variadic.is_none() {
            return Err(FnError { message: format!("Function \"{}\" expects only {want} argument(s).", self.f.name), arg: Some(want) });
        }
        Ok(())
    }

    fn check_nulls(&self, args: &[Value]) -> Result<(), FnError> {
        for (i, a) in args.iter().enumerate() {
            let bit = if i < self.f.params.len() { 1 << i } else { VAR_NULL };
            if matches!(a, Value::Null) && self.f.nulls & bit == 0 {
                return Err(self.arg_err(i, "argument must not be null"));
            }
        }
        Ok(())
    }

    /// Argument `i` as a string parameter (numbers and bools convert).
    fn string(&self, args: &[Value], i: usize) -> Result<String, FnError> {
        prim_string(&args[i]).ok_or_else(|| self.arg_err(i, "string required"))
    }

    /// Argument `i` as a number parameter (numeric strings convert).
    fn number(&self, args: &[Value], i: usize) -> Result<f64, FnError> {
        to_number(&args[i]).map_err(|m| self.arg_err(i, m))
    }

    /// Argument `i` as a whole number; a fraction is an error of the call,
    /// as Terraform reports it.
    fn int(&self, args: &[Value], i: usize) -> Result<i64, FnError> {
        let n = self.number(args, i)?;
        whole(n).ok_or_else(|| self.err(NOT_WHOLE))
    }
}

const NOT_WHOLE: &str = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

fn f_unknown(_: &Cx, _: Vec<Value>) -> R {
    // timestamp() and uuid() are known only during apply, as in Terraform's plan.
    Ok(Value::Unknown)
}

// ---------------------------------------------------------------------------
// Shared conversions. Terraform converts arguments to each parameter's type
// before the function runs; these reproduce its rules and error texts.

/// A primitive's string form (what Terraform's conversion to string gives).
fn prim_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(num_str(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A number's text: integers without a fraction, as Terraform prints them.
fn num_str(n: f64) -> String {
    if n.is_infinite() {
        return if n > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if n == 0.0 && n.is_sign_negative() {
        return "-0".into();
    }
    format_number(n)
}

fn to_number(v: &Value) -> Result<f64, &'static str> {
    match v {
        Value::Number(n) => Ok(*n),
        Value::String(s) => parse_decimal(s).ok_or("a number is required"),
        Value::Null => Err("argument must not be null"),
        _ => Err("number required"),
    }
}

fn to_bool(v: &Value) -> Result<bool, &'static str> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        Value::String(_) => Err("a bool is required"),
        _ => Err("bool required"),
    }
}

fn whole(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && (i64::MIN as f64..-(i64::MIN as f64)).contains(&n)).then_some(n as i64)
}

/// Parses a number as Terraform does (Go's big.ParseFloat in base 10):
/// optional sign, decimal mantissa, `e` (decimal) or `p` (binary) exponent,
/// or `Inf`/`inf`. No spaces, underscores, hex or NaN.
fn parse_decimal(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let sign = if neg { -1.0 } else { 1.0 };
    if body == "Inf" || body == "inf" {
        return Some(sign * f64::INFINITY);
    }
    let b = body.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    let mantissa = &body[..i];
    let mut exp10 = 0i64;
    let mut exp2 = 0i64;
    if let Some(&c) = b.get(i) {
        if !matches!(c, b'e' | b'E' | b'p' | b'P') {
            return None;
        }
        let rest = &body[i + 1..];
        let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let e: i64 = rest.parse().unwrap_or(if rest.starts_with('-') { -100_000 } else { 100_000 });
        if matches!(c, b'e' | b'E') { exp10 = e } else { exp2 = e }
    }
    let m: f64 = format!("{}e{exp10}", if mantissa == "." { "0" } else { mantissa }).parse().ok()?;
    Some(sign * m * 2f64.powi(exp2.clamp(-10_000, 10_000) as i32))
}

/// Terraform's friendly type name of a value, for error messages.
fn tf_type(v: &Value) -> String {
    ty_name(&ty_of(v))
}

/// The type Terraform would infer for a value. Our values do not carry
/// collection types, so literals' types are used: lists are tuples and maps
/// are objects, as in HCL source.
#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Any,
    Bool,
    Number,
    String,
    List(Box<Ty>),
    Set(Box<Ty>),
    Tuple(Vec<Ty>),
    Map(Box<Ty>),
    Object(BTreeMap<String, Ty>),
}

fn ty_of(v: &Value) -> Ty {
    match v {
        Value::Null | Value::Unknown => Ty::Any,
        Value::Bool(_) => Ty::Bool,
        Value::Number(_) => Ty::Number,
        Value::String(_) => Ty::String,
        Value::List(items) => Ty::Tuple(items.iter().map(ty_of).collect()),
        Value::Set(items) => {
            let tys: Vec<Ty> = items.iter().map(ty_of).collect();
            Ty::Set(Box::new(unify(&tys).unwrap_or(Ty::Any)))
        }
        Value::Map(m) => Ty::Object(m.iter().map(|(k, v)| (k.clone(), ty_of(v))).collect()),
        Value::Sensitive(v) => ty_of(v),
    }
}

fn ty_name(t: &Ty) -> String {
    match t {
        Ty::Any => "dynamic".into(),
        Ty::Bool => "bool".into(),
        Ty::Number => "number".into(),
        Ty::String => "string".into(),
        Ty::List(e) => format!("list of {}", ty_name(e)),
        Ty::Set(e) => format!("set of {}", ty_name(e)),
        Ty::Tuple(_) => "tuple".into(),
        Ty::Map(e) => format!("map of {}", ty_name(e)),
        Ty::Object(_) => "object".into(),
    }
}

/// The single type all of `tys` convert to, as Terraform's type unification
/// finds it: identical types stay; mixed primitives become string when a
/// string is among them; sequences become lists and mappings maps (objects
/// with the same attributes stay objects) of the unified element type.
fn unify(tys: &[Ty]) -> Option<Ty> {
    let tys: Vec<&Ty> = tys.iter().filter(|t| **t != Ty::Any).collect();
    let Some(first) = tys.first() else { return Some(Ty::Any) };
    if tys.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    if tys.iter().all(|t| matches!(t, Ty::Bool | Ty::Number | Ty::String)) {
        return tys.iter().any(|t| **t == Ty::String).then_some(Ty::String);
    }
    if tys.iter().all(|t| matches!(t, Ty::List(_) | Ty::Set(_) | Ty::Tuple(_))) {
        let mut elems = Vec::new();
        for t in &tys {
            match t {
                Ty::List(e) | Ty::Set(e) => elems.push((**e).clone()),
                Ty::Tuple(ts) => elems.extend(ts.iter().cloned()),
                _ => {}
            }
        }
        let e = Box::new(unify(&elems)?);
        // A tuple converts to a set as well as to a list: with a set among
        // them (and no list) the set wins, as in Terraform.
        let set = tys.iter().any(|t| matches!(t, Ty::Set(_))) && !tys.iter().any(|t| matches!(t, Ty::List(_)));
        return Some(if set { Ty::Set(e) } else { Ty::List(e) });
    }
    if tys.iter().all(|t| matches!(t, Ty::Map(_) | Ty::Object(_))) {
        if let Ty::Object(first_attrs) = first
            && tys.iter().all(|t| matches!(t, Ty::Object(a) if a.keys().eq(first_attrs.keys())))
        {
            let mut out = BTreeMap::new();
            for k in first_attrs.keys() {
                let attr: Vec<Ty> = tys
                    .iter()
                    .map(|t| match t {
                        Ty::Object(a) => a[k].clone(),
                        _ => Ty::Any,
                    })
                    .collect();
                out.insert(k.clone(), unify(&attr)?);
            }
            return Some(Ty::Object(out));
        }
        let mut elems = Vec::new();
        for t in &tys {
            match t {
                Ty::Map(e) => elems.push((**e).clone()),
                Ty::Object(a) => elems.extend(a.values().cloned()),
                _ => {}
            }
        }
        return Some(Ty::Map(Box::new(unify(&elems)?)));
    }
    None
}

/// Converts `v` to type `t` (nulls and unknowns convert to anything).
fn convert(v: Value, t: &Ty) -> Result<Value, String> {
    match (t, v) {
        (Ty::Any, v) | (_, v @ (Value::Null | Value::Unknown)) => Ok(v),
        (Ty::String, v) => match prim_string(&v) {
            Some(s) => Ok(Value::String(s)),
            None => Err("string required".into()),
        },
        (Ty::Number, v) => to_number(&v).map(Value::Number).map_err(String::from),
        (Ty::Bool, v) => to_bool(&v).map(Value::Bool).map_err(String::from),
        (Ty::List(e), Value::List(items) | Value::Set(items)) => {
            Ok(Value::List(items.into_iter().map(|x| convert(x, e)).collect::<Result<_, _>>()?))
        }
        (Ty::Set(e), Value::List(items) | Value::Set(items)) => {
            Ok(Value::set(items.into_iter().map(|x| convert(x, e)).collect::<Result<_, _>>()?))
        }
        (Ty::Tuple(ts), Value::List(items)) if ts.len() == items.len() => {
            Ok(Value::List(items.into_iter().zip(ts).map(|(x, t)| convert(x, t)).collect::<Result<_, _>>()?))
        }
        (Ty::Map(e), Value::Map(m)) => Ok(Value::Map(m.into_iter().map(|(k, x)| Ok((k, convert(x, e)?))).collect::<Result<_, String>>()?)),
        (Ty::Object(attrs), Value::Map(m)) if m.keys().eq(attrs.keys()) => {
            Ok(Value::Map(m.into_iter().map(|(k, x)| Ok((k.clone(), convert(x, &attrs[&k])?))).collect::<Result<_, String>>()?))
        }
        (t, _) => Err(format!("{} required", ty_name(t))),
    }
}

/// The elements of a list or set, converted to their unified type, as a
/// `list(any)` parameter receives them. `None` when they have no single type.
fn unified(items: Vec<Value>) -> Option<Vec<Value>> {
    let tys: Vec<Ty> = items.iter().map(ty_of).collect();
    let t = unify(&tys)?;
    items.into_iter().map(|x| convert(x, &t).ok()).collect()
}

/// A list of strings parameter: every element converted to a string.
/// `Ok(None)` when an element is unknown (the result would be too).
fn string_list(cx: &Cx, i: usize, v: &Value) -> Result<Option<Vec<Option<String>>>, FnError> {
    let items = match v {
        Value::List(items) | Value::Set(items) => items,
        _ => return Err(cx.arg_err(i, "list of string required")),
    };
    let mut out = Vec::with_capacity(items.len());
    for (j, x) in items.iter().enumerate() {
        match x {
            Value::Unknown => return Ok(None),
            Value::Null => out.push(None),
            x => match prim_string(x) {
                Some(s) => out.push(Some(s)),
                None if x.is_known() => return Err(cx.arg_err(i, format!("element {j}: string required"))),
                None => return Ok(None),
            },
        }
    }
    Ok(Some(out))
}

fn strings(v: Vec<String>) -> Value {
    Value::List(v.into_iter().map(Value::String).collect())
}

fn num(n: usize) -> Value {
    Value::Number(n as f64)
}

/// Rounds away binary floating-point noise (`0.1 + 0.2`) that Terraform's
/// decimal arithmetic does not produce: keeps 16 significant digits.
fn tidy(x: f64) -> f64 {
    if !x.is_finite() || x.fract() == 0.0 {
        return x;
    }
    format!("{x:.15e}").parse().unwrap_or(x)
}

/// Go's `%q` quoting, which Terraform uses to show strings inside messages.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------
// Collection functions.

fn f_length(cx: &Cx, a: Vec<Value>) -> R {
    match &a[0] {
        Value::String(s) => Ok(num(s.graphemes(true).count())),
        // A set's size is unknown while an element is: two may turn out equal.
        Value::Set(v) if !v.iter().all(Value::is_known) => Ok(Value::Unknown),
        Value::List(v) | Value::Set(v) => Ok(num(v.len())),
        Value::Map(m) => Ok(num(m.len())),
        _ => Err(cx.err("argument must be a string, a collection type, or a structural type")),
    }
}

fn f_tolist(cx: &Cx, mut a: Vec<Value>) -> R {
    match a.remove(0) {
        Value::Null => Ok(Value::Null),
        Value::List(items) | Value::Set(items) => {
            unified(items).map(Value::List).ok_or_else(|| cx.arg_err(0, "cannot convert tuple to list of any single type"))
        }
        v => Err(cx.arg_err(0, format!("cannot convert {} to list of any single type", tf_type(&v)))),
    }
}

fn f_toset(cx: &Cx, mut a: Vec<Value>) -> R {
    match a.remove(0) {
        Value::Null => Ok(Value::Null),
        Value::List(items) | Value::Set(items) => {
            let items = unified(items).ok_or_else(|| cx.arg_err(0, "cannot convert tuple to set of any single type"))?;
            // Which elements are duplicates is unknowable until all are known.
            if !items.iter().all(Value::is_known) {
                return Ok(Value::Unknown);
            }
            Ok(Value::set(items))
        }
        v => Err(cx.arg_err(0, format!("cannot convert {} to set of any single type", tf_type(&v)))),
    }
}

fn f_tomap(cx: &Cx, mut a: Vec<Value>) -> R {
    match a.remove(0) {
        Value::Null => Ok(Value::Null),
        Value::Map(m) => {
            let tys: Vec<Ty> = m.values().map(ty_of).collect();
            let err = || cx.arg_err(0, "cannot convert object to map of any single type");
            let t = unify(&tys).ok_or_else(err)?;
            let m = m.into_iter().map(|(k, v)| Ok((k, convert(v, &t).map_err(|_| err())?))).collect::<Result<_, _>>()?;
            Ok(Value::Map(m))
        }
        v => Err(cx.arg_err(0, format!("cannot convert {} to map of any single type", tf_type(&v)))),
    }
}

fn f_keys(cx: &Cx, a: Vec<Value>) -> R {
    match &a[0] {
        Value::Map(m) => Ok(strings(m.keys().cloned().collect())),
        _ => Err(cx.arg_err(0, "must have map or object type")),
    }
}

fn f_values(cx: &Cx, mut a: Vec<Value>) -> R {
    match a.remove(0) {
        Value::Map(m) => Ok(Value::List(m.into_values().collect())),
        _ => Err(cx.err("values() requires a map as the first argument")),
    }
}

fn f_lookup(cx: &Cx, a: Vec<Value>) -> R {
    if a.len() > 3 {
        return Err(cx.err(format!("lookup() takes two or three arguments, got {}", a.len())));
    }
    let Value::Map(m) = &a[0] else {
        return Err(cx.arg_err(0, "lookup() requires a map as the first argument"));
    };
    let key = cx.string(&a, 1)?;
    if let Some(v) = m.get(&key) {
        return Ok(v.clone());
    }
    match a.get(2) {
        Some(default) => Ok(default.clone()),
        None => Err(cx.err(format!("lookup failed to find key {}", go_quote(&key)))),
    }
}

fn f_merge(cx: &Cx, a: Vec<Value>) -> R {
    let mut out = BTreeMap::new();
    for v in a {
        match v {
            Value::Null => {}
            Value::Map(m) => out.extend(m),
            v => return Err(cx.err(format!("arguments must be maps or objects, got {}", go_quote(&tf_type(&v))))),
        }
    }
    Ok(Value::Map(out))
}

fn f_concat(cx: &Cx, a: Vec<Value>) -> R {
    if a.is_empty() {
        return Err(cx.err("at least one argument is required"));
    }
    let mut out = Vec::new();
    for (i, v) in a.into_iter().enumerate() {
        match v {
            Value::List(items) => out.extend(items),
            v => {
                let msg = format!("all arguments must be lists or tuples; got {}", tf_type(&v));
                return Err(cx.arg_err(i, msg));
            }
        }
    }
    Ok(Value::List(out))
}

fn f_contains(cx: &Cx, a: Vec<Value>) -> R {
    let (Value::List(items) | Value::Set(items)) = &a[0] else {
        return Err(cx.err("argument must be list, tuple, or set"));
    };
    if !a[1].is_known() {
        return Ok(Value::Unknown);
    }
    // Elements compare as they are: contains([1, 2], "1") is false.
    let mut unknown = false;
    for x in items {
        if !x.is_known() {
            unknown = true;
        } else if *x == a[1] {
            return Ok(Value::Bool(true));
        }
    }
    Ok(if unknown { Value::Unknown } else { Value::Bool(false) })
}

fn f_element(cx: &Cx, a: Vec<Value>) -> R {
    let items = match &a[0] {
        Value::List(items) => items,
        v => return Err(cx.err(format!("cannot read elements from {}", tf_type(v)))),
    };
    let n = cx.number(&a, 1)?;
    let Some(i) = whole(n) else {
        return Err(cx.err(format!("invalid index: {NOT_WHOLE}")));
    };
    if items.is_empty() {
        return Err(cx.err("cannot use element function with an empty list"));
    }
    if i < 0 {
        return Err(cx.err("cannot use element function with a negative index"));
    }
    // element wraps around: element(["a", "b"], 3) is "b".
    Ok(items[i as usize % items.len()].clone())
}

fn f_flatten(cx: &Cx, a: Vec<Value>) -> R {
    let (Value::List(items) | Value::Set(items)) = &a[0] else {
        return Err(cx.err("can only flatten lists, sets and tuples"));
    };
    fn walk(items: &[Value], out: &mut Vec<Value>) -> bool {
        for x in items {
            match x {
                Value::List(inner) | Value::Set(inner) => {
                    if !walk(inner, out) {
                        return false;
                    }
                }
                // An unknown element might be a list: the shape is unknown.
                Value::Unknown => return false,
                x => out.push(x.clone()),
            }
        }
        true
    }
    let mut out = Vec::new();
    Ok(if walk(items, &mut out) { Value::List(out) } else { Value::Unknown })
}

fn f_distinct(cx: &Cx, mut a: Vec<Value>) -> R {
    let (Value::List(items) | Value::Set(items)) = a.remove(0) else {
        return Err(cx.arg_err(0, "list of any single type required"));
    };
    let items = unified(items).ok_or_else(|| cx.arg_err(0, "all list elements must have the same type"))?;
    if !items.iter().all(Value::is_known) {
        return Ok(Value::Unknown);
    }
    let mut out: Vec<Value> = Vec::new();
    for x in items {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    Ok(Value::List(out))
}

fn f_index(cx: &Cx, mut a: Vec<Value>) -> R {
    let value = a.pop().unwrap_or(Value::Null);
    let Value::List(items) = a.remove(0) else {
        return Err(cx.err("argument must be a list or tuple"));
    };
    if items.is_empty() {
        return Err(cx.err("cannot search an empty list"));
    }
    // The list converts to a single element type; the value does not.
    let items = unified(items).ok_or_else(|| cx.arg_err(0, "all list elements must have the same type"))?;
    if !value.is_known() {
        return Ok(Value::Unknown);
    }
    for (i, x) in items.iter().enumerate() {
        if !x.is_known() {
            return Ok(Value::Unknown);
        }
        if *x == value {
            return Ok(num(i));
        }
    }
    Err(cx.err("item not found"))
}

fn f_slice(cx: &Cx, a: Vec<Value>) -> R {
    let items = match &a[0] {
        Value::List(items) => items,
        Value::Set(_) => {
            return Err(cx.arg_err(
                0,
                "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important",
            ));
        }
        _ => return Err(cx.arg_err(0, "must be a list or tuple value")),
    };
    let (start, end) = (cx.int(&a, 1)?, cx.int(&a, 2)?);
    if start < 0 {
        return Err(cx.arg_err(1, "start index must not be less than zero"));
    }
    if end > items.len() as i64 {
        return Err(cx.arg_err(2, "end index must not be greater than the length of the list"));
    }
    if start > end {
        return Err(cx.arg_err(1, "start index must not be greater than end index"));
    }
    Ok(Value::List(items[start as usize..end as usize].to_vec()))
}

fn f_reverse(cx: &Cx, mut a: Vec<Value>) -> R {
    match a.remove(0) {
        Value::List(mut items) | Value::Set(mut items) => {
            items.reverse();
            Ok(Value::List(items))
        }
        v => Err(cx.arg_err(0, format!("can only reverse list or tuple values, not {}", tf_type(&v)))),
    }
}

fn f_sort(cx: &Cx, a: Vec<Value>) -> R {
    let Some(items) = string_list(cx, 0, &a[0])? else { return Ok(Value::Unknown) };
    let mut out = Vec::with_capacity(items.len());
    for (i, s) in items.into_iter().enumerate() {
        match s {
            Some(s) => out.push(s),
            None => return Err(cx.err(format!("given list element {i} is null; a null string cannot be sorted"))),
        }
    }
    // Lexical by bytes, so sort([10, 9]) is ["10", "9"] as in Terraform.
    out.sort();
    Ok(strings(out))
}

/// The arguments of the set functions, converted to one element type.
/// `Ok(None)` when something is unknown (set membership then is too).
fn set_args(cx: &Cx, a: Vec<Value>) -> Result<Option<Vec<Vec<Value>>>, FnError> {
    let mut sets = Vec::with_capacity(a.len());
    for (i, v) in a.into_iter().enumerate() {
        let (Value::List(items) | Value::Set(items)) = v else {
            return Err(cx.arg_err(i, "set of any single type required"));
        };
        sets.push(unified(items).ok_or_else(|| cx.arg_err(i, "set of any single type required"))?);
    }
    if !sets.iter().flatten().all(Value::is_known) {
        return Ok(None);
    }
    let tys: Vec<Ty> = sets.iter().flatten().map(ty_of).collect();
    let t = unify(&tys).ok_or_else(|| cx.err("given sets must all have compatible element types"))?;
    let conv = |s: Vec<Value>| s.into_iter().map(|x| convert(x, &t)).collect::<Result<Vec<_>, _>>();
    let sets = sets.into_iter().map(conv).collect::<Result<Vec<_>, _>>();
    sets.map(Some).map_err(|_| cx.err("given sets must all have compatible element types"))
}

fn f_setunion(cx: &Cx, a: Vec<Value>) -> R {
    let Some(sets) = set_args(cx, a)? else { return Ok(Value::Unknown) };
    Ok(Value::set(sets.into_iter().flatten().collect()))
}

fn f_setintersection(cx: &Cx, a: Vec<Value>) -> R {
    let Some(mut sets) = set_args(cx, a)? else { return Ok(Value::Unknown) };
    let first = sets.remove(0);
    Ok(Value::set(first.into_iter().filter(|x| sets.iter().all(|s| s.contains(x))).collect()))
}

fn f_setsubtract(cx: &Cx, a: Vec<Value>) -> R {
    let Some(mut sets) = set_args(cx, a)? else { return Ok(Value::Unknown) };
    let b = sets.pop().unwrap_or_default();
    let first = sets.pop().unwrap_or_default();
    Ok(Value::set(first.into_iter().filter(|x| !b.contains(x)).collect()))
}

fn f_setproduct(cx: &Cx, a: Vec<Value>) -> R {
    if a.len() < 2 {
        return Err(cx.err("at least two arguments are required"));
    }
    let all_sets = a.iter().all(|v| matches!(v, Value::Set(_)));
    let mut lists = Vec::with_capacity(a.len());
    for (i, v) in a.into_iter().enumerate() {
        match v {
            Value::List(items) | Value::Set(items) => lists.push(items),
            _ => return Err(cx.arg_err(i, "a set or a list is required")),
        }
    }
    if !lists.iter().flatten().all(Value::is_known) {
        return Ok(Value::Unknown);
    }
    let mut rows: Vec<Vec<Value>> = vec![Vec::new()];
    for list in &lists {
        rows = rows
            .into_iter()
            .flat_map(|row| {
                list.iter().map(move |x| {
                    let mut r = row.clone();
                    r.push(x.clone());
                    r
                })
            })
            .collect();
    }
    let rows: Vec<Value> = rows.into_iter().map(Value::List).collect();
    // Sets in, set out; a list or tuple among the arguments gives a list.
    Ok(if all_sets { Value::set(rows) } else { Value::List(rows) })
}

fn f_coalesce(cx: &Cx, a: Vec<Value>) -> R {
    let tys: Vec<Ty> = a.iter().map(ty_of).collect();
    let t = match unify(&tys) {
        Some(t) if !a.is_empty() => t,
        _ => return Err(cx.err("all arguments must have the same type")),
    };
    for v in a {
        match convert(v, &t) {
            Ok(Value::Null) => {}
            Ok(Value::String(s)) if s.is_empty() => {}
            Ok(Value::Unknown) => return Ok(Value::Unknown),
            Ok(v) => return Ok(v),
            Err(_) => return Err(cx.err("all arguments must have the same type")),
        }
    }
    Err(cx.err("no non-null, non-empty-string arguments"))
}

fn f_coalescelist(cx: &Cx, a: Vec<Value>) -> R {
    for v in a {
        match v {
            Value::List(items) if items.is_empty() => {}
            v @ Value::List(_) => return Ok(v),
            _ => return Err(cx.err("coalescelist arguments must be lists or tuples")),
        }
    }
    Err(cx.err("no non-null arguments"))
}

fn f_compact(cx: &Cx, a: Vec<Value>) -> R {
    let Some(items) = string_list(cx, 0, &a[0])? else { return Ok(Value::Unknown) };
    Ok(strings(items.into_iter().flatten().filter(|s| !s.is_empty()).collect()))
}

fn f_chunklist(cx: &Cx, a: Vec<Value>) -> R {
    let (Value::List(items) | Value::Set(items)) = &a[0] else {
        return Err(cx.arg_err(0, "list of any single type required"));
    };
    let items = unified(items.clone()).ok_or_else(|| cx.arg_err(0, "all list elements must have the same type"))?;
    let size = cx.int(&a, 1)?;
    if size < 0 {
        return Err(cx.err("the size argument must be positive"));
    }
    if items.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items)]));
    }
    Ok(Value::List(items.chunks(size as usize).map(|c| Value::List(c.to_vec())).collect()))
}

fn f_zipmap(cx: &Cx, a: Vec<Value>) -> R {
    let Some(keys) = string_list(cx, 0, &a[0])? else { return Ok(Value::Unknown) };
    let (Value::List(values) | Value::Set(values)) = &a[1] else {
        return Err(cx.arg_err(1, "list or tuple required"));
    };
    if keys.len() != values.len() {
        let msg = format!("number of keys ({}) does not match number of values ({})", keys.len(), values.len());
        return Err(cx.err(msg));
    }
    let mut out = BTreeMap::new();
    for (i, (k, v)) in keys.into_iter().zip(values).enumerate() {
        let Some(k) = k else { return Err(cx.err(format!("keys list has null value at index {i}"))) };
        out.insert(k, v.clone());
    }
    Ok(Value::Map(out))
}

fn f_range(cx: &Cx, a: Vec<Value>) -> R {
    if a.is_empty() || a.len() > 3 {
        return Err(cx.err("must have one, two, or three arguments"));
    }
    let n = (0..a.len()).map(|i| cx.number(&a, i)).collect::<Result<Vec<f64>, _>>()?;
    let (start, end, step) = match n[..] {
        [end] => (0.0, end, if end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (start, end, if end < start { -1.0 } else { 1.0 }),
        _ => (n[0], n[1], n[2]),
    };
    let down = step < 0.0;
    if down && end > start {
        return Err(cx.arg_err(1, "end must be less than start when step is negative"));
    }
    if !down && end < start {
        return Err(cx.arg_err(1, "end must be greater than start when step is positive"));
    }
    // As in Terraform, a zero step is not rejected up front: it runs into
    // the 1024-element limit unless start already equals end.
    let mut out = Vec::new();
    for i in 0u32.. {
        let v = tidy(start + step * f64::from(i));
        if (down && v <= end) || (!down && v >= end) {
            break;
        }
        if out.len() >= 1024 {
            return Err(
                cx.err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step")
            );
        }
        out.push(Value::Number(v));
    }
    Ok(Value::List(out))
}

fn f_one(cx: &Cx, mut a: Vec<Value>) -> R {
    match a.remove(0) {
        Value::List(mut items) | Value::Set(mut items) if items.len() <= 1 => Ok(items.pop().unwrap_or(Value::Null)),
        _ => Err(cx.arg_err(0, "must be a list, set, or tuple value with either zero or one elements")),
    }
}

/// A `list(bool)` parameter: elements converted, nulls and unknowns kept.
fn bool_list(cx: &Cx, v: &Value) -> Result<Vec<Option<Option<bool>>>, FnError> {
    let (Value::List(items) | Value::Set(items)) = v else {
        return Err(cx.arg_err(0, "list of bool required"));
    };
    items
        .iter()
        .map(|x| match x {
            Value::Unknown => Ok(None),
            Value::Null => Ok(Some(None)),
            x => to_bool(x).map(|b| Some(Some(b))).map_err(|m| cx.arg_err(0, m)),
        })
        .collect()
}

fn f_alltrue(cx: &Cx, a: Vec<Value>) -> R {
    for x in bool_list(cx, &a[0])? {
        match x {
            None => return Ok(Value::Unknown),
            Some(None) | Some(Some(false)) => return Ok(Value::Bool(false)),
            Some(Some(true)) => {}
        }
    }
    Ok(Value::Bool(true))
}

fn f_anytrue(cx: &Cx, a: Vec<Value>) -> R {
    let mut unknown = false;
    for x in bool_list(cx, &a[0])? {
        match x {
            None => unknown = true,
            Some(Some(true)) => return Ok(Value::Bool(true)),
            Some(_) => {}
        }
    }
    Ok(if unknown { Value::Unknown } else { Value::Bool(false) })
}

fn f_sum(cx: &Cx, a: Vec<Value>) -> R {
    let items = match &a[0] {
        Value::List(items) | Value::Set(items) => items,
        Value::Map(m) if m.is_empty() => return Err(cx.arg_err(0, "cannot sum an empty list")),
        Value::Map(_) => {
            let msg = format!("argument must be list, set, or tuple. Received {}", tf_type(&a[0]));
            return Err(cx.arg_err(0, msg));
        }
        _ => return Err(cx.arg_err(0, "cannot sum noniterable")),
    };
    if items.is_empty() {
        return Err(cx.arg_err(0, "cannot sum an empty list"));
    }
    if !a[0].is_known() {
        return Ok(Value::Unknown);
    }
    let mut total = 0.0;
    for x in items {
        let n = match x {
            Value::Null => Err(""),
            x => to_number(x),
        };
        total += n.map_err(|_| cx.arg_err(0, "argument must be list, set, or tuple of number values"))?;
    }
    if total.is_nan() {
        return Err(cx.err("can't compute sum of opposing infinities"));
    }
    Ok(Value::Number(tidy(total)))
}

fn f_transpose(cx: &Cx, a: Vec<Value>) -> R {
    let Value::Map(m) = &a[0] else {
        return Err(cx.arg_err(0, "map of list of string required"));
    };
    if !a[0].is_known() {
        return Ok(Value::Unknown);
    }
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in m {
        let bad = || cx.arg_err(0, format!("element {}: list of string required", go_quote(k)));
        let (Value::List(items) | Value::Set(items)) = v else { return Err(bad()) };
        for x in items {
            if matches!(x, Value::Null) {
                return Err(cx.err("input list must not contain null string"));
            }
            out.entry(prim_string(x).ok_or_else(bad)?).or_default().push(k.clone());
        }
    }
    Ok(Value::Map(out.into_iter().map(|(k, v)| (k, strings(v))).collect()))
}

fn f_matchkeys(cx: &Cx, a: Vec<Value>) -> R {
    let mut lists = Vec::with_capacity(3);
    for (i, v) in a.into_iter().enumerate() {
        let (Value::List(items) | Value::Set(items)) = v else {
            return Err(cx.arg_err(i, "list of any single type required"));
        };
        lists.push(unified(items).ok_or_else(|| cx.arg_err(i, "all list elements must have the same type"))?);
    }
    let (search, keys, values) = (lists.pop().unwrap_or_default(), lists.pop().unwrap_or_default(), lists.remove(0));
    if keys.len() != values.len() {
        return Err(cx.err("length of keys and values should be equal"));
    }
    if search.is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    // Keys and search set convert to one type, so [1] matches ["1"].
    let tys: Vec<Ty> = keys.iter().chain(&search).map(ty_of).collect();
    let t = unify(&tys).ok_or_else(|| cx.arg_err(2, "keys and searchset must be of the same type"))?;
    let conv = |l: Vec<Value>| l.into_iter().map(|x| convert(x, &t).unwrap_or(Value::Unknown)).collect::<Vec<_>>();
    let (keys, search) = (conv(keys), conv(search));
    if !values.iter().chain(&keys).chain(&search).all(Value::is_known) {
        return Ok(Value::Unknown);
    }
    Ok(Value::List(keys.iter().zip(values).filter(|(k, _)| search.contains(k)).map(|(_, v)| v).collect()))
}

// ---------------------------------------------------------------------------
// Type conversion functions.

fn f_tostring(cx: &Cx, a: Vec<Value>) -> R {
    match &a[0] {
        Value::Null => Ok(Value::Null),
        v => match prim_string(v) {
            Some(s) => Ok(Value::String(s)),
            None => Err(cx.arg_err(0, format!("cannot convert {} to string", tf_type(v)))),
        },
    }
}

fn f_tonumber(cx: &Cx, a: Vec<Value>) -> R {
    match &a[0] {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::String(s) => parse_decimal(s).map(Value::Number).ok_or_else(|| {
            let msg = format!("cannot convert {} to number; given string must be a decimal representation of a number", go_quote(s));
            cx.arg_err(0, msg)
        }),
        v => Err(cx.arg_err(0, format!("cannot convert {} to number", tf_type(v)))),
    }
}

fn f_tobool(cx: &Cx, a: Vec<Value>) -> R {
    match &a[0] {
        Value::Null => Ok(Value::Null),
        Value::String(s) if s != "true" && s != "false" => {
            Err(cx.arg_err(0, format!("cannot convert {} to bool; only the strings \"true\" or \"false\" are allowed", go_quote(s))))
        }
        v => to_bool(v).map(Value::Bool).map_err(|_| cx.arg_err(0, format!("cannot convert {} to bool", tf_type(v)))),
    }
}

// ---------------------------------------------------------------------------
// Numeric functions. Results of -0 print as "0" where Terraform's do.

fn f_min(cx: &Cx, a: Vec<Value>) -> R {
    min_max(cx, a, f64::min)
}

fn f_max(cx: &Cx, a: Vec<Value>) -> R {
    min_max(cx, a, f64::max)
}

fn min_max(cx: &Cx, a: Vec<Value>, pick: fn(f64, f64) -> f64) -> R {
    if a.is_empty() {
        return Err(cx.err("must pass at least one number"));
    }
    let mut best = cx.number(&a, 0)?;
    for i in 1..a.len() {
        best = pick(best, cx.number(&a, i)?);
    }
    Ok(Value::Number(best))
}

fn f_abs(cx: &Cx, a: Vec<Value>) -> R {
    Ok(Value::Number(cx.number(&a, 0)?.abs()))
}

fn f_ceil(cx: &Cx, a: Vec<Value>) -> R {
    Ok(Value::Number(cx.number(&a, 0)?.ceil() + 0.0))
}

fn f_floor(cx: &Cx, a: Vec<Value>) -> R {
    Ok(Value::Number(cx.number(&a, 0)?.floor() + 0.0))
}

fn f_log(cx: &Cx, a: Vec<Value>) -> R {
    let (n, base) = (cx.number(&a, 0)?, cx.number(&a, 1)?);
    let r = n.ln() / base.ln();
    if r.is_nan() {
        return Err(cx.err("the result is not a number (NaN)"));
    }
    Ok(Value::Number(r))
}

fn f_pow(cx: &Cx, a: Vec<Value>) -> R {
    let r = cx.number(&a, 0)?.powf(cx.number(&a, 1)?);
    if r.is_nan() {
        return Err(cx.err("the result is not a number (NaN)"));
    }
    Ok(Value::Number(r))
}

fn f_signum(cx: &Cx, a: Vec<Value>) -> R {
    Ok(Value::Number(cx.int(&a, 0)?.signum() as f64))
}

fn f_parseint(cx: &Cx, a: Vec<Value>) -> R {
    let Value::String(s) = &a[0] else {
        return Err(cx.arg_err(0, format!("first argument must be a string, not {}", tf_type(&a[0]))));
    };
    let base = whole(cx.number(&a, 1)?).ok_or_else(|| cx.arg_err(1, NOT_WHOLE))?;
    if !(2..=62).contains(&base) {
        return Err(cx.arg_err(1, "base must be a whole number between 2 and 62 inclusive"));
    }
    let bad = || cx.arg_err(0, format!("cannot parse {} as a base {base} integer", go_quote(s)));
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s.as_str()),
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let mut n = 0f64;
    for c in digits.chars() {
        // Go's big.Int digits: letters are case-insensitive up to base 36,
        // above it lower case is 10..35 and upper case 36..61.
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => return Err(bad()),
        };
        if d >= base {
            return Err(bad());
        }
        n = n * base as f64 + d as f64;
    }
    Ok(Value::Number(if neg { -n } else { n } + 0.0)) // "-0" is 0
}

// ---------------------------------------------------------------------------
// String functions. Case mapping is rune by rune as in Go (upper("ß") is
// "ß", not "SS"); lengths and offsets count grapheme clusters as Terraform
// does.

fn map_str(cx: &Cx, a: &[Value], f: impl Fn(&str) -> String) -> R {
    Ok(Value::String(f(&cx.string(a, 0)?)))
}

fn go_upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c, // no single-rune mapping (ß, ligatures): Go keeps the rune
    }
}

/// Go's unicode.ToTitle: as upper case, except the Latin digraphs, whose
/// title case is the mixed form (ǆ becomes ǅ, not Ǆ).
fn go_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        c => go_upper(c),
    }
}

fn go_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

fn f_lower(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| s.chars().map(go_lower).collect())
}

fn f_upper(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| s.chars().map(go_upper).collect())
}

fn f_title(cx: &Cx, a: Vec<Value>) -> R {
    // Go's strings.Title: a letter is capitalised after a separator, where
    // ASCII alphanumerics, '_' and other letters and digits are not separators.
    fn separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    }
    map_str(cx, &a, |s| {
        let mut prev = ' ';
        s.chars()
            .map(|c| {
                let out = if separator(prev) { go_title(c) } else { c };
                prev = c;
                out
            })
            .collect()
    })
}

fn f_trimspace(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| s.trim().to_string())
}

fn f_chomp(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| s.trim_end_matches(['\r', '\n']).to_string())
}

fn f_strrev(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| s.graphemes(true).rev().collect())
}

fn f_urlencode(cx: &Cx, a: Vec<Value>) -> R {
    // Go's url.QueryEscape: unreserved bytes stay, space becomes '+'.
    map_str(cx, &a, |s| {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
                b' ' => out.push('+'),
                b => {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
        out
    })
}

fn two_strings(cx: &Cx, a: &[Value]) -> Result<(String, String), FnError> {
    Ok((cx.string(a, 0)?, cx.string(a, 1)?))
}

fn f_trim(cx: &Cx, a: Vec<Value>) -> R {
    let (s, cut) = two_strings(cx, &a)?;
    Ok(Value::String(s.trim_matches(|c| cut.contains(c)).to_string()))
}

fn f_trimprefix(cx: &Cx, a: Vec<Value>) -> R {
    let (s, p) = two_strings(cx, &a)?;
    Ok(Value::String(s.strip_prefix(p.as_str()).unwrap_or(&s).to_string()))
}

fn f_trimsuffix(cx: &Cx, a: Vec<Value>) -> R {
    let (s, p) = two_strings(cx, &a)?;
    Ok(Value::String(s.strip_suffix(p.as_str()).unwrap_or(&s).to_string()))
}

fn f_startswith(cx: &Cx, a: Vec<Value>) -> R {
    let (s, p) = two_strings(cx, &a)?;
    Ok(Value::Bool(s.starts_with(&p)))
}

fn f_endswith(cx: &Cx, a: Vec<Value>) -> R {
    let (s, p) = two_strings(cx, &a)?;
    Ok(Value::Bool(s.ends_with(&p)))
}

fn f_strcontains(cx: &Cx, a: Vec<Value>) -> R {
    let (s, p) = two_strings(cx, &a)?;
    Ok(Value::Bool(s.contains(&p)))
}

fn f_split(cx: &Cx, a: Vec<Value>) -> R {
    let (sep, s) = two_strings(cx, &a)?;
    if sep.is_empty() {
        // Go splits into runes; an empty string gives an empty list.
        return Ok(strings(s.chars().map(String::from).collect()));
    }
    Ok(strings(s.split(sep.as_str()).map(String::from).collect()))
}

fn f_join(cx: &Cx, a: Vec<Value>) -> R {
    let sep = cx.string(&a, 0)?;
    if a.len() < 2 {
        return Err(cx.err("at least one list is required"));
    }
    let mut parts = Vec::new();
    for (i, list) in a.iter().enumerate().skip(1) {
        let Some(items) = string_list(cx, i, list)? else { return Ok(Value::Unknown) };
        for (j, s) in items.into_iter().enumerate() {
            let Some(s) = s else {
                return Err(cx.arg_err(i, format!("element {j} is null; cannot concatenate null values")));
            };
            parts.push(s);
        }
    }
    Ok(Value::String(parts.join(&sep)))
}

fn f_replace(cx: &Cx, a: Vec<Value>) -> R {
    let (s, substr, rep) = (cx.string(&a, 0)?, cx.string(&a, 1)?, cx.string(&a, 2)?);
    // "/.../" means a regular expression; "$1", "${name}" expand as in Go.
    if substr.len() > 1 && substr.starts_with('/') && substr.ends_with('/') {
        let re = go_regex(&substr[1..substr.len() - 1]).map_err(|e| cx.err(format!("error parsing regexp: {e}")))?;
        return Ok(Value::String(re.replace_all(&s, rep.as_str()).into_owned()));
    }
    Ok(Value::String(s.replace(&substr, &rep)))
}

fn f_substr(cx: &Cx, a: Vec<Value>) -> R {
    let s = cx.string(&a, 0)?;
    let (offset, length) = (cx.int(&a, 1)?, cx.int(&a, 2)?);
    let g: Vec<&str> = s.graphemes(true).collect();
    let mut offset = offset;
    if offset < 0 {
        offset += g.len() as i64; // still negative: start from the beginning
    } else if length == 0 {
        return Ok(Value::String(String::new()));
    }
    let start = offset.max(0) as usize;
    let rest = g.get(start..).unwrap_or_default();
    // Any negative length (and, after a negative offset, zero) takes the rest.
    let take = if length <= 0 { rest.len() } else { (length as usize).min(rest.len()) };
    Ok(Value::String(rest[..take].concat()))
}

fn f_indent(cx: &Cx, a: Vec<Value>) -> R {
    let n = cx.int(&a, 0)?;
    let s = cx.string(&a, 1)?;
    if n < 0 {
        return Err(cx.arg_err(0, "number of spaces must not be negative"));
    }
    // The spaces are allocated: an absurd count would abort hadr.
    if n > 10_000_000 {
        return Err(cx.arg_err(0, "number of spaces is too large"));
    }
    // Every line but the first, blank lines included.
    Ok(Value::String(s.replace('\n', &format!("\n{}", " ".repeat(n as usize)))))
}

/// Compiles a Go (RE2) regular expression with the `regex` crate. The
/// syntaxes agree except that Go's `\d`, `\w`, `\s` and `\b` are ASCII-only
/// and a `[` inside a class is literal in Go, so those are rewritten.
fn go_regex(pattern: &str) -> Result<regex::Regex, String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let (outside, inside) = match n {
                    'd' => ("[0-9]", "0-9"),
                    'D' => ("[^0-9]", "[^0-9]"),
                    'w' => ("[0-9A-Za-z_]", "0-9A-Za-z_"),
                    'W' => ("[^0-9A-Za-z_]", "[^0-9A-Za-z_]"),
                    's' => ("[\\t\\n\\f\\r ]", "\\t\\n\\f\\r "),
                    'S' => ("[^\\t\\n\\f\\r ]", "[^\\t\\n\\f\\r ]"),
                    'b' if !in_class => ("(?-u:\\b)", ""),
                    'B' if !in_class => ("(?-u:\\B)", ""),
                    n => {
                        out.push('\\');
                        out.push(n);
                        continue;
                    }
                };
                out.push_str(if in_class { inside } else { outside });
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class such as [:alpha:] is copied whole.
                out.push('[');
                for c in chars.by_ref() {
                    out.push(c);
                    if c == ']' {
                        break;
                    }
                }
            }
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    regex::Regex::new(&out).map_err(|e| {
        let text = e.to_string();
        let last = text.lines().last().unwrap_or_default();
        last.strip_prefix("error: ").unwrap_or(last).to_string()
    })
}

/// A compiled pattern and how its matches become values: the whole match
/// without groups, a list for unnamed groups, an object for named ones.
fn pattern(cx: &Cx, a: &[Value]) -> Result<(regex::Regex, String), FnError> {
    let (p, s) = two_strings(cx, a)?;
    let re = go_regex(&p).map_err(|e| cx.arg_err(0, format!("invalid regexp pattern: {e}")))?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.iter().any(Option::is_some) && names.iter().any(Option::is_none) {
        return Err(cx.arg_err(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups"));
    }
    Ok((re, s))
}

fn captures_value(re: &regex::Regex, caps: &regex::Captures) -> Value {
    let text = |m: Option<regex::Match>| m.map_or(Value::Null, |m| Value::string(m.as_str()));
    if re.captures_len() == 1 {
        return text(caps.get(0));
    }
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.iter().all(Option::is_some) {
        let m = names.iter().flatten().map(|n| (n.to_string(), text(caps.name(n)))).collect();
        return Value::Map(m);
    }
    Value::List((1..re.captures_len()).map(|i| text(caps.get(i))).collect())
}

fn f_regex(cx: &Cx, a: Vec<Value>) -> R {
    let (re, s) = pattern(cx, &a)?;
    match re.captures(&s) {
        Some(caps) => Ok(captures_value(&re, &caps)),
        None => Err(cx.err("pattern did not match any part of the given string")),
    }
}

fn f_regexall(cx: &Cx, a: Vec<Value>) -> R {
    let (re, s) = pattern(cx, &a)?;
    Ok(Value::List(re.captures_iter(&s).map(|c| captures_value(&re, &c)).collect()))
}

// ---------------------------------------------------------------------------
// format and formatlist: Terraform's verbs over Go's fmt rules for flags,
// width and precision. Numbers print through Go's big.Float/big.Int
// formatting, which is reproduced here from f64.

#[derive(Default)]
struct Verb {
    raw: String,
    offset: usize,
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
    arg: usize,
    mode: char,
}

enum Piece {
    Lit(String),
    Verb(Verb),
}

/// A format failure; `arg` is an index into the formatted arguments.
struct FmtErr {
    msg: String,
    arg: Option<usize>,
}

fn parse_format(f: &str) -> Result<Vec<Piece>, String> {
    let chars: Vec<(usize, char)> = f.char_indices().collect();
    let incomplete = || format!("invalid format string starting at offset {}", f.len());
    let digits = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < chars.len() && chars[*i].1.is_ascii_digit() {
            *i += 1;
        }
        (*i > start).then(|| chars[start..*i].iter().map(|c| c.1).collect::<String>().parse().unwrap_or(usize::MAX))
    };
    let (mut pieces, mut lit, mut i, mut next_arg) = (Vec::new(), String::new(), 0, 1);
    while i < chars.len() {
        let (offset, c) = chars[i];
        i += 1;
        if c != '%' {
            lit.push(c);
            continue;
        }
        match chars.get(i) {
            None => return Err(incomplete()),
            Some((_, '%')) => {
                lit.push('%');
                i += 1;
                continue;
            }
            _ => {}
        }
        let mut v = Verb { offset, ..Verb::default() };
        while let Some(&(_, c)) = chars.get(i) {
            match c {
                '-' => (v.minus, v.zero) = (true, false),
                '+' => v.plus = true,
                ' ' => v.space = true,
                '#' => v.sharp = true,
                '0' => v.zero = !v.minus,
                _ => break,
            }
            i += 1;
        }
        let mut explicit = None;
        if chars.get(i).map(|c| c.1) == Some('[') {
            i += 1;
            // Argument numbers start at 1: "%[0]s" is a syntax error.
            if let Some(&(o, c @ '0')) = chars.get(i) {
                return Err(format!("unrecognized format character '{c}' at offset {o}"));
            }
            explicit = digits(&mut i);
            match chars.get(i) {
                Some((_, ']')) if explicit.is_some() => i += 1,
                Some(&(o, c)) => return Err(format!("unrecognized format character '{c}' at offset {o}")),
                None => return Err(incomplete()),
            }
        }
        v.width = digits(&mut i);
        if chars.get(i).map(|c| c.1) == Some('.') {
            i += 1;
            v.prec = Some(digits(&mut i).unwrap_or(0));
        }
        // Padding is allocated: a huge width or precision would abort hadr
        // (Terraform's format panics there too); refuse it instead.
        if v.width.max(v.prec).is_some_and(|n| n > 10_000_000) {
            return Err(format!("width or precision too large at offset {offset}"));
        }
        let Some(&(vo, vc)) = chars.get(i) else { return Err(incomplete()) };
        i += 1;
        if !vc.is_alphabetic() {
            return Err(format!("unrecognized format character '{vc}' at offset {vo}"));
        }
        v.raw = f[offset..vo + vc.len_utf8()].to_string();
        if !"vtbdoxXeEfgGsq".contains(vc) {
            return Err(format!("unsupported format verb '{vc}' in {} at offset {offset}", go_quote(&v.raw)));
        }
        v.mode = vc;
        v.arg = explicit.unwrap_or(next_arg);
        next_arg = v.arg.saturating_add(1);
        if !lit.is_empty() {
            pieces.push(Piece::Lit(std::mem::take(&mut lit)));
        }
        pieces.push(Piece::Verb(v));
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok(pieces)
}

fn run_format(pieces: &[Piece], args: &[Value]) -> Result<String, FmtErr> {
    let mut out = String::new();
    let (mut verbs, mut used) = (0, 0);
    for p in pieces {
        match p {
            Piece::Lit(s) => out.push_str(s),
            Piece::Verb(v) => {
                verbs += 1;
                let Some(arg) = v.arg.checked_sub(1).and_then(|i| args.get(i)) else {
                    let msg = format!(
                        "not enough arguments for {} at {}: need index {} but have {} total",
                        go_quote(&v.raw),
                        v.offset,
                        v.arg,
                        args.len()
                    );
                    return Err(FmtErr { msg, arg: None });
                };
                used = used.max(v.arg);
                out.push_str(&format_verb(v, arg).map_err(|msg| FmtErr { msg, arg: None })?);
            }
        }
    }
    if verbs == 0 && !args.is_empty() {
        return Err(FmtErr { msg: "too many arguments; no verbs in format string".into(), arg: Some(0) });
    }
    if used < args.len() {
        let msg = format!("too many arguments; only {used} used by format string");
        return Err(FmtErr { msg, arg: Some(used) });
    }
    Ok(out)
}

fn format_verb(v: &Verb, arg: &Value) -> Result<String, String> {
    let unsupported = |m: &str| format!("unsupported value for {} at {}: {m}", go_quote(&v.raw), v.offset);
    if v.mode != 'v' && matches!(arg, Value::Null) {
        return Err(unsupported("null value cannot be formatted"));
    }
    let string = || prim_string(arg).ok_or_else(|| unsupported("string required"));
    let number = || to_number(arg).map_err(unsupported);
    Ok(match v.mode {
        'v' => match arg {
            Value::Number(n) if !v.sharp => pad_number(v, &float_text(*n, 'g', None)),
            Value::String(s) if !v.sharp => pad_str(v, s),
            Value::Bool(b) if !v.sharp => pad_str(v, &b.to_string()),
            other => pad_str(v, &json_text(other).map_err(|m| unsupported(&m))?),
        },
        // Terraform prints %t without width padding.
        't' => to_bool(arg).map_err(unsupported)?.to_string(),
        's' => pad_str(v, &truncate(&string()?, v.prec)),
        'q' => pad_str(v, &json_string(&truncate(&string()?, v.prec))),
        'd' | 'b' | 'o' | 'x' | 'X' => {
            let n = number()?;
            if n.fract() != 0.0 || !n.is_finite() {
                return Err(unsupported("an integer is required"));
            }
            format_int(v, n)
        }
        _ => {
            let n = number()?;
            let prec = v.prec.or(if matches!(v.mode, 'g' | 'G') { None } else { Some(6) });
            pad_number(v, &float_text(n, v.mode, prec))
        }
    })
}

/// Precision truncates %s and %q, except that Terraform ignores a zero one.
fn truncate(s: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) if p > 0 => s.chars().take(p).collect(),
        _ => s.to_string(),
    }
}

/// Go's padString: width counts runes; '-' pads right, '0' pads with zeros.
fn pad_str(v: &Verb, s: &str) -> String {
    let n = s.chars().count();
    let Some(w) = v.width.filter(|w| *w > n) else { return s.to_string() };
    let fill = w - n;
    if v.minus {
        format!("{s}{}", " ".repeat(fill))
    } else if v.zero {
        format!("{}{s}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

/// big.Float's Format: sign handling and padding around the digits.
fn pad_number(v: &Verb, text: &str) -> String {
    let (mut sign, body) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => (if v.space { " " } else { "+" }, &text[1..]),
        _ => ("", text),
    };
    if sign.is_empty() {
        sign = if v.plus {
            "+"
        } else if v.space {
            " "
        } else {
            ""
        };
    }
    let fill = v.width.unwrap_or(0).saturating_sub(sign.len() + body.len());
    if v.zero && !body.ends_with("Inf") {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else if v.minus {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

/// big.Int's Format for %d %b %o %x %X.
fn format_int(v: &Verb, n: f64) -> String {
    let base = match v.mode {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = int_digits(n.abs(), base);
    if v.mode == 'X' {
        digits = digits.to_uppercase();
    }
    let sign = if n < 0.0 {
        "-"
    } else if v.plus {
        "+"
    } else if v.space {
        " "
    } else {
        ""
    };
    let prefix = match (v.sharp, v.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = v.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            return String::new();
        }
    }
    let (mut left, mut right) = (0, 0);
    let len = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(w) = v.width.filter(|w| *w > len) {
        let d = w - len;
        if v.minus {
            right = d;
        } else if v.zero && v.prec.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!("{}{sign}{prefix}{}{digits}{}", " ".repeat(left), "0".repeat(zeros), " ".repeat(right))
}

/// Digits of a non-negative whole f64 in base 2, 8, 10 or 16.
fn int_digits(x: f64, base: u32) -> String {
    if x < 3.4e38 {
        let mut n = x as u128;
        if n == 0 {
            return "0".into();
        }
        let mut out = Vec::new();
        while n > 0 {
            out.push(char::from_digit((n % u128::from(base)) as u32, base).unwrap_or('?'));
            n /= u128::from(base);
        }
        return out.iter().rev().collect();
    }
    if base == 10 {
        return format!("{x:.0}");
    }
    // x = mantissa * 2^exp exactly: write the bits, then regroup them.
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as usize - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let bin = format!("{mantissa:b}{}", "0".repeat(exp));
    let k = base.trailing_zeros() as usize;
    let padded = format!("{}{bin}", "0".repeat((k - bin.len() % k) % k));
    padded
        .as_bytes()
        .chunks(k)
        .map(|c| {
            let d = c.iter().fold(0, |acc, b| acc * 2 + u32::from(b - b'0'));
            char::from_digit(d, base).unwrap_or('?')
        })
        .collect()
}

/// Decimal digits of |x| without leading or trailing zeros, and the decimal
/// point position (x = 0.d1d2... * 10^exp), as Go's decimal conversion has
/// them: shortest round-trip digits, or rounded to `sig` significant digits.
fn decimal_digits(x: f64, sig: Option<usize>) -> (String, i32) {
    if x == 0.0 {
        return (String::new(), 0);
    }
    let s = match sig {
        Some(p) => format!("{:.*e}", p.max(1) - 1, x.abs()),
        None => format!("{:e}", x.abs()),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0').to_string();
    (digits, exp.parse::<i32>().unwrap_or(0) + 1)
}

/// big.Float's Text(format, prec) for 'e', 'E', 'f', 'g', 'G'; `None`
/// precision means the shortest representation.
fn float_text(x: f64, mode: char, prec: Option<usize>) -> String {
    if x.is_infinite() {
        return if x > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let upper = matches!(mode, 'E' | 'G');
    let body = match mode {
        'f' => format!("{:.*}", prec.unwrap_or(6), x.abs()),
        'e' | 'E' => {
            let (d, exp) = decimal_digits(x, prec.map(|p| p + 1));
            fmt_e(&d, exp, prec.unwrap_or(d.len().saturating_sub(1)), upper)
        }
        _ => {
            let (d, exp) = decimal_digits(x, prec);
            let shortest = prec.is_none();
            let mut p = prec.unwrap_or(d.len()).max(1);
            let mut eprec = p;
            if eprec > d.len() && d.len() as i32 >= exp {
                eprec = d.len();
            }
            if shortest {
                eprec = 6;
            }
            let e = exp - 1;
            if e < -4 || e >= eprec as i32 {
                p = p.min(d.len().max(1));
                fmt_e(&d, exp, p - 1, upper)
            } else {
                if p as i32 > exp {
                    p = d.len();
                }
                fmt_f(&d, exp, (p as i32 - exp).max(0) as usize)
            }
        }
    };
    format!("{sign}{body}")
}

fn fmt_e(d: &str, exp: i32, prec: usize, upper: bool) -> String {
    let digit = |i: usize| d.as_bytes().get(i).map_or('0', |b| *b as char);
    let mut out = String::new();
    out.push(digit(0));
    if prec > 0 {
        out.push('.');
        (1..=prec).for_each(|i| out.push(digit(i)));
    }
    let e = if d.is_empty() { 0 } else { exp - 1 };
    let _ = write!(out, "{}{}{:02}", if upper { 'E' } else { 'e' }, if e < 0 { '-' } else { '+' }, e.abs());
    out
}

fn fmt_f(d: &str, exp: i32, prec: usize) -> String {
    let digit = |i: i32| if i < 0 { '0' } else { d.as_bytes().get(i as usize).map_or('0', |b| *b as char) };
    let mut out: String = if exp > 0 { (0..exp).map(digit).collect() } else { "0".into() };
    if prec > 0 {
        out.push('.');
        (0..prec as i32).for_each(|i| out.push(digit(exp + i)));
    }
    out
}

fn f_format(cx: &Cx, a: Vec<Value>) -> R {
    let f = cx.string(&a, 0)?;
    if !a.iter().all(Value::is_known) {
        return Ok(Value::Unknown);
    }
    let pieces = parse_format(&f).map_err(|m| cx.err(m))?;
    match run_format(&pieces, &a[1..]) {
        Ok(s) => Ok(Value::String(s)),
        Err(FmtErr { msg, arg: Some(i) }) => Err(cx.arg_err(i + 1, msg)),
        Err(FmtErr { msg, arg: None }) => Err(cx.err(msg)),
    }
}

fn f_formatlist(cx: &Cx, a: Vec<Value>) -> R {
    let f = cx.string(&a, 0)?;
    if !a.iter().all(Value::is_known) {
        return Ok(Value::Unknown);
    }
    let pieces = parse_format(&f).map_err(|m| cx.err(m))?;
    // Lists iterate in step (all the same length); other values repeat.
    let mut count: Option<(usize, usize)> = None;
    for (i, v) in a.iter().enumerate().skip(1) {
        if let Value::List(items) | Value::Set(items) = v {
            match count {
                None => count = Some((items.len(), i)),
                Some((n, first)) if n != items.len() => {
                    let msg = format!("argument {i} has length {}, which is inconsistent with argument {first} of length {n}", items.len());
                    return Err(cx.arg_err(i, msg));
                }
                Some(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    for it in 0..count.map_or(1, |c| c.0) {
        let args: Vec<Value> = a[1..]
            .iter()
            .map(|v| match v {
                Value::List(items) | Value::Set(items) => items[it].clone(),
                v => v.clone(),
            })
            .collect();
        let s = run_format(&pieces, &args).map_err(|e| cx.err(format!("error on format iteration {it}: {}", e.msg)))?;
        out.push(s);
    }
    Ok(strings(out))
}

// ---------------------------------------------------------------------------
// Encoding functions.

/// A JSON string literal as Go's encoding/json writes it (Terraform's
/// jsonencode): HTML-significant characters and U+2028/9 are escaped.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Terraform's compact JSON: no spaces, object keys sorted.
fn json_text(v: &Value) -> Result<String, String> {
    fn write(v: &Value, out: &mut String) -> Result<(), String> {
        match v {
            Value::Null | Value::Unknown => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_infinite() => return Err("cannot serialize infinity as JSON".into()),
            Value::Number(n) => out.push_str(&num_str(*n)),
            Value::String(s) => out.push_str(&json_string(s)),
            Value::List(items) | Value::Set(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(x, out)?;
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&json_string(k));
                    out.push(':');
                    write(x, out)?;
                }
                out.push('}');
            }
            Value::Sensitive(x) => write(x, out)?,
        }
        Ok(())
    }
    let mut out = String::new();
    write(v, &mut out)?;
    Ok(out)
}

fn f_jsonencode(cx: &Cx, a: Vec<Value>) -> R {
    if !a[0].is_known() {
        return Ok(Value::Unknown);
    }
    json_text(&a[0]).map(Value::String).map_err(|m| cx.err(m))
}

fn f_jsondecode(cx: &Cx, a: Vec<Value>) -> R {
    let s = cx.string(&a, 0)?;
    match serde_json::from_str::<serde_json::Value>(&s) {
        Ok(j) => Ok(Value::from_json(&j)),
        Err(e) => {
            // Go's decoder messages for the common cases, serde's otherwise.
            let msg = if s.trim().is_empty() {
                "EOF".to_string()
            } else if e.is_eof() {
                // Go says "unexpected EOF" only when input ends inside a token.
                if json_ends_inside_token(&s) { "unexpected EOF".to_string() } else { "EOF".to_string() }
            } else if e.to_string().starts_with("trailing characters") {
                "extraneous data after JSON object".to_string()
            } else {
                e.to_string()
            };
            Err(cx.err(msg))
        }
    }
}

/// Whether JSON text stops inside a string or a literal (`tru`).
fn json_ends_inside_token(s: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for c in s.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
    }
    in_string || s.trim_end().ends_with(|c: char| c.is_ascii_alphabetic())
}

fn b64() -> base64::engine::GeneralPurpose {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    // Go's StdEncoding: padding required, stray trailing bits tolerated.
    let config =
        GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true).with_decode_padding_mode(DecodePaddingMode::RequireCanonical);
    GeneralPurpose::new(&base64::alphabet::STANDARD, config)
}

fn base64_text(bytes: &[u8]) -> String {
    use base64::Engine as _;
    b64().encode(bytes)
}

fn f_base64encode(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| base64_text(s.as_bytes()))
}

fn f_base64decode(cx: &Cx, a: Vec<Value>) -> R {
    use base64::Engine as _;
    let s = cx.string(&a, 0)?;
    // Go's decoder skips line breaks.
    let clean: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    let bytes = b64().decode(clean).map_err(|_| cx.err(format!("failed to decode base64 data {}", go_quote(&s))))?;
    String::from_utf8(bytes).map(Value::String).map_err(|_| cx.err("the result of decoding the provided string is not valid UTF-8"))
}

// yamlencode is written here rather than with a YAML library because
// Terraform's output is go-yaml's emitter (libyaml) with its own choices:
// every string double-quoted unless a multi-line block literal fits, long
// lines folded at 80 columns, indentless sequences under mapping keys. No
// Rust crate reproduces that byte for byte, and a crate's own style would
// change plans that embed the text. The emitter state below follows
// libyaml's (column, indent, whitespace, indention).

struct Yaml {
    out: String,
    column: usize,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
}

const YAML_WIDTH: usize = 80;

fn yaml_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's is_printable (with unicode output enabled).
fn yaml_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0A || (0x20..=0x7E).contains(&u) || u == 0x85 || (0xA0..=0xD7FF).contains(&u) || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
}

impl Yaml {
    fn new() -> Yaml {
        Yaml { out: String::new(), column: 0, indent: -1, indents: Vec::new(), whitespace: true, indention: true }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { 2 } else { 0 };
        } else if !indentless {
            self.indent += 2;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn indicator(&mut self, s: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        s.chars().for_each(|c| self.put(c));
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// Emits one node; `mapping` and `simple_key` are libyaml's contexts.
    fn node(&mut self, v: &Value, mapping: bool, simple_key: bool) {
        match v {
            Value::List(items) | Value::Set(items) if !items.is_empty() => {
                self.increase_indent(false, mapping && !self.indention);
                for x in items {
                    self.write_indent();
                    self.indicator("-", true, false, true);
                    self.node(x, false, false);
                }
                self.pop_indent();
            }
            Value::Map(m) if !m.is_empty() => {
                self.increase_indent(false, false);
                for (k, x) in m {
                    self.write_indent();
                    // libyaml's check_simple_key: short and on one line.
                    if k.len() <= 128 && !k.chars().any(yaml_break) {
                        self.scalar_string(k, true);
                        self.indicator(":", false, false, false);
                    } else {
                        self.indicator("?", true, false, true);
                        self.scalar_string(k, false);
                        self.write_indent();
                        self.indicator(":", true, false, true);
                    }
                    self.node(x, true, false);
                }
                self.pop_indent();
            }
            Value::List(_) | Value::Set(_) => self.indicator("[]", true, false, false),
            Value::Map(_) => self.indicator("{}", true, false, false),
            Value::String(s) => self.scalar_string(s, simple_key),
            other => {
                let text = match other {
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => num_str(*n),
                    _ => "null".to_string(),
                };
                if !self.whitespace {
                    self.put(' ');
                }
                text.chars().for_each(|c| self.put(c));
                self.whitespace = false;
                self.indention = false;
            }
        }
    }

    fn scalar_string(&mut self, s: &str, simple_key: bool) {
        self.increase_indent(true, false);
        if s.contains('\n') && !simple_key && Self::block_allowed(s) {
            self.literal(s);
        } else {
            self.double_quoted(s, !simple_key);
        }
        self.pop_indent();
    }

    /// libyaml's analysis: a literal block cannot carry trailing spaces, a
    /// space before a line break, or characters that need escapes.
    fn block_allowed(s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        if chars.last() == Some(&' ') {
            return false;
        }
        let space_break = chars.windows(2).any(|w| w[0] == ' ' && yaml_break(w[1]));
        let special = chars.iter().any(|c| !yaml_printable(*c) || *c == '\u{FEFF}');
        !(space_break || special)
    }

    fn literal(&mut self, s: &str) {
        self.indicator("|", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|c| *c == ' ' || yaml_break(*c)) {
            self.put('2');
        }
        let last = chars.len() - 1;
        if !yaml_break(chars[last]) {
            self.put('-');
        } else if last == 0 || yaml_break(chars[last - 1]) {
            self.put('+');
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in &chars {
            if yaml_break(c) {
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    breaks = false;
                }
                self.put(c);
                self.indention = false;
            }
        }
    }

    fn double_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.indicator("\"", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !yaml_printable(c) || c == '\u{FEFF}' || yaml_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let esc = match c {
                    '\0' => "0".to_string(),
                    '\u{7}' => "a".into(),
                    '\u{8}' => "b".into(),
                    '\t' => "t".into(),
                    '\n' => "n".into(),
                    '\u{b}' => "v".into(),
                    '\u{c}' => "f".into(),
                    '\r' => "r".into(),
                    '\u{1b}' => "e".into(),
                    '"' => "\"".into(),
                    '\\' => "\\".into(),
                    '\u{85}' => "N".into(),
                    '\u{a0}' => "_".into(),
                    '\u{2028}' => "L".into(),
                    '\u{2029}' => "P".into(),
                    c if (c as u32) <= 0xFF => format!("x{:02X}", c as u32),
                    c if (c as u32) <= 0xFFFF => format!("u{:04X}", c as u32),
                    c => format!("U{:08X}", c as u32),
                };
                esc.chars().for_each(|c| self.put(c));
                spaces = false;
            } else if c == ' ' {
                // Fold long lines at a space; an escaped space keeps a run.
                if allow_breaks && !spaces && self.column > YAML_WIDTH && i != 0 && i != chars.len() - 1 {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(' ');
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.indicator("\"", false, false, false);
    }
}

fn f_yamlencode(_: &Cx, a: Vec<Value>) -> R {
    if !a[0].is_known() {
        return Ok(Value::Unknown);
    }
    let mut y = Yaml::new();
    y.node(&a[0], false, false);
    // Document end: a line break unless a block literal already ended one.
    y.indent = -1;
    y.write_indent();
    let mut out = y.out;
    // libyaml ends a document whose root is a plain scalar explicitly.
    if matches!(a[0], Value::Null | Value::Bool(_) | Value::Number(_)) {
        out.push_str("...\n");
    }
    Ok(Value::String(out))
}

// yamldecode parses with saphyr-parser (small, maintained, pure Rust YAML
// 1.2 event parser) and resolves plain scalars itself with Terraform's
// (go-cty-yaml's) YAML 1.1 rules: yes/no/on/off are bools, 0x and 0o
// integers, timestamps become RFC 3339 strings.

const YAML_TAG: &str = "tag:yaml.org,2002:";

enum YamlNode {
    Value(Value),
    Merge,
}

struct YamlDecoder<'a> {
    events: std::iter::Peekable<saphyr_parser::Parser<'a, saphyr_parser::StrInput<'a>>>,
    anchors: BTreeMap<usize, Value>,
}

/// Where go-cty-yaml reports its own errors: it prints the line 0-based and
/// the column 1-based (parser errors have both 1-based).
fn yaml_pos(span: &saphyr_parser::Span) -> String {
    format!("on line {}, column {}", span.start.line().saturating_sub(1), span.start.col() + 1)
}

fn yaml_tag(tag: &Option<std::borrow::Cow<'_, saphyr_parser::Tag>>) -> String {
    match tag {
        None => String::new(),
        Some(t) if t.handle == "!!" => format!("{YAML_TAG}{}", t.suffix),
        Some(t) => format!("{}{}", t.handle, t.suffix),
    }
}

impl YamlDecoder<'_> {
    fn next(&mut self) -> Result<(saphyr_parser::Event<'_>, saphyr_parser::Span), String> {
        match self.events.next() {
            Some(Ok(e)) => Ok(e),
            Some(Err(e)) => Err(format!("on line {}, column {}: {}", e.marker().line(), e.marker().col() + 1, e.info())),
            None => Err("unexpected end of YAML stream".into()),
        }
    }

    fn document(&mut self) -> Result<Value, String> {
        use saphyr_parser::Event as E;
        loop {
            match self.next()? {
                (E::StreamStart, _) => {}
                (E::DocumentStart(_), _) => break,
                // An empty stream: libyaml reports it at the very start.
                (E::StreamEnd, _) => return Err("on line 1, column 1: missing start of document".into()),
                (_, span) => return Err(format!("{}: missing start of document", yaml_pos(&span))),
            }
        }
        let v = match self.node()? {
            YamlNode::Value(v) => v,
            YamlNode::Merge => Value::string("<<"),
        };
        match self.next()? {
            (E::DocumentEnd, _) => {}
            (_, span) => return Err(format!("{}: unexpected extra content after value", yaml_pos(&span))),
        }
        match self.next()? {
            (E::StreamEnd, _) => Ok(v),
            (_, span) => Err(format!("{}: unexpected extra content after value", yaml_pos(&span))),
        }
    }

    fn node(&mut self) -> Result<YamlNode, String> {
        use saphyr_parser::{Event as E, ScalarStyle};
        let (event, _) = self.next()?;
        let (anchor, v) = match event {
            E::Alias(id) => {
                let v = self.anchors.get(&id).cloned().ok_or("reference to undefined anchor")?;
                return Ok(YamlNode::Value(v));
            }
            E::Scalar(text, style, anchor, tag) => {
                let tag = yaml_tag(&tag);
                if tag.is_empty() && style == ScalarStyle::Plain && text == "<<" {
                    return Ok(YamlNode::Merge);
                }
                (anchor, yaml_scalar(&text, style, &tag)?)
            }
            E::SequenceStart(anchor, tag) => {
                let tag = yaml_tag(&tag);
                if !tag.is_empty() && tag != format!("{YAML_TAG}seq") {
                    return Err(format!("can't interpret sequence as {tag}"));
                }
                let mut items = Vec::new();
                while !matches!(self.events.peek(), Some(Ok((E::SequenceEnd, _)))) {
                    match self.node()? {
                        YamlNode::Value(v) => items.push(v),
                        YamlNode::Merge => items.push(Value::string("<<")),
                    }
                }
                self.next()?;
                (anchor, Value::List(items))
            }
            E::MappingStart(anchor, tag) => {
                let tag = yaml_tag(&tag);
                if !tag.is_empty() && tag != format!("{YAML_TAG}map") {
                    return Err(format!("can't interpret mapping as {tag}"));
                }
                let mut m = BTreeMap::new();
                while !matches!(self.events.peek(), Some(Ok((E::MappingEnd, _)))) {
                    let at = match self.events.peek() {
                        Some(Ok((_, span))) => yaml_pos(span),
                        _ => String::new(),
                    };
                    let key = self.node()?;
                    let YamlNode::Value(value) = self.node()? else {
                        return Err("cannot use merge marker \"<<\" as a value".into());
                    };
                    let key = match key {
                        YamlNode::Merge => match value {
                            Value::Map(inner) => {
                                m.extend(inner);
                                continue;
                            }
                            v => return Err(format!("cannot merge {} into mapping", tf_type(&v))),
                        },
                        YamlNode::Value(Value::Null) => return Err(format!("{at}: mapping key cannot be null")),
                        YamlNode::Value(k) => prim_string(&k).ok_or("only strings are allowed as mapping keys")?,
                    };
                    m.insert(key, value);
                }
                self.next()?;
                (anchor, Value::Map(m))
            }
            _ => return Err("unexpected YAML event".into()),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, v.clone());
        }
        Ok(YamlNode::Value(v))
    }
}

/// go-cty-yaml's resolution of one scalar (YAML 1.1 flavoured).
fn yaml_scalar(src: &str, style: saphyr_parser::ScalarStyle, tag: &str) -> Result<Value, String> {
    use saphyr_parser::ScalarStyle;
    let short = tag.strip_prefix(YAML_TAG).map(|t| format!("!!{t}"));
    let kind = match short.as_deref() {
        None if tag.is_empty() => "",
        Some(k @ ("!!str" | "!!bool" | "!!int" | "!!float" | "!!null" | "!!timestamp" | "!!binary")) => k,
        _ => return Err(format!("unsupported tag {}", go_quote(tag))),
    };
    let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
    // Untagged block and quoted scalars are strings.
    if kind.is_empty() && style != ScalarStyle::Plain {
        return Ok(Value::string(src));
    }
    let cannot = || format!("cannot parse {} as {tag}", go_quote(src));
    let hint = src.bytes().next().map_or(b'N', |b| match b {
        b'+' | b'-' => b'S',
        b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => 0,
    });
    if hint != 0 && kind != "!!str" && kind != "!!binary" {
        if quoted {
            return Ok(Value::string(src));
        }
        if let Some(v) = yaml_keyword(src) {
            return Ok(v);
        }
        if kind.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN is not supported".into());
        }
        if kind.is_empty() {
            match hint {
                b'.' => {
                    if let Some(n) = parse_decimal(src) {
                        return Ok(Value::Number(n));
                    }
                }
                b'D' | b'S' => {
                    if let Some(t) = yaml_timestamp(src) {
                        return Ok(Value::String(t));
                    }
                    if let Some(n) = yaml_float_literal(src) {
                        return Ok(Value::Number(n));
                    }
                    let radix = |p: &str, r: u32| {
                        src.strip_prefix(p)
                            .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_digit(r)))
                            .and_then(|d| u64::from_str_radix(d, r).ok())
                    };
                    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
                        return Ok(Value::Number(n as f64));
                    }
                }
                _ => {}
            }
        }
    }
    match kind {
        "" | "!!str" => Ok(Value::string(src)),
        "!!binary" => {
            use base64::Engine as _;
            let clean: String = src.chars().filter(|c| *c != '\r' && *c != '\n').collect();
            base64::engine::general_purpose::STANDARD
                .decode(clean)
                .map(|_| Value::string(src))
                .map_err(|_| format!("{}: not valid base64", cannot()))
        }
        "!!bool" => match yaml_keyword(src) {
            Some(v @ Value::Bool(_)) => Ok(v),
            _ => Err(cannot()),
        },
        "!!int" | "!!float" => {
            let plain = src.replace('_', "");
            parse_decimal(&plain).or_else(|| go_parse_int(&plain)).map(Value::Number).ok_or_else(cannot)
        }
        "!!timestamp" => yaml_timestamp(src).map(Value::String).ok_or_else(cannot),
        _ => Ok(Value::Null), // !!null
    }
}

fn yaml_keyword(s: &str) -> Option<Value> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Number(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Number(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn yaml_float_literal(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mant_ok = match mant.split_once('.') {
        Some((i, f)) => (digits(i) && (f.is_empty() || digits(f))) || (i.is_empty() && digits(f)),
        None => digits(mant),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if mant_ok && exp_ok { parse_decimal(s) } else { None }
}

/// Go's strconv.ParseInt(s, 0, 64) (then ParseUint): sign, 0x/0o/0b or a
/// leading 0 for octal.
fn go_parse_int(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    let n = u64::from_str_radix(digits, radix).ok()?;
    if neg { (n <= 1 << 63).then(|| -(n as f64)) } else { Some(n as f64) }
}

/// The YAML timestamp forms go-cty-yaml accepts, as an RFC 3339 string.
fn yaml_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut p = Scan { s, i: 5 };
    let year: i32 = s[..4].parse().ok()?;
    let month = p.num(1, 2)?;
    p.lit('-')?;
    let day = p.num(1, 2)?;
    let date = time::Date::from_calendar_date(year, time::Month::try_from(month as u8).ok()?, day as u8).ok()?;
    if p.done() {
        return Some(rfc3339(date.midnight().assume_utc()));
    }
    let sep = p.take()?;
    let (h, m) = (p.num(1, 2)?, p.lit(':').and_then(|_| p.num(1, 2))?);
    let sec = p.lit(':').and_then(|_| p.num(1, 2))?;
    let nanos = p.fraction();
    let t = time::Time::from_hms_nano(h as u8, m as u8, sec as u8, nanos).ok()?;
    let offset = match sep {
        'T' | 't' => p.offset()?,
        ' ' => 0,
        _ => return None,
    };
    if !p.done() {
        return None;
    }
    let off = time::UtcOffset::from_whole_seconds(offset).ok()?;
    Some(rfc3339(time::PrimitiveDateTime::new(date, t).assume_offset(off)))
}

/// A small cursor over ASCII timestamp text.
struct Scan<'a> {
    s: &'a str,
    i: usize,
}

impl Scan<'_> {
    fn done(&self) -> bool {
        self.i >= self.s.len()
    }

    fn rest(&self) -> &str {
        &self.s[self.i..]
    }

    fn take(&mut self) -> Option<char> {
        let c = self.rest().chars().next()?;
        self.i += c.len_utf8();
        Some(c)
    }

    fn lit(&mut self, c: char) -> Option<()> {
        self.rest().starts_with(c).then(|| self.i += c.len_utf8())
    }

    /// `min..=max` digits.
    fn num(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self.rest().bytes().take(max).take_while(u8::is_ascii_digit).count();
        if n < min {
            return None;
        }
        let v = self.rest()[..n].parse().ok();
        self.i += n;
        v
    }

    /// An optional `.digits` fraction, as nanoseconds.
    fn fraction(&mut self) -> u32 {
        if !self.rest().starts_with('.') || !self.rest()[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return 0;
        }
        self.i += 1;
        let digits: String = self.rest().chars().take_while(char::is_ascii_digit).collect();
        self.i += digits.len();
        let mut padded: String = digits.chars().take(9).collect();
        while padded.len() < 9 {
            padded.push('0');
        }
        padded.parse().unwrap_or(0)
    }

    /// `Z` or `±hh:mm`, in seconds east of UTC.
    fn offset(&mut self) -> Option<i32> {
        if self.lit('Z').is_some() {
            return Some(0);
        }
        let sign = match self.take()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        let h = self.num(2, 2)?;
        self.lit(':')?;
        let m = self.num(2, 2)?;
        (h < 24 && m < 60).then(|| sign * (h as i32 * 3600 + m as i32 * 60))
    }
}

fn f_yamldecode(cx: &Cx, a: Vec<Value>) -> R {
    let s = cx.string(&a, 0)?;
    let mut d = YamlDecoder { events: saphyr_parser::Parser::new_from_str(&s).peekable(), anchors: BTreeMap::new() };
    d.document().map_err(|m| cx.err(m))
}

// ---------------------------------------------------------------------------
// Hash and UUID functions.

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn digest<D: sha2::Digest>(bytes: &[u8]) -> Vec<u8> {
    D::digest(bytes).to_vec()
}

fn f_md5(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| hex(&digest::<md5::Md5>(s.as_bytes())))
}

fn f_sha1(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| hex(&digest::<sha1::Sha1>(s.as_bytes())))
}

fn f_sha256(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| hex(&digest::<sha2::Sha256>(s.as_bytes())))
}

fn f_sha512(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| hex(&digest::<sha2::Sha512>(s.as_bytes())))
}

fn f_base64sha256(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| base64_text(&digest::<sha2::Sha256>(s.as_bytes())))
}

fn f_base64sha512(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |s| base64_text(&digest::<sha2::Sha512>(s.as_bytes())))
}

fn f_uuidv5(cx: &Cx, a: Vec<Value>) -> R {
    use uuid::Uuid;
    let (ns, name) = two_strings(cx, &a)?;
    let namespace = match ns.as_str() {
        "dns" => Uuid::NAMESPACE_DNS,
        "url" => Uuid::NAMESPACE_URL,
        "oid" => Uuid::NAMESPACE_OID,
        "x500" => Uuid::NAMESPACE_X500,
        s => Uuid::parse_str(s).map_err(|_| {
            // Go's uuid.Parse texts.
            let why = if [32, 36, 38, 41].contains(&s.len()) {
                "invalid UUID format".to_string()
            } else {
                format!("invalid UUID length: {}", s.len())
            };
            cx.err(format!("uuidv5() doesn't support namespace {s} ({why})"))
        })?,
    };
    Ok(Value::String(Uuid::new_v5(&namespace, name.as_bytes()).to_string()))
}

// ---------------------------------------------------------------------------
// Filesystem functions. Relative paths resolve against the calling module's
// directory (env.module_dir). `path.module` is that directory, so a path
// that already starts with it (Terraform's `"${path.module}/x"` idiom, with
// a relative module directory) resolves against the working directory
// instead, as in Terraform, rather than naming the directory twice.

fn base_dir(cx: &Cx, p: &str) -> PathBuf {
    let dir = &cx.env.module_dir;
    let cwd = std::env::current_dir().unwrap_or_default();
    if dir.is_absolute() {
        return dir.clone();
    }
    let trivial = dir.as_os_str().is_empty() || dir == std::path::Path::new(".");
    if !trivial && std::path::Path::new(p).starts_with(dir) {
        return cwd;
    }
    cwd.join(dir)
}

/// `~` and `~/...` expand to the home directory, as Terraform's homedir does.
fn expand_home(cx: &Cx, p: &str) -> Result<String, FnError> {
    let Some(rest) = p.strip_prefix('~') else { return Ok(p.to_string()) };
    if !rest.is_empty() && !rest.starts_with('/') {
        return Err(cx.err("cannot expand user-specific home dir"));
    }
    let home = std::env::var("HOME").map_err(|_| cx.err("cannot find home directory: $HOME is not set"))?;
    Ok(format!("{home}{rest}"))
}

fn resolve(cx: &Cx, p: &str) -> Result<PathBuf, FnError> {
    let p = expand_home(cx, p)?;
    Ok(base_dir(cx, &p).join(p))
}

fn read_file(cx: &Cx, a: &[Value]) -> Result<(String, Vec<u8>), FnError> {
    let p = cx.string(a, 0)?;
    let full = resolve(cx, &p)?;
    if full.is_dir() {
        return Err(cx.arg_err(0, format!("failed to read file: read {}: is a directory", full.display())));
    }
    match std::fs::read(&full) {
        Ok(bytes) => Ok((p, bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(cx.arg_err(
            0,
            format!(
                "no file exists at {}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource",
                go_quote(&p)
            ),
        )),
        Err(e) => Err(cx.arg_err(0, format!("failed to read file: {e}"))),
    }
}

fn f_file(cx: &Cx, a: Vec<Value>) -> R {
    let (p, bytes) = read_file(cx, &a)?;
    String::from_utf8(bytes).map(Value::String).map_err(|_| {
        cx.err(format!(
            "contents of {} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead",
            go_quote(&p)
        ))
    })
}

fn file_with(cx: &Cx, a: &[Value], f: impl Fn(&[u8]) -> String) -> R {
    Ok(Value::String(f(&read_file(cx, a)?.1)))
}

fn f_filebase64(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, base64_text)
}

fn f_filemd5(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, |b| hex(&digest::<md5::Md5>(b)))
}

fn f_filesha1(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, |b| hex(&digest::<sha1::Sha1>(b)))
}

fn f_filesha256(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, |b| hex(&digest::<sha2::Sha256>(b)))
}

fn f_filesha512(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, |b| hex(&digest::<sha2::Sha512>(b)))
}

fn f_filebase64sha256(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, |b| base64_text(&digest::<sha2::Sha256>(b)))
}

fn f_filebase64sha512(cx: &Cx, a: Vec<Value>) -> R {
    file_with(cx, &a, |b| base64_text(&digest::<sha2::Sha512>(b)))
}

fn f_fileexists(cx: &Cx, a: Vec<Value>) -> R {
    let p = cx.string(&a, 0)?;
    match std::fs::metadata(resolve(cx, &p)?) {
        Ok(m) if m.is_dir() => Err(cx.err(format!("{} is a directory, not a file", go_quote(&p)))),
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Bool(false)),
        Err(e) => Err(cx.err(format!("failed to stat {}: {e}", go_quote(&p)))),
    }
}

// CSV, text encodings and file sets, as Terraform's csvdecode,
// textencodebase64 and fileset (RFC 4180 quoting; glob with `*`, `**`, `?`).

fn f_csvdecode(cx: &Cx, a: Vec<Value>) -> R {
    let s = cx.string(&a, 0)?;
    let mut rows: Vec<Vec<String>> = vec![];
    let (mut row, mut field, mut quoted, mut chars) = (vec![], String::new(), false, s.chars().peekable());
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err(cx.err("extraneous or missing \" in quoted-field"));
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    let Some(header) = rows.first().cloned() else { return Err(cx.err("missing header line")) };
    let mut out = vec![];
    for (n, r) in rows.into_iter().enumerate().skip(1) {
        if r.len() != header.len() {
            return Err(cx.err(format!("record on line {} has {} fields, but the header has {}", n + 1, r.len(), header.len())));
        }
        out.push(Value::Map(header.iter().cloned().zip(r.into_iter().map(Value::String)).collect()));
    }
    Ok(Value::List(out))
}

fn f_textencodebase64(cx: &Cx, a: Vec<Value>) -> R {
    let s = cx.string(&a, 0)?;
    let enc = cx.string(&a, 1)?;
    let bytes: Vec<u8> = match enc.to_ascii_uppercase().replace('_', "-").as_str() {
        "UTF-8" | "UTF8" => s.into_bytes(),
        "UTF-16LE" => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        "UTF-16BE" => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        "ISO-8859-1" | "LATIN1" => {
            let mut v = vec![];
            for c in s.chars() {
                let code = c as u32;
                if code > 255 {
                    return Err(cx.arg_err(0, format!("the given string contains characters that cannot be represented in {enc}")));
                }
                v.push(code as u8);
            }
            v
        }
        _ => {
            return Err(
                cx.arg_err(1, format!("{} is not a supported IANA encoding name or alias in this Terraform version", go_quote(&enc)))
            );
        }
    };
    Ok(Value::String(base64_text(&bytes)))
}

fn f_fileset(cx: &Cx, a: Vec<Value>) -> R {
    let base = cx.string(&a, 0)?;
    let pattern = cx.string(&a, 1)?;
    let root = resolve(cx, &base)?;
    let mut found = vec![];
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(&root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if glob_match(&pattern, &rel) {
                    found.push(Value::String(rel));
                }
            }
        }
    }
    Ok(Value::set(found))
}

/// Glob matching on `/`-separated paths: `*` and `?` stay within a segment, `**` spans segments.
fn glob_match(pattern: &str, path: &str) -> bool {
    fn seg(p: &[char], s: &[char]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some('*'), _) => seg(&p[1..], s) || (!s.is_empty() && seg(p, &s[1..])),
            (Some('?'), Some(_)) => seg(&p[1..], &s[1..]),
            (Some(a), Some(b)) if a == b => seg(&p[1..], &s[1..]),
            _ => false,
        }
    }
    fn parts(p: &[&str], s: &[&str]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some(&"**"), _) => parts(&p[1..], s) || (!s.is_empty() && parts(p, &s[1..])),
            (Some(a), Some(b)) => {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                seg(&ac, &bc) && parts(&p[1..], &s[1..])
            }
            _ => false,
        }
    }
    let p: Vec<&str> = pattern.split('/').filter(|x| !x.is_empty() && *x != ".").collect();
    let s: Vec<&str> = path.split('/').collect();
    parts(&p, &s)
}

/// Go's path/filepath.Clean for slash-separated paths.
fn go_clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn f_abspath(cx: &Cx, a: Vec<Value>) -> R {
    let p = cx.string(&a, 0)?;
    let full = if p.starts_with('/') { p } else { format!("{}/{p}", base_dir(cx, &p).to_string_lossy()) };
    Ok(Value::String(go_clean(&full)))
}

fn f_dirname(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |p| match p.rfind('/') {
        Some(i) => go_clean(&p[..=i]),
        None => ".".into(),
    })
}

fn f_basename(cx: &Cx, a: Vec<Value>) -> R {
    map_str(cx, &a, |p| {
        if p.is_empty() {
            return ".".into();
        }
        let trimmed = p.trim_end_matches('/');
        if trimmed.is_empty() {
            return "/".into();
        }
        trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
    })
}

fn f_pathexpand(cx: &Cx, a: Vec<Value>) -> R {
    let p = cx.string(&a, 0)?;
    Ok(Value::String(expand_home(cx, &p)?))
}

// ---------------------------------------------------------------------------
// IP network functions, over integers: an address is its bits in a u128
// (32 used for IPv4). The arithmetic follows Terraform's go-cidr, including
// how Go treats IPv4-mapped IPv6 addresses (printed as IPv4).

#[derive(Clone, Copy)]
struct Net {
    ip: u128,
    bits: u32,
    prefix: u32,
}

fn all_ones(bits: u32) -> u128 {
    if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 }
}

fn host_mask(prefix: u32, bits: u32) -> u128 {
    all_ones(bits - prefix.min(bits))
}

fn net_mask(prefix: u32, bits: u32) -> u128 {
    all_ones(bits) & !host_mask(prefix, bits)
}

fn v4_mapped(ip: u128, bits: u32) -> bool {
    bits == 128 && ip >> 32 == 0xffff
}

/// IPv4 as Go 1.16's parser (which Terraform keeps) reads it: leading
/// zeros allowed and decimal.
fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    parts.iter().try_fold(0u32, |acc, p| {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v = p.bytes().try_fold(0u32, |v, b| {
            let v = v * 10 + u32::from(b - b'0');
            (v <= 255).then_some(v)
        })?;
        Some(acc << 8 | v)
    })
}

fn parse_cidr(s: &str) -> Result<Net, String> {
    let bad = || format!("invalid CIDR address: {s}");
    let (addr, mask) = s.split_once('/').ok_or_else(bad)?;
    let (ip, bits) = match parse_ipv4(addr) {
        Some(v4) => (u128::from(v4), 32),
        None => (addr.parse::<std::net::Ipv6Addr>().map_err(|_| bad())?.to_bits(), 128),
    };
    if mask.is_empty() || !mask.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let prefix: u32 = mask.parse().map_err(|_| bad())?;
    if prefix > bits {
        return Err(bad());
    }
    Ok(Net { ip: ip & net_mask(prefix, bits), bits, prefix })
}

/// Go's net.IP String: dotted IPv4 (also for IPv4-mapped IPv6), otherwise
/// RFC 5952 IPv6 (longest run of two or more zero groups becomes "::").
fn format_ip(ip: u128, bits: u32) -> String {
    if bits == 32 || v4_mapped(ip, bits) {
        let v = ip as u32;
        return format!("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    }
    let groups: Vec<u16> = (0..8).map(|i| (ip >> (112 - 16 * i)) as u16).collect();
    let (mut best, mut i) = ((0, 0), 0);
    while i < 8 {
        let mut j = i;
        while j < 8 && groups[j] == 0 {
            j += 1;
        }
        if j - i > best.1 - best.0 {
            best = (i, j);
        }
        i = j + 1;
    }
    if best.1 - best.0 < 2 {
        best = (9, 9);
    }
    let mut out = String::new();
    for (i, g) in groups.iter().enumerate() {
        if i == best.0 {
            out.push_str("::");
        } else if i > best.0 && i < best.1 {
            continue;
        } else {
            if i > 0 && i != best.1 {
                out.push(':');
            }
            let _ = write!(out, "{g:x}");
        }
    }
    out
}

fn format_net(n: Net) -> String {
    let prefix = if v4_mapped(n.ip, n.bits) { n.prefix.saturating_sub(96) } else { n.prefix };
    format!("{}/{prefix}", format_ip(n.ip, n.bits))
}

fn cidr_arg(cx: &Cx, a: &[Value]) -> Result<Net, FnError> {
    parse_cidr(&cx.string(a, 0)?).map_err(|e| cx.err(format!("invalid CIDR expression: {e}")))
}

/// A whole number argument that Terraform reads as a big integer.
fn big_int(cx: &Cx, a: &[Value], i: usize) -> Result<f64, FnError> {
    let n = cx.number(a, i)?;
    if n.fract() != 0.0 || !n.is_finite() {
        return Err(cx.err("value must be a whole number"));
    }
    Ok(n)
}

fn f_cidrhost(cx: &Cx, a: Vec<Value>) -> R {
    let n = big_int(cx, &a, 1)?;
    let net = cidr_arg(cx, &a)?;
    let max = host_mask(net.prefix, net.bits);
    let too_big = |shown: String| cx.err(format!("prefix of {} does not accommodate a host numbered {shown}", net.prefix));
    // Negative host numbers count back from the last address (-1).
    let host = if n < 0.0 {
        let back = -n - 1.0;
        if back > max as f64 {
            return Err(too_big(num_str(max as f64 - back)));
        }
        max - back as u128
    } else {
        if n > max as f64 {
            return Err(too_big(num_str(n)));
        }
        n as u128
    };
    // go-cidr places the number by the IPv4 width when the address is
    // IPv4-mapped, which lands it high in the IPv6 address; kept as is.
    let width = if net.bits == 32 || v4_mapped(net.ip, net.bits) { 32 } else { 128 };
    let shifted = host.checked_shl(net.bits - width).unwrap_or(0);
    Ok(Value::String(format_ip(net.ip | shifted, net.bits)))
}

fn f_cidrnetmask(cx: &Cx, a: Vec<Value>) -> R {
    let net = cidr_arg(cx, &a)?;
    if net.bits == 128 && !v4_mapped(net.ip, net.bits) {
        return Err(cx.err(format!("IPv6 addresses cannot have a netmask: {}", cx.string(&a, 0)?)));
    }
    Ok(Value::String(format_ip(net_mask(net.prefix, net.bits), net.bits)))
}

fn f_cidrsubnet(cx: &Cx, a: Vec<Value>) -> R {
    let newbits = cx.int(&a, 1)?;
    let netnum = big_int(cx, &a, 2)?;
    let net = cidr_arg(cx, &a)?;
    // Terraform's go-cidr gives odd results for negative numbers; refuse them.
    if newbits < 0 {
        return Err(cx.err("newbits must not be negative"));
    }
    if netnum < 0.0 {
        return Err(cx.err("netnum must not be negative"));
    }
    let new_prefix = i64::from(net.prefix) + newbits;
    if new_prefix > i64::from(net.bits) {
        return Err(cx.err(format!("insufficient address space to extend prefix of {} by {newbits}", net.prefix)));
    }
    if netnum >= 2f64.powi(newbits as i32) {
        let msg = format!("prefix extension of {newbits} does not accommodate a subnet numbered {}", num_str(netnum));
        return Err(cx.err(msg));
    }
    let new_prefix = new_prefix as u32;
    let ip = net.ip | (netnum as u128).checked_shl(net.bits - new_prefix).unwrap_or(0);
    Ok(Value::String(format_net(Net { ip, bits: net.bits, prefix: new_prefix })))
}

fn f_cidrsubnets(cx: &Cx, a: Vec<Value>) -> R {
    let net = cidr_arg(cx, &a)?;
    let mut out = Vec::new();
    if a.len() == 1 {
        return Ok(strings(out));
    }
    let int = |i: usize| cx.number(&a, i).and_then(|n| whole(n).ok_or_else(|| cx.arg_err(i, NOT_WHOLE)));
    let first = (i64::from(net.prefix) + int(1)?).clamp(0, i64::from(net.bits)) as u32;
    // Start just before the base prefix, then take each next subnet in turn.
    let start = net.ip.wrapping_sub(1) & all_ones(net.bits);
    let mut current = Net { ip: start & net_mask(first, net.bits), bits: net.bits, prefix: first };
    for i in 1..a.len() {
        let n = int(i)?;
        if n < 1 {
            return Err(cx.arg_err(i, "must extend prefix by at least one bit"));
        }
        if n > 32 {
            return Err(cx.arg_err(i, "may not extend prefix by more than 32 bits"));
        }
        let len = net.prefix + n as u32;
        if len > net.bits {
            let family = if net.bits == 32 { "IPv4" } else { "IPv6" };
            return Err(cx.arg_err(i, format!("would extend prefix to {len} bits, which is too long for an {family} address")));
        }
        let last = current.ip | host_mask(current.prefix, net.bits);
        let sub_last = (last & net_mask(len, net.bits)) | host_mask(len, net.bits);
        let next_ip = sub_last.wrapping_add(1) & all_ones(net.bits);
        let next = Net { ip: next_ip & net_mask(len, net.bits), bits: net.bits, prefix: len };
        if next_ip == 0 || next.ip & net_mask(net.prefix, net.bits) != net.ip {
            let msg = format!("not enough remaining address space for a subnet with a prefix of {len} bits after {}", format_net(current));
            return Err(cx.arg_err(i, msg));
        }
        current = next;
        out.push(format_net(current));
    }
    Ok(strings(out))
}

// ---------------------------------------------------------------------------
// Date and time functions. Timestamps are RFC 3339 strings, parsed strictly
// with Terraform's error texts; output keeps the input's UTC offset.

fn rfc3339(t: time::OffsetDateTime) -> String {
    let mut s = format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", t.year(), t.month() as u8, t.day(), t.hour(), t.minute(), t.second());
    s.push_str(&offset_text(t.offset().whole_seconds(), true, true));
    s
}

/// `Z07:00` (zulu) or `-07:00`/`-0700` forms of a UTC offset.
fn offset_text(secs: i32, zulu: bool, colon: bool) -> String {
    if zulu && secs == 0 {
        return "Z".into();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    if colon { format!("{sign}{h:02}:{m:02}") } else { format!("{sign}{h:02}{m:02}") }
}

fn parse_timestamp(s: &str) -> Result<time::OffsetDateTime, String> {
    let e = |m: String| format!("not a valid RFC3339 timestamp: {m}");
    let mut p = Scan { s, i: 0 };
    fn field(p: &mut Scan, what: &str, max: u32) -> Result<u32, String> {
        if p.done() {
            return Err(format!("end of string before {what}"));
        }
        let rest = p.rest().to_string();
        let v = p.num(if what == "year" { 4 } else { 2 }, if what == "year" { 4 } else { 2 });
        match v {
            Some(v) if v <= max => Ok(v),
            Some(_) => Err(format!("cannot use {} as {what}", go_quote(p.rest()))),
            None => Err(format!("cannot use {} as {what}", go_quote(&rest))),
        }
    }
    fn sep(p: &mut Scan, c: &str) -> Result<(), String> {
        if p.done() {
            return Err(format!("end of string where {} is expected", go_quote(c)));
        }
        if !p.rest().starts_with(c) {
            return Err(format!("found {} where {} is expected", go_quote(p.rest()), go_quote(c)));
        }
        p.i += 1;
        Ok(())
    }
    let year = field(&mut p, "year", 9999).map_err(e)?;
    sep(&mut p, "-").map_err(e)?;
    let month = field(&mut p, "month", 12).map_err(e)?;
    sep(&mut p, "-").map_err(e)?;
    let day = field(&mut p, "day of month", 31).map_err(e)?;
    if p.lit('T').is_none() {
        return Err(e("missing required time introducer 'T'".into()));
    }
    if p.done() {
        return Err(e("end of string before hour".into()));
    }
    let hour_digits = p.rest().bytes().take_while(u8::is_ascii_digit).count();
    if hour_digits != 2 {
        return Err(e("hour must have exactly two digits".into()));
    }
    let hour = p.num(2, 2).unwrap_or(0);
    if hour > 23 {
        return Err(e("hour must be between 0 and 23 inclusive".into()));
    }
    sep(&mut p, ":").map_err(e)?;
    if p.rest().bytes().take_while(u8::is_ascii_digit).count() != 2 && !p.done() {
        return Err(e("minute must have exactly two digits".into()));
    }
    let minute = field(&mut p, "minute", 59).map_err(e)?;
    sep(&mut p, ":").map_err(e)?;
    let second = field(&mut p, "second", 59).map_err(e)?;
    let nanos = p.fraction();
    if p.done() {
        return Err(e("end of string before UTC offset".into()));
    }
    let rest = p.rest().to_string();
    let offset = p.offset().ok_or_else(|| e(format!("cannot use {} as UTC offset", go_quote(&rest))))?;
    if !p.done() {
        return Err(e(format!("cannot use {} as timestamp segment", go_quote(p.rest()))));
    }
    let month = time::Month::try_from(month as u8).map_err(|_| e("month out of range".into()))?;
    let date = time::Date::from_calendar_date(year as i32, month, day as u8).map_err(|_| e("day out of range".into()))?;
    let t = time::Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos).map_err(|_| e("time out of range".into()))?;
    let off = time::UtcOffset::from_whole_seconds(offset).map_err(|_| e("UTC offset out of range".into()))?;
    Ok(time::PrimitiveDateTime::new(date, t).assume_offset(off))
}

/// Go's time.ParseDuration, in nanoseconds, with its error texts.
fn parse_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(s));
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        if !rest.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int_part: u128 = if int_len > 0 { rest[..int_len].parse().map_err(|_| invalid())? } else { 0 };
        rest = &rest[int_len..];
        let mut frac = "";
        if let Some(r) = rest.strip_prefix('.') {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            frac = &r[..n];
            rest = &r[n..];
        }
        if int_len == 0 && frac.is_empty() {
            return Err(invalid());
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", go_quote(s)));
        }
        let unit: u128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            u => return Err(format!("time: unknown unit {} in duration {}", go_quote(u), go_quote(s))),
        };
        rest = &rest[unit_len..];
        let mut v = int_part.checked_mul(unit).ok_or_else(invalid)?;
        if !frac.is_empty() {
            let f: f64 = format!("0.{frac}").parse().unwrap_or(0.0);
            v += (f * unit as f64) as u128;
        }
        total = total.checked_add(v).filter(|t| *t <= 1 << 63).ok_or_else(invalid)?;
    }
    if neg {
        return Ok((total as i128).wrapping_neg() as i64);
    }
    i64::try_from(total).map_err(|_| invalid())
}

fn f_timeadd(cx: &Cx, a: Vec<Value>) -> R {
    let (ts, dur) = two_strings(cx, &a)?;
    let t = parse_timestamp(&ts).map_err(|m| cx.err(m))?;
    let d = parse_duration(&dur).map_err(|m| cx.err(m))?;
    let sum = t.checked_add(time::Duration::nanoseconds(d)).ok_or_else(|| cx.err("time out of range"))?;
    Ok(Value::String(rfc3339(sum)))
}

fn f_timecmp(cx: &Cx, a: Vec<Value>) -> R {
    let (x, y) = two_strings(cx, &a)?;
    let x = parse_timestamp(&x).map_err(|m| cx.arg_err(0, m))?;
    let y = parse_timestamp(&y).map_err(|m| cx.arg_err(1, m))?;
    Ok(Value::Number(match x.cmp(&y) {
        std::cmp::Ordering::Less => -1.0,
        std::cmp::Ordering::Equal => 0.0,
        std::cmp::Ordering::Greater => 1.0,
    }))
}

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const WEEKDAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

fn f_formatdate(cx: &Cx, a: Vec<Value>) -> R {
    let (spec, ts) = two_strings(cx, &a)?;
    let t = parse_timestamp(&ts).map_err(|m| cx.arg_err(1, m))?;
    let bad = |tok: &str, why: &str| cx.arg_err(0, format!("invalid date format verb {}: {why}", go_quote(tok)));
    let two = |n: u32, len: usize| if len == 1 { n.to_string() } else { format!("{n:02}") };
    let mut out = String::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted literal; '' is a literal quote, inside or outside.
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => return Err(cx.arg_err(0, "unterminated literal '")),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        out.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&c) => {
                        out.push(c);
                        j += 1;
                    }
                }
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        // A run of one letter is one verb.
        let len = chars[i..].iter().take_while(|&&x| x == c).count();
        let tok: String = chars[i..i + len].iter().collect();
        i += len;
        let hour = u32::from(t.hour());
        match (c, len) {
            ('Y', 2) => out.push_str(&format!("{:02}", t.year().rem_euclid(100))),
            ('Y', 4) => out.push_str(&format!("{:04}", t.year())),
            ('Y', _) => return Err(bad(&tok, "year must either be \"YY\" or \"YYYY\"")),
            ('M', 1 | 2) => out.push_str(&two(u32::from(t.month() as u8), len)),
            ('M', 3) => out.push_str(&MONTHS[t.month() as usize - 1][..3]),
            ('M', 4) => out.push_str(MONTHS[t.month() as usize - 1]),
            ('M', _) => return Err(bad(&tok, "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
            ('D', 1 | 2) => out.push_str(&two(u32::from(t.day()), len)),
            ('D', _) => return Err(bad(&tok, "day of month must either be \"D\" or \"DD\"")),
            ('E', 3) => out.push_str(&WEEKDAYS[t.weekday().number_days_from_sunday() as usize][..3]),
            ('E', 4) => out.push_str(WEEKDAYS[t.weekday().number_days_from_sunday() as usize]),
            ('E', _) => return Err(bad(&tok, "day of week must either be \"EEE\" or \"EEEE\"")),
            // Terraform's hh is the 24-hour clock and HH the 12-hour one.
            ('h', 1 | 2) => out.push_str(&two(hour, len)),
            ('h', _) => return Err(bad(&tok, "24-hour must either be \"h\" or \"hh\"")),
            ('H', 1 | 2) => out.push_str(&two(if hour % 12 == 0 { 12 } else { hour % 12 }, len)),
            ('H', _) => return Err(bad(&tok, "12-hour must either be \"H\" or \"HH\"")),
            ('A' | 'a', 2) => {
                let pm = hour >= 12;
                out.push_str(match (c, pm) {
                    ('A', false) => "AM",
                    ('A', true) => "PM",
                    (_, false) => "am",
                    (_, true) => "pm",
                });
            }
            ('A' | 'a', _) => return Err(bad(&tok, &format!("must be \"{c}{c}\""))),
            ('m', 1 | 2) => out.push_str(&two(u32::from(t.minute()), len)),
            ('m', _) => return Err(bad(&tok, "minute must either be \"m\" or \"mm\"")),
            ('s', 1 | 2) => out.push_str(&two(u32::from(t.second()), len)),
            ('s', _) => return Err(bad(&tok, "second must either be \"s\" or \"ss\"")),
            ('Z', 1 | 3 | 4 | 5) => {
                let secs = t.offset().whole_seconds();
                out.push_str(&match len {
                    1 => offset_text(secs, true, true),
                    3 if secs == 0 => "UTC".into(),
                    3 | 4 => offset_text(secs, false, false),
                    _ => offset_text(secs, false, true),
                });
            }
            ('Z', _) => return Err(bad(&tok, "timezone must be Z, ZZZZ, or ZZZZZ")),
            _ => return Err(cx.arg_err(0, format!("invalid date format verb {}", go_quote(&tok)))),
        }
    }
    Ok(Value::String(out))
}

#[cfg(test)]
mod csv_and_sets {
    use super::*;

    #[test]
    fn csv_quotes_and_globs() {
        let env = FnEnv::default();
        let v = call("csvdecode", vec![Value::string("a,b\n1,\"x,y\"\n")], &env).unwrap();
        assert_eq!(v.to_json(), serde_json::json!([{"a": "1", "b": "x,y"}]));
        assert!(call("csvdecode", vec![Value::string("a,b\n1\n")], &env).is_err());
        assert_eq!(
            call("textencodebase64", vec![Value::string("hi"), Value::string("UTF-16LE")], &env).unwrap(),
            Value::string("aABpAA==")
        );
        assert!(glob_match("templates/*.tftpl", "templates/a.tftpl"));
        assert!(!glob_match("templates/*.tftpl", "templates/x/a.tftpl"));
        assert!(glob_match("**/*.tf", "a/b/c.tf"));
    }
}

#[cfg(test)]
mod tests {
    //! Table tests. Each case is a Terraform expression and the result
    //! `terraform console` (v1.11) printed for it, so both sides read like
    //! HCL. `unknown` stands for a value known only after apply.

    use super::*;

    /// A tiny reader for HCL literals and function calls, enough for the
    /// tables: strings, numbers, bools, null, unknown, [..], {..}, f(..).
    struct Reader<'a> {
        s: &'a str,
        i: usize,
        env: &'a FnEnv,
    }

    impl Reader<'_> {
        fn peek(&self) -> Option<char> {
            self.s[self.i..].chars().next()
        }

        fn bump(&mut self) -> char {
            let c = self.peek().expect("unexpected end of expression");
            self.i += c.len_utf8();
            c
        }

        fn ws(&mut self) {
            while self.peek().is_some_and(|c| c.is_whitespace() || c == ',') {
                self.bump();
            }
        }

        fn expect(&mut self, c: char) {
            self.ws();
            assert_eq!(self.bump(), c, "in {:?} at {}", self.s, self.i);
        }

        fn value(&mut self) -> Result<Value, FnError> {
            self.ws();
            match self.peek().expect("value expected") {
                '"' => Ok(Value::String(self.string())),
                '[' => {
                    self.bump();
                    let mut items = Vec::new();
                    loop {
                        self.ws();
                        if self.peek() == Some(']') {
                            self.bump();
                            return Ok(Value::List(items));
                        }
                        items.push(self.value()?);
                    }
                }
                '{' => {
                    self.bump();
                    let mut m = BTreeMap::new();
                    loop {
                        self.ws();
                        match self.peek() {
                            Some('}') => {
                                self.bump();
                                return Ok(Value::Map(m));
                            }
                            Some('"') => {
                                let k = self.string();
                                self.expect('=');
                                m.insert(k, self.value()?);
                            }
                            _ => {
                                let k = self.ident();
                                self.expect('=');
                                m.insert(k, self.value()?);
                            }
                        }
                    }
                }
                c if c == '-' || c.is_ascii_digit() => {
                    let start = self.i;
                    self.bump();
                    while let Some(c) = self.peek() {
                        let after_e = self.s[start..self.i].ends_with(['e', 'E']);
                        if !(c.is_ascii_alphanumeric() || c == '.' || (after_e && (c == '+' || c == '-'))) {
                            break;
                        }
                        self.bump();
                    }
                    Ok(Value::Number(self.s[start..self.i].parse().expect("number")))
                }
                _ => {
                    let name = self.ident();
                    match name.as_str() {
                        "true" => Ok(Value::Bool(true)),
                        "false" => Ok(Value::Bool(false)),
                        "null" => Ok(Value::Null),
                        "unknown" => Ok(Value::Unknown),
                        _ => {
                            self.expect('(');
                            let mut args = Vec::new();
                            loop {
                                self.ws();
                                if self.peek() == Some(')') {
                                    self.bump();
                                    break;
                                }
                                args.push(self.value()?);
                            }
                            call(&name, args, self.env)
                        }
                    }
                }
            }
        }

        fn ident(&mut self) -> String {
            let start = self.i;
            while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                self.bump();
            }
            assert!(self.i > start, "identifier expected in {:?} at {}", self.s, self.i);
            self.s[start..self.i].to_string()
        }

        fn string(&mut self) -> String {
            self.bump();
            let mut out = String::new();
            loop {
                match self.bump() {
                    '"' => return out,
                    '\\' => match self.bump() {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'u' => {
                            let hex: String = (0..4).map(|_| self.bump()).collect();
                            out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                        }
                        c => out.push(c),
                    },
                    c => out.push(c),
                }
            }
        }
    }

    fn eval_in(src: &str, env: &FnEnv) -> Result<Value, FnError> {
        Reader { s: src, i: 0, env }.value()
    }

    fn eval(src: &str) -> Result<Value, FnError> {
        eval_in(src, &FnEnv::default())
    }

    /// Equal values, and equal as printed (so -0 and 0 differ).
    fn same(a: &Value, b: &Value) -> bool {
        a == b && json_text(a).ok() == json_text(b).ok()
    }

    fn check_in(env: &FnEnv, cases: &[(&str, &str)]) {
        let mut failures = Vec::new();
        for (expr, want) in cases {
            let want_v = eval_in(want, env).unwrap_or_else(|e| panic!("bad expectation {want}: {e:?}"));
            match eval_in(expr, env) {
                Ok(v) if same(&v, &want_v) => {}
                got => failures.push(format!("{expr}\n    got  {got:?}\n    want {want_v:?}")),
            }
        }
        assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
    }

    fn check(cases: &[(&str, &str)]) {
        check_in(&FnEnv::default(), cases);
    }

    /// Error cases: the expression, the argument blamed, and the message
    /// (a trailing `…` makes it a prefix).
    fn check_err_in(env: &FnEnv, cases: &[(&str, Option<usize>, &str)]) {
        let mut failures = Vec::new();
        for (expr, arg, want) in cases {
            match eval_in(expr, env) {
                Err(e) if e.arg == *arg && (e.message == *want || want.strip_suffix('…').is_some_and(|p| e.message.starts_with(p))) => {}
                got => failures.push(format!("{expr}\n    got  {got:?}\n    want {arg:?} {want}")),
            }
        }
        assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
    }

    fn check_err(cases: &[(&str, Option<usize>, &str)]) {
        check_err_in(&FnEnv::default(), cases);
    }

    #[test]
    fn registry_is_sorted_and_complete() {
        let names = names();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "FUNCS must stay sorted");
        assert!(names.len() > 100);
        for name in ["cidrsubnet", "formatdate", "yamldecode", "zipmap", "timestamp", "uuid"] {
            assert!(names.contains(&name), "{name}");
        }
        for name in ["templatefile", "try", "can"] {
            assert!(!names.contains(&name), "{name} belongs to the evaluator");
        }
        let e = call("nosuch", vec![], &FnEnv::default()).unwrap_err();
        assert_eq!(e.message, "There is no function named \"nosuch\".");
    }

    #[test]
    fn arity_and_null_errors() {
        check_err(&[
            (r#"element(["a"])"#, None, "Function \"element\" expects 2 argument(s). Missing value for \"index\"."),
            (r#"upper("a", "b")"#, Some(1), "Function \"upper\" expects only 1 argument(s)."),
            (r#"uuid("x")"#, Some(0), "Function \"uuid\" expects only 0 argument(s)."),
            ("setunion()", None, "Function \"setunion\" expects at least 1 argument(s). Missing value for \"first_set\"."),
            ("format()", None, "Function \"format\" expects at least 1 argument(s). Missing value for \"format\"."),
            (r#"substr("abc", 0)"#, None, "Function \"substr\" expects 3 argument(s). Missing value for \"length\"."),
            ("upper(null)", Some(0), "Invalid value for \"str\" parameter: argument must not be null."),
            ("length(null)", Some(0), "Invalid value for \"value\" parameter: argument must not be null."),
            (r#"join(null, ["a"])"#, Some(0), "Invalid value for \"separator\" parameter: argument must not be null."),
            (r#"concat(["a"], null)"#, Some(1), "Invalid value for \"seqs\" parameter: argument must not be null."),
        ]);
    }

    #[test]
    fn unknowns_propagate_only_where_the_result_depends_on_them() {
        check(&[
            (r#"upper(unknown)"#, "unknown"),
            (r#"length([unknown, "x"])"#, "2"),
            (r#"keys({a = unknown})"#, r#"["a"]"#),
            (r#"values({a = unknown, b = 1})"#, "[unknown, 1]"),
            (r#"join(",", ["a", unknown])"#, "unknown"),
            (r#"lookup({a = unknown, b = 1}, "b")"#, "1"),
            (r#"lookup({a = unknown}, "a")"#, "unknown"),
            (r#"merge({a = unknown}, {b = 1})"#, "{a = unknown, b = 1}"),
            (r#"concat([unknown], ["x"])"#, r#"[unknown, "x"]"#),
            (r#"element([unknown, "x"], 1)"#, r#""x""#),
            (r#"slice([unknown, "b"], 1, 2)"#, r#"["b"]"#),
            (r#"reverse([unknown, "b"])"#, r#"["b", unknown]"#),
            (r#"zipmap(["a"], [unknown])"#, "{a = unknown}"),
            (r#"zipmap(["a", unknown], [1, 2])"#, "unknown"),
            (r#"contains([unknown, "a"], "a")"#, "true"),
            (r#"contains([unknown], "a")"#, "unknown"),
            (r#"flatten([["a"], unknown])"#, "unknown"),
            (r#"toset(["a", unknown])"#, "unknown"),
            (r#"distinct(["a", unknown])"#, "unknown"),
            (r#"sort(["b", unknown])"#, "unknown"),
            (r#"compact(["a", unknown])"#, "unknown"),
            (r#"one([unknown])"#, "unknown"),
            (r#"alltrue([true, unknown])"#, "unknown"),
            (r#"alltrue([false, unknown])"#, "false"),
            (r#"anytrue([unknown, true])"#, "true"),
            (r#"anytrue([unknown, false])"#, "unknown"),
            (r#"sum([1, unknown])"#, "unknown"),
            (r#"jsonencode({a = [unknown]})"#, "unknown"),
            (r#"yamlencode([unknown])"#, "unknown"),
            (r#"format("%v", [unknown])"#, "unknown"),
            (r#"formatlist("%s", ["a", unknown])"#, "unknown"),
            (r#"setunion(["a"], [unknown])"#, "unknown"),
            (r#"coalesce(null, unknown)"#, "unknown"),
            (r#"chunklist([unknown, "b"], 1)"#, r#"[[unknown], ["b"]]"#),
            ("timestamp()", "unknown"),
            ("uuid()", "unknown"),
        ]);
    }

    #[test]
    fn sensitive_marks_are_removed_before_the_call() {
        let secret = Value::List(vec![Value::string("a").mark(), Value::string("b")]);
        let out = call("join", vec![Value::string(","), secret], &FnEnv::default()).unwrap();
        assert_eq!(out, Value::string("a,b"));
    }

    #[test]
    fn length_and_conversions_to_collections() {
        check(&[
            (r#"length("héllo")"#, "5"),
            (r#"length("e\u0301")"#, "1"),
            (r#"length("")"#, "0"),
            ("length([])", "0"),
            ("length([null])", "1"),
            ("length({a = 1, b = 2})", "2"),
            (r#"length(toset(["a", "a"]))"#, "1"),
            (r#"tolist([1, "a"])"#, r#"["1", "a"]"#),
            (r#"tolist([[1], ["a"]])"#, r#"[["1"], ["a"]]"#),
            (r#"tolist([[1, "a"], [2, "b"]])"#, r#"[[1, "a"], [2, "b"]]"#),
            (r#"tolist([{a = 1}, {a = "x"}])"#, r#"[{a = "1"}, {a = "x"}]"#),
            (r#"tolist([{a = "x"}, {a = 1, b = true}])"#, r#"[{a = "x"}, {a = "1", b = "true"}]"#),
            (r#"tolist([null, "a"])"#, r#"[null, "a"]"#),
            (r#"tolist([toset(["a"]), ["b", 1]])"#, r#"[toset(["a"]), toset(["1", "b"])]"#),
            (r#"tolist(toset(["b", "a"]))"#, r#"["a", "b"]"#),
            ("tolist(null)", "null"),
            ("tolist([])", "[]"),
            (r#"toset([1, "a", 1])"#, r#"toset(["1", "a"])"#),
            ("toset([])", "toset([])"),
            (r#"tomap({a = 1, b = "x"})"#, r#"{a = "1", b = "x"}"#),
            ("tomap({})", "{}"),
            ("tomap(null)", "null"),
        ]);
        check_err(&[
            ("length(42)", None, "argument must be a string, a collection type, or a structural type."),
            ("tolist([1, true])", Some(0), "Invalid value for \"v\" parameter: cannot convert tuple to list of any single type."),
            ("tolist([1, [2]])", Some(0), "Invalid value for \"v\" parameter: cannot convert tuple to list of any single type."),
            (r#"tolist("a")"#, Some(0), "Invalid value for \"v\" parameter: cannot convert string to list of any single type."),
            ("tomap({a = 1, b = true})", Some(0), "Invalid value for \"v\" parameter: cannot convert object to map of any single type."),
            (
                r#"tomap({a = [1], b = "x"})"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert object to map of any single type.",
            ),
            (r#"tomap(["a"])"#, Some(0), "Invalid value for \"v\" parameter: cannot convert tuple to map of any single type."),
        ]);
    }

    #[test]
    fn maps_keys_values_lookup_merge() {
        check(&[
            ("keys({b = 1, a = 2})", r#"["a", "b"]"#),
            ("keys({})", "[]"),
            ("keys({a = 1, b = null})", r#"["a", "b"]"#),
            (r#"values({b = 1, a = "x"})"#, r#"["x", 1]"#),
            ("values({})", "[]"),
            (r#"lookup({a = 1}, "a")"#, "1"),
            (r#"lookup({a = 1}, "b", "x")"#, r#""x""#),
            (r#"lookup({a = "x"}, "b", 1)"#, "1"),
            (r#"lookup({a = 1}, "b", null)"#, "null"),
            (r#"merge({a = 1}, {b = "x"}, null)"#, r#"{a = 1, b = "x"}"#),
            (r#"merge({a = 1}, {a = "x"})"#, r#"{a = "x"}"#),
            ("merge({a = 1}, {b = 2}, {a = 3})", "{a = 3, b = 2}"),
            ("merge({a = {x = 1}}, {a = {y = 2}})", "{a = {y = 2}}"),
            ("merge()", "{}"),
            ("merge(null, null)", "{}"),
        ]);
        check_err(&[
            (r#"keys(["a"])"#, Some(0), "Invalid value for \"inputMap\" parameter: must have map or object type."),
            ("values([1])", None, "values() requires a map as the first argument."),
            (r#"lookup({a = 1}, "b")"#, None, "lookup failed to find key \"b\"."),
            (r#"lookup(["a"], "0")"#, Some(0), "Invalid value for \"inputMap\" parameter: lookup() requires a map as the first argument."),
            (r#"lookup({a = 1}, "a", 1, 2)"#, None, "lookup() takes two or three arguments, got 4."),
            ("lookup({a = 1})", None, "Function \"lookup\" expects at least 2 argument(s). Missing value for \"key\"."),
            (r#"lookup({a = 1}, null, 1)"#, Some(1), "Invalid value for \"key\" parameter: argument must not be null."),
            (r#"merge({a = 1}, ["x"])"#, None, "arguments must be maps or objects, got \"tuple\"."),
        ]);
    }

    #[test]
    fn sequences_concat_contains_element_index_slice_reverse() {
        check(&[
            (r#"concat(["a"], [1, ["b"]])"#, r#"["a", 1, ["b"]]"#),
            ("concat([], [])", "[]"),
            (r#"contains(["a", "b"], "b")"#, "true"),
            (r#"contains([1, 2], "1")"#, "false"),
            (r#"contains(["1", 2], 2)"#, "true"),
            ("contains([], 1)", "false"),
            ("contains([1, true], 1)", "true"),
            (r#"contains(toset(["b", "a"]), "b")"#, "true"),
            (r#"element(["a", "b", "c"], 1)"#, r#""b""#),
            (r#"element(["a", "b", "c"], 5)"#, r#""c""#),
            (r#"element(["a"], "1")"#, r#""a""#),
            (r#"index(["a", "b"], "b")"#, "1"),
            (r#"index([1, "2"], "2")"#, "1"),
            (r#"slice(["a", "b", "c"], 1, 3)"#, r#"["b", "c"]"#),
            (r#"slice(["a", "b", "c"], 3, 3)"#, "[]"),
            (r#"slice(["a", "b", "c"], 0, 0)"#, "[]"),
            (r#"reverse(["a", 1])"#, r#"[1, "a"]"#),
            ("reverse([])", "[]"),
            (r#"reverse(toset(["b", "a"]))"#, r#"["b", "a"]"#),
        ]);
        check_err(&[
            (r#"concat(["a"], "b")"#, Some(1), "Invalid value for \"seqs\" parameter: all arguments must be lists or tuples; got string."),
            (
                r#"concat(toset(["a"]), ["b"])"#,
                Some(0),
                "Invalid value for \"seqs\" parameter: all arguments must be lists or tuples; got set of string.",
            ),
            ("concat()", None, "at least one argument is required."),
            ("contains({a = 1}, 1)", None, "argument must be list, tuple, or set."),
            ("contains(null, 1)", Some(0), "Invalid value for \"list\" parameter: argument must not be null."),
            ("contains([1, 2], null)", Some(1), "Invalid value for \"value\" parameter: argument must not be null."),
            ("element([], 0)", None, "cannot use element function with an empty list."),
            (r#"element(["a", "b", "c"], -1)"#, None, "cannot use element function with a negative index."),
            (
                r#"element(["a", "b"], 1.5)"#,
                None,
                "invalid index: value must be a whole number, between -9223372036854775808 and 9223372036854775807.",
            ),
            (r#"element(toset(["a"]), 0)"#, None, "cannot read elements from set of string."),
            (r#"element("abc", 1)"#, None, "cannot read elements from string."),
            ("element({a = 1}, 0)", None, "cannot read elements from object."),
            (r#"index(["a", "b"], "c")"#, None, "item not found."),
            (r#"index([1, 2], "2")"#, None, "item not found."),
            ("index([], 1)", None, "cannot search an empty list."),
            (r#"index(toset(["b", "a"]), "b")"#, None, "argument must be a list or tuple."),
            (
                r#"slice(["a", "b", "c"], 1, 4)"#,
                Some(2),
                "Invalid value for \"end_index\" parameter: end index must not be greater than the length of the list.",
            ),
            (
                r#"slice(["a", "b", "c"], 2, 1)"#,
                Some(1),
                "Invalid value for \"start_index\" parameter: start index must not be greater than end index.",
            ),
            (
                r#"slice(["a", "b", "c"], -1, 1)"#,
                Some(1),
                "Invalid value for \"start_index\" parameter: start index must not be less than zero.",
            ),
            (
                r#"slice(toset(["a"]), 0, 1)"#,
                Some(0),
                "Invalid value for \"list\" parameter: cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important.",
            ),
            (r#"slice("abc", 0, 1)"#, Some(0), "Invalid value for \"list\" parameter: must be a list or tuple value."),
            (r#"reverse("abc")"#, Some(0), "Invalid value for \"list\" parameter: can only reverse list or tuple values, not string."),
        ]);
    }

    #[test]
    fn flatten_distinct_sort_compact_chunklist() {
        check(&[
            (r#"flatten([["a"], "b", [[["c"]]], [], null])"#, r#"["a", "b", "c", null]"#),
            (r#"flatten([toset(["b", "a"]), [["c"]]])"#, r#"["a", "b", "c"]"#),
            ("flatten([[{a = 1}]])", "[{a = 1}]"),
            ("flatten([])", "[]"),
            (r#"distinct(["b", "a", "b"])"#, r#"["b", "a"]"#),
            (r#"distinct([1, "1", 2, 1])"#, r#"["1", "2"]"#),
            (r#"distinct([[1], [1], ["1"]])"#, r#"[["1"]]"#),
            ("distinct([])", "[]"),
            (r#"sort([10, 9, "a"])"#, r#"["10", "9", "a"]"#),
            ("sort([true])", r#"["true"]"#),
            (r#"sort(toset(["b", "a"]))"#, r#"["a", "b"]"#),
            ("sort([])", "[]"),
            (r#"compact(["a", "", null, "b"])"#, r#"["a", "b"]"#),
            (r#"compact([1, ""])"#, r#"["1"]"#),
            ("compact([])", "[]"),
            (r#"chunklist(["a", "b", "c"], 2)"#, r#"[["a", "b"], ["c"]]"#),
            (r#"chunklist(["a", "b", "c"], 0)"#, r#"[["a", "b", "c"]]"#),
            ("chunklist([], 2)", "[]"),
            ("chunklist([], 0)", "[]"),
            (r#"chunklist([1, "a"], 1)"#, r#"[["1"], ["a"]]"#),
        ]);
        check_err(&[
            ("flatten({a = 1})", None, "can only flatten lists, sets and tuples."),
            (r#"flatten("a")"#, None, "can only flatten lists, sets and tuples."),
            ("distinct([1, true])", Some(0), "Invalid value for \"list\" parameter: all list elements must have the same type."),
            (r#"sort(["b", null])"#, None, "given list element 1 is null; a null string cannot be sorted."),
            (r#"sort([["a"]])"#, Some(0), "Invalid value for \"list\" parameter: element 0: string required."),
            (r#"chunklist(["a"], -1)"#, None, "the size argument must be positive."),
        ]);
    }

    #[test]
    fn set_functions() {
        check(&[
            (r#"setunion(["a"], [1], ["b", "a"])"#, r#"toset(["1", "a", "b"])"#),
            ("setunion([], [])", "toset([])"),
            (r#"setunion([[1]], [["a"]])"#, r#"toset([["1"], ["a"]])"#),
            (r#"setintersection(["a", "b"], ["b", "c"])"#, r#"toset(["b"])"#),
            (r#"setintersection(["a"])"#, r#"toset(["a"])"#),
            (r#"setintersection(["a"], [])"#, "toset([])"),
            (r#"setsubtract(["a", "b", "c"], ["b"])"#, r#"toset(["a", "c"])"#),
            (r#"setsubtract(["a"], [1])"#, r#"toset(["a"])"#),
            (r#"setproduct(["a", "b"], [1, 2])"#, r#"[["a", 1], ["a", 2], ["b", 1], ["b", 2]]"#),
            (r#"setproduct(["a"], [])"#, "[]"),
            (r#"setproduct(toset(["b", "a"]), toset(["x"]))"#, r#"toset([["a", "x"], ["b", "x"]])"#),
        ]);
        check_err(&[
            ("setunion([1], [true])", None, "given sets must all have compatible element types."),
            (r#"setunion(["a"], "b")"#, Some(1), "Invalid value for \"other_sets\" parameter: set of any single type required."),
            (r#"setproduct(["a"])"#, None, "at least two arguments are required."),
        ]);
    }

    #[test]
    fn coalesce_zipmap_range_one_and_friends() {
        check(&[
            (r#"coalesce("", "a")"#, r#""a""#),
            (r#"coalesce(1, "a")"#, r#""1""#),
            ("coalesce(null, 2)", "2"),
            (r#"coalesce(1, null, "x")"#, r#""1""#),
            (r#"coalesce([], ["a"])"#, "[]"),
            (r#"coalescelist([], ["a"])"#, r#"["a"]"#),
            (r#"zipmap(["a", "b"], [1, "x"])"#, r#"{a = 1, b = "x"}"#),
            ("zipmap([], [])", "{}"),
            (r#"zipmap(["a", "a"], [1, 2])"#, "{a = 2}"),
            (r#"zipmap([1], ["x"])"#, r#"{"1" = "x"}"#),
            ("range(3)", "[0, 1, 2]"),
            ("range(1, 4)", "[1, 2, 3]"),
            ("range(0, 10, 3)", "[0, 3, 6, 9]"),
            ("range(5, 0, -2)", "[5, 3, 1]"),
            ("range(1, 1)", "[]"),
            ("range(1, 0)", "[1]"),
            ("range(-3)", "[0, -1, -2]"),
            ("range(1.5)", "[0, 1]"),
            ("range(0, 1, 0.25)", "[0, 0.25, 0.5, 0.75]"),
            ("range(0, 0.5, 0.1)", "[0, 0.1, 0.2, 0.3, 0.4]"),
            ("range(1, 1, 0)", "[]"),
            ("length(range(1024))", "1024"),
            ("one([])", "null"),
            ("one([1])", "1"),
            ("one(toset([]))", "null"),
            ("alltrue([])", "true"),
            (r#"alltrue(["true", true])"#, "true"),
            ("alltrue([null])", "false"),
            ("alltrue([true, false])", "false"),
            ("anytrue([])", "false"),
            ("anytrue([null, true])", "true"),
            (r#"anytrue(["false"])"#, "false"),
            (r#"sum([1, "2", 3.5])"#, "6.5"),
            ("sum(toset([1, 2]))", "3"),
            ("sum([0.1, 0.2])", "0.3"),
            (r#"transpose({a = ["1", "2"], b = ["2"]})"#, r#"{"1" = ["a"], "2" = ["a", "b"]}"#),
            ("transpose({a = [1], b = []})", r#"{"1" = ["a"]}"#),
            ("transpose({})", "{}"),
            (r#"matchkeys(["a", "b", "c"], ["x", "y", "z"], ["y", "z", "q"])"#, r#"["b", "c"]"#),
            (r#"matchkeys([1, 2], ["x", "y"], ["y"])"#, "[2]"),
            (r#"matchkeys(["a"], [1], ["1"])"#, r#"["a"]"#),
            ("matchkeys([], [], [])", "[]"),
        ]);
        check_err(&[
            (r#"coalesce(null, "")"#, None, "no non-null, non-empty-string arguments."),
            ("coalesce(true, 1)", None, "all arguments must have the same type."),
            ("coalesce()", None, "all arguments must have the same type."),
            ("coalescelist([], [])", None, "no non-null arguments."),
            (r#"coalescelist("a")"#, None, "coalescelist arguments must be lists or tuples."),
            (r#"coalescelist(null, ["x"])"#, None, "coalescelist arguments must be lists or tuples."),
            (r#"zipmap(["a"], [1, 2])"#, None, "number of keys (1) does not match number of values (2)."),
            (r#"zipmap(["a", null], [1, 2])"#, None, "keys list has null value at index 1."),
            ("range(0, 1, -1)", Some(1), "Invalid value for \"params\" parameter: end must be less than start when step is negative."),
            ("range(1, 0, 1)", Some(1), "Invalid value for \"params\" parameter: end must be greater than start when step is positive."),
            (
                "range(1025)",
                None,
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step.",
            ),
            (
                "range(0, 1, 0)",
                None,
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step.",
            ),
            ("range()", None, "must have one, two, or three arguments."),
            (r#"range(0, "a")"#, Some(1), "Invalid value for \"params\" parameter: a number is required."),
            (
                "one([1, 2])",
                Some(0),
                "Invalid value for \"list\" parameter: must be a list, set, or tuple value with either zero or one elements.",
            ),
            (
                "one({a = 1})",
                Some(0),
                "Invalid value for \"list\" parameter: must be a list, set, or tuple value with either zero or one elements.",
            ),
            ("one(null)", Some(0), "Invalid value for \"list\" parameter: argument must not be null."),
            (r#"alltrue(["x"])"#, Some(0), "Invalid value for \"list\" parameter: a bool is required."),
            ("sum([])", Some(0), "Invalid value for \"list\" parameter: cannot sum an empty list."),
            (r#"sum(["a"])"#, Some(0), "Invalid value for \"list\" parameter: argument must be list, set, or tuple of number values."),
            ("sum([1, null])", Some(0), "Invalid value for \"list\" parameter: argument must be list, set, or tuple of number values."),
            ("sum({a = 1})", Some(0), "Invalid value for \"list\" parameter: argument must be list, set, or tuple. Received object."),
            ("sum(1)", Some(0), "Invalid value for \"list\" parameter: cannot sum noniterable."),
            (r#"transpose({a = "x"})"#, Some(0), "Invalid value for \"values\" parameter: element \"a\": list of string required."),
            ("transpose({a = [null]})", None, "input list must not contain null string."),
            (r#"matchkeys(["a", "b"], ["x"], ["x"])"#, None, "length of keys and values should be equal."),
        ]);
    }

    #[test]
    fn type_conversion_functions() {
        check(&[
            ("tostring(1)", r#""1""#),
            ("tostring(1.25)", r#""1.25""#),
            ("tostring(true)", r#""true""#),
            ("tostring(-0)", r#""-0""#),
            ("tostring(null)", "null"),
            (r#"tostring("x")"#, r#""x""#),
            (r#"tonumber("12.5")"#, "12.5"),
            (r#"tonumber("1e3")"#, "1000"),
            (r#"tonumber(".5")"#, "0.5"),
            (r#"tonumber("5.")"#, "5"),
            (r#"tonumber("+5")"#, "5"),
            (r#"tonumber("+.5e-1")"#, "0.05"),
            (r#"tonumber("1p3")"#, "8"),
            (r#"tostring(tonumber("-Inf"))"#, r#""-Inf""#),
            (r#"tostring(tonumber("inf"))"#, r#""+Inf""#),
            ("tonumber(7)", "7"),
            ("tonumber(null)", "null"),
            (r#"tobool("true")"#, "true"),
            (r#"tobool("false")"#, "false"),
            ("tobool(false)", "false"),
            ("tobool(null)", "null"),
        ]);
        check_err(&[
            ("tostring([1])", Some(0), "Invalid value for \"v\" parameter: cannot convert tuple to string."),
            ("tostring({})", Some(0), "Invalid value for \"v\" parameter: cannot convert object to string."),
            (
                r#"tonumber(" 12")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \" 12\" to number; given string must be a decimal representation of a number.",
            ),
            (
                r#"tonumber("0x10")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \"0x10\" to number; given string must be a decimal representation of a number.",
            ),
            (
                r#"tonumber("1_0")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \"1_0\" to number; given string must be a decimal representation of a number.",
            ),
            (
                r#"tonumber("NaN")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \"NaN\" to number; given string must be a decimal representation of a number.",
            ),
            (
                r#"tonumber("")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \"\" to number; given string must be a decimal representation of a number.",
            ),
            ("tonumber(true)", Some(0), "Invalid value for \"v\" parameter: cannot convert bool to number."),
            (
                r#"tobool("yes")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \"yes\" to bool; only the strings \"true\" or \"false\" are allowed.",
            ),
            (
                r#"tobool("True")"#,
                Some(0),
                "Invalid value for \"v\" parameter: cannot convert \"True\" to bool; only the strings \"true\" or \"false\" are allowed.",
            ),
            ("tobool(1)", Some(0), "Invalid value for \"v\" parameter: cannot convert number to bool."),
        ]);
    }

    #[test]
    fn string_functions() {
        check(&[
            (r#"lower("ÀB")"#, r#""àb""#),
            (r#"upper("ßa")"#, r#""ßA""#),
            ("upper(1)", r#""1""#),
            ("upper(true)", r#""TRUE""#),
            (r#"title("hello wORLD foo-bar o'neil 3d_x")"#, r#""Hello WORLD Foo-Bar O'Neil 3d_x""#),
            (r#"title("élan ßtraße")"#, r#""Élan ßtraße""#),
            (r#"title("hello_world foo.bar 3rd ǆx")"#, r#""Hello_world Foo.Bar 3rd ǅx""#),
            (r#"upper("ǆ ﬁ ŉ")"#, r#""Ǆ ﬁ ŉ""#),
            (r#"lower("İSTANBUL ΣΑΣ")"#, r#""istanbul σασ""#),
            (r#"trimspace("  \t a b \n")"#, r#""a b""#),
            (r#"trim("?!hello?!", "!?")"#, r#""hello""#),
            (r#"trim("abc", "")"#, r#""abc""#),
            (r#"trimprefix("helloworld", "hello")"#, r#""world""#),
            (r#"trimprefix("hello", "x")"#, r#""hello""#),
            (r#"trimsuffix("helloworld", "world")"#, r#""hello""#),
            (r#"substr("hello world", 1, 4)"#, r#""ello""#),
            (r#"substr("hello", -3, -1)"#, r#""llo""#),
            (r#"substr("hello", -3, 2)"#, r#""ll""#),
            (r#"substr("hello", 10, 2)"#, r#""""#),
            (r#"substr("hello", 2, 100)"#, r#""llo""#),
            (r#"substr("hello", -10, 2)"#, r#""he""#),
            (r#"substr("hello", 0, -2)"#, r#""hello""#),
            (r#"substr("hello", -3, 0)"#, r#""llo""#),
            (r#"substr("hello", 0, 0)"#, r#""""#),
            (r#"substr("hello", 5, -1)"#, r#""""#),
            (r#"substr("héllo", 1, 1)"#, r#""é""#),
            (r#"substr("", 0, 1)"#, r#""""#),
            (r#"strrev("héllo")"#, r#""olléh""#),
            (r#"strrev("")"#, r#""""#),
            (r#"chomp("a\n\r\n\n")"#, r#""a""#),
            (r#"chomp("a\r")"#, r#""a""#),
            (r#"chomp("a\n b\n")"#, r#""a\n b""#),
            (r#"indent(2, "a\nb\n\nc")"#, r#""a\n  b\n  \n  c""#),
            (r#"indent(2, "a\n")"#, r#""a\n  ""#),
            (r#"startswith("hello", "he")"#, "true"),
            (r#"startswith("hello", "")"#, "true"),
            (r#"startswith("hello", "lo")"#, "false"),
            (r#"endswith("hello", "lo")"#, "true"),
            (r#"endswith("hello", "he")"#, "false"),
            (r#"strcontains("hello", "ll")"#, "true"),
            (r#"strcontains("hello", "x")"#, "false"),
            (r#"split(",", "")"#, r#"[""]"#),
            (r#"split(",", "a,,b")"#, r#"["a", "", "b"]"#),
            (r#"split(",", "a,")"#, r#"["a", ""]"#),
            (r#"split("", "abc")"#, r#"["a", "b", "c"]"#),
            (r#"split("", "")"#, "[]"),
            (r#"join(",", ["a", 1, true])"#, r#""a,1,true""#),
            (r#"join(",", [])"#, r#""""#),
            (r#"join(",", ["a"], ["b", "c"])"#, r#""a,b,c""#),
            (r#"join("-", toset(["b", "a"]))"#, r#""a-b""#),
            (r#"replace("hello", "l", "L")"#, r#""heLLo""#),
            (r#"replace("a.b", ".", "-")"#, r#""a-b""#),
            (r#"replace("hello", "", "-")"#, r#""-h-e-l-l-o-""#),
            (r#"replace("hello", "/", "x")"#, r#""hello""#),
            (r#"replace("hello", "/l+/", "[$0]")"#, r#""he[ll]o""#),
            (r#"replace("hello world", "/(\\w+) (\\w+)/", "$2 $1")"#, r#""world hello""#),
            (r#"replace("hello", "/(?P<x>l)/", "<$x>")"#, r#""he<l><l>o""#),
            (r#"replace("hello", "/l/", "$1")"#, r#""heo""#),
            (r#"replace("hello", "//", "x")"#, r#""xhxexlxlxox""#),
            (r#"replace("aaa", "/a*?/", "x")"#, r#""xaxaxax""#),
            (r#"replace("héllo wörld", "/\\w+/", "X")"#, r#""XéX XöX""#),
            (r#"urlencode("a b&c=d/é~_-.*")"#, r#""a+b%26c%3Dd%2F%C3%A9~_-.%2A""#),
        ]);
        check_err(&[
            ("upper([])", Some(0), "Invalid value for \"str\" parameter: string required."),
            (
                r#"join(",", ["a", null])"#,
                Some(1),
                "Invalid value for \"lists\" parameter: element 1 is null; cannot concatenate null values.",
            ),
            (r#"join(",")"#, None, "at least one list is required."),
            (r#"join(",", [["a"]])"#, Some(1), "Invalid value for \"lists\" parameter: element 0: string required."),
            (r#"replace("hello", "/(/", "x")"#, None, "error parsing regexp: …"),
            (r#"substr("hello", 1.5, 1)"#, None, "value must be a whole number, between -9223372036854775808 and 9223372036854775807."),
        ]);
    }

    #[test]
    fn regex_functions() {
        check(&[
            (r#"regex("[a-z]+", "123abc456")"#, r#""abc""#),
            (r#"regex("(\\d+)([a-z]+)", "123abc456")"#, r#"["123", "abc"]"#),
            (r#"regex("(?P<num>\\d+)(?P<word>[a-z]+)", "123abc456")"#, r#"{num = "123", word = "abc"}"#),
            (r#"regex("(a)?b", "b")"#, "[null]"),
            (r#"regex("(?P<x>a)?b", "b")"#, "{x = null}"),
            (r#"regex("[[:alpha:]]+", "12ab")"#, r#""ab""#),
            (r#"regex("\\pL+", "12ab")"#, r#""ab""#),
            (r#"regex("(?i)AB", "12ab")"#, r#""ab""#),
            (r#"regex("[\\d]+", "a٣12")"#, r#""12""#),
            (r#"regex("[]a]+", "x]a]")"#, r#""]a]""#),
            (r#"regex("\\bb", "a b")"#, r#""b""#),
            (r#"regexall("[a-z]+", "a1bc2")"#, r#"["a", "bc"]"#),
            (r#"regexall("(\\d)([a-z])", "1a2b")"#, r#"[["1", "a"], ["2", "b"]]"#),
            (r#"regexall("x", "abc")"#, "[]"),
            (r#"regexall("(?P<d>\\d)", "1a2")"#, r#"[{d = "1"}, {d = "2"}]"#),
        ]);
        check_err(&[
            (r#"regex("x", "abc")"#, None, "pattern did not match any part of the given string."),
            (
                r#"regex("(\\d+)(?P<word>[a-z]+)", "123abc456")"#,
                Some(0),
                "Invalid value for \"pattern\" parameter: invalid regexp pattern: cannot mix both named and unnamed capture groups.",
            ),
            (r#"regex("(", "a")"#, Some(0), "Invalid value for \"pattern\" parameter: invalid regexp pattern: …"),
        ]);
    }

    #[test]
    fn format_verbs() {
        check(&[
            (
                r#"format("%5d|%-5s|%05.2f|%q|%v|%t|%%|%x", 42, "ab", 3.14159, "hi\n", [1, "a"], true, 255)"#,
                r#""   42|ab   |03.14|\"hi\\n\"|[1,\"a\"]|true|%|ff""#,
            ),
            (r#"format("%[2]s %[1]s", "a", "b")"#, r#""b a""#),
            (r#"format("%f", 1)"#, r#""1.000000""#),
            (r#"format("%.3f|%8.2f|%-8.2f|", 3.14159, 2.5, 2.5)"#, r#""3.142|    2.50|2.50    |""#),
            (
                r#"format("%e|%E|%g|%G", 1234.5678, 1234.5678, 1234.5678, 0.000001234)"#,
                r#""1.234568e+03|1.234568E+03|1234.5678|1.234E-06""#,
            ),
            (r#"format("%x|%X|%o|%b", 255, 255, 8, 5)"#, r#""ff|FF|10|101""#),
            (r#"format("%#x|%#o|%.3d|%+d|% d", 255, 8, 7, 5, 5)"#, r#""0xff|010|007|+5| 5""#),
            (r#"format("%+.1f", 2.25)"#, r#""+2.2""#),
            (r#"format("%5s|%-5s|%.2s|%5.1s|", "abc", "abc", "abc", "abc")"#, r#""  abc|abc  |ab|    a|""#),
            (r#"format("%05d|%-05d|%5d|%-5d|", -42, 42, -42, 3)"#, r#""-0042|42   |  -42|3    |""#),
            (r#"format("%-+5d|", 3)"#, r#""+3   |""#),
            (r#"format("%d", "12")"#, r#""12""#),
            (r#"format("%d", 1e20)"#, r#""100000000000000000000""#),
            (
                r#"format("%x|%d", 1267650600228229401496703205376, 1267650600228229401496703205376)"#,
                r#""10000000000000000000000000|1267650600228229401496703205376""#,
            ),
            (r#"format("%d", -0)"#, r#""0""#),
            (r#"format("%x", -255)"#, r#""-ff""#),
            (r#"format("%s", 1.5)"#, r#""1.5""#),
            (r#"format("%s", 1e20)"#, r#""100000000000000000000""#),
            (r#"format("%s", 1e-7)"#, r#""0.0000001""#),
            (r#"format("%s", true)"#, r#""true""#),
            (r#"format("%s|%5s|", "é", "é")"#, r#""é|    é|""#),
            (r#"format("%q", 12)"#, r#""\"12\"""#),
            (r#"format("%q", "a\"b\\c\t<>&é")"#, r#""\"a\\\"b\\\\c\\t\\u003c\\u003e\\u0026é\"""#),
            (r#"format("%v", 1000000)"#, r#""1e+06""#),
            (r#"format("%v", 100000)"#, r#""100000""#),
            (r#"format("%v", 123456789)"#, r#""1.23456789e+08""#),
            (r#"format("%v", 0.00001)"#, r#""1e-05""#),
            (r#"format("%v", -0.5)"#, r#""-0.5""#),
            (r#"format("%v", [1000000])"#, r#""[1000000]""#),
            (r#"format("%v", {b = "<x>", a = 1.5})"#, r#""{\"a\":1.5,\"b\":\"\\u003cx\\u003e\"}""#),
            (r#"format("%v", tostring(null))"#, r#""null""#),
            (r#"format("%v", [null, 1])"#, r#""[null,1]""#),
            (r#"format("%.2v", "abc")"#, r#""abc""#),
            (r#"format("%10.3v|", 3.14159)"#, r#""   3.14159|""#),
            (r#"format("%5v|", true)"#, r#"" true|""#),
            (r#"format("%#v", "s")"#, r#""\"s\"""#),
            (r#"format("%t", "true")"#, r#""true""#),
            (r#"format("%t|%5t|%-6t|", false, true, true)"#, r#""false|true|true|""#),
            (r#"format("%.s|%.0s|%.1s|%.1q|%.1v|", "abc", "abc", "ab", "ab", "ab")"#, r#""abc|abc|a|\"a\"|ab|""#),
            (r#"format("%.f|%.e|%.g|%.d|%.0d|", 2.5, 2.5, 2.5, 0, 0)"#, r#""2|2e+00|2|||""#),
            (r#"format("%[1]s %[1]s", "x")"#, r#""x x""#),
            (r#"format("%.0f|%.1f|%.0f", 2.5, 0.05, 3.5)"#, r#""2|0.1|4""#),
            (r#"format("%8.3e", 1234.5)"#, r#""1.234e+03""#),
            (r#"format("%.3g|%g|%g", 1234.5678, 1e21, 0)"#, r#""1.23e+03|1e+21|0""#),
            (r#"format("100%%")"#, r#""100%""#),
            (r#"formatlist("%s-%s", ["a", "b"], "c")"#, r#"["a-c", "b-c"]"#),
            (r#"formatlist("%s", [])"#, "[]"),
            (r#"formatlist("%s", "a")"#, r#"["a"]"#),
            (r#"formatlist("x")"#, r#"["x"]"#),
            (r#"formatlist("%s=%d", ["a", "b"], [1, 2])"#, r#"["a=1", "b=2"]"#),
        ]);
        check_err(&[
            (r#"format("%d", 1.5)"#, None, "unsupported value for \"%d\" at 0: an integer is required."),
            (r#"format("%s", [1])"#, None, "unsupported value for \"%s\" at 0: string required."),
            (r#"format("%s", tostring(null))"#, None, "unsupported value for \"%s\" at 0: null value cannot be formatted."),
            (r#"format("%x", "hi")"#, None, "unsupported value for \"%x\" at 0: a number is required."),
            (r#"format("%d")"#, None, "not enough arguments for \"%d\" at 0: need index 1 but have 0 total."),
            (r#"format("%s %s", "a")"#, None, "not enough arguments for \"%s\" at 3: need index 2 but have 1 total."),
            (r#"format("x", "a")"#, Some(1), "Invalid value for \"args\" parameter: too many arguments; no verbs in format string."),
            (
                r#"format("%s", "x", "extra")"#,
                Some(2),
                "Invalid value for \"args\" parameter: too many arguments; only 1 used by format string.",
            ),
            (
                r#"format("%s %[1]s", "x", "y")"#,
                Some(2),
                "Invalid value for \"args\" parameter: too many arguments; only 1 used by format string.",
            ),
            (r#"format("%z", 1)"#, None, "unsupported format verb 'z' in \"%z\" at offset 0."),
            (r#"format("%c", 65)"#, None, "unsupported format verb 'c' in \"%c\" at offset 0."),
            (r#"format("%*d", 5, 1)"#, None, "unrecognized format character '*' at offset 1."),
            (r#"format("%[0]s", "a")"#, None, "unrecognized format character '0' at offset 2."),
            (r#"format("%", 1)"#, None, "invalid format string starting at offset 1."),
            (r#"format("abc%")"#, None, "invalid format string starting at offset 4."),
            (
                r#"formatlist("%s-%s", ["a", "b"], ["c"])"#,
                Some(2),
                "Invalid value for \"args\" parameter: argument 2 has length 1, which is inconsistent with argument 1 of length 2.",
            ),
            (
                r#"formatlist("%d", [1, 2.5])"#,
                None,
                "error on format iteration 1: unsupported value for \"%d\" at 0: an integer is required.",
            ),
            (
                r#"formatlist("%s", ["a", null])"#,
                None,
                "error on format iteration 1: unsupported value for \"%s\" at 0: null value cannot be formatted.",
            ),
        ]);
    }

    #[test]
    fn numeric_functions() {
        check(&[
            (r#"min(3, "1", 2)"#, "1"),
            ("max(1.5, -2)", "1.5"),
            ("max(7)", "7"),
            ("abs(-3.5)", "3.5"),
            ("abs(-0)", "0"),
            ("ceil(1.2)", "2"),
            ("ceil(-1.2)", "-1"),
            ("ceil(-0.5)", "0"),
            ("floor(-1.2)", "-2"),
            ("floor(-0)", "0"),
            ("log(8, 2)", "3"),
            ("log(100, 10)", "2"),
            (r#"tostring(log(0, 10))"#, r#""-Inf""#),
            ("pow(2, 10)", "1024"),
            ("pow(2, -1)", "0.5"),
            ("pow(0, 0)", "1"),
            ("pow(10, -2)", "0.01"),
            ("signum(-3)", "-1"),
            ("signum(0)", "0"),
            ("signum(12)", "1"),
            (r#"parseint("FF", 16)"#, "255"),
            (r#"parseint("-10", 10)"#, "-10"),
            (r#"parseint("+5", 10)"#, "5"),
            (r#"parseint("zz", 36)"#, "1295"),
            (r#"parseint("ZZ", 62)"#, "3843"),
            (r#"parseint("zz", 62)"#, "2205"),
            (r#"parseint("1010", 2)"#, "10"),
            (r#"parseint("-0", 10)"#, "0"),
        ]);
        check_err(&[
            ("min()", None, "must pass at least one number."),
            (r#"min("a")"#, Some(0), "Invalid value for \"numbers\" parameter: a number is required."),
            ("max([1, 2])", Some(0), "Invalid value for \"numbers\" parameter: number required."),
            ("signum(2.5)", None, "value must be a whole number, between -9223372036854775808 and 9223372036854775807."),
            ("log(-1, 10)", None, "the result is not a number (NaN)."),
            (r#"parseint("0x10", 16)"#, Some(0), "Invalid value for \"number\" parameter: cannot parse \"0x10\" as a base 16 integer."),
            (r#"parseint("", 10)"#, Some(0), "Invalid value for \"number\" parameter: cannot parse \"\" as a base 10 integer."),
            (r#"parseint("1.5", 10)"#, Some(0), "Invalid value for \"number\" parameter: cannot parse \"1.5\" as a base 10 integer."),
            (
                r#"parseint("12", 1)"#,
                Some(1),
                "Invalid value for \"base\" parameter: base must be a whole number between 2 and 62 inclusive.",
            ),
            (
                r#"parseint("12", 63)"#,
                Some(1),
                "Invalid value for \"base\" parameter: base must be a whole number between 2 and 62 inclusive.",
            ),
            (
                r#"parseint("11", 2.5)"#,
                Some(1),
                "Invalid value for \"base\" parameter: value must be a whole number, between -9223372036854775808 and 9223372036854775807.",
            ),
            ("parseint(12, 10)", Some(0), "Invalid value for \"number\" parameter: first argument must be a string, not number."),
        ]);
    }

    #[test]
    fn json_and_base64() {
        check(&[
            (
                r#"jsonencode({b = 1, a = [1.5, "x<>&", true, null], c = {}, d = []})"#,
                r#""{\"a\":[1.5,\"x\\u003c\\u003e\\u0026\",true,null],\"b\":1,\"c\":{},\"d\":[]}""#,
            ),
            ("jsonencode(1e30)", r#""1000000000000000000000000000000""#),
            ("jsonencode(0.1)", r#""0.1""#),
            ("jsonencode(1e-7)", r#""0.0000001""#),
            ("jsonencode(-0)", r#""-0""#),
            ("jsonencode(null)", r#""null""#),
            (r#"jsonencode("\u0008\u000c\u0001\u007f\u2028é")"#, "\"\\\"\\\\b\\\\f\\\\u0001\u{7f}\\\\u2028é\\\"\""),
            (r#"jsonencode(toset(["b", "a"]))"#, r#""[\"a\",\"b\"]""#),
            (r#"jsondecode("{\"b\":1,\"a\":[1.5,\"x\",true,null]}")"#, r#"{a = [1.5, "x", true, null], b = 1}"#),
            (r#"jsondecode("1e3")"#, "1000"),
            (r#"jsondecode("\"\\ud83d\\ude00\"")"#, r#""😀""#),
            (r#"jsondecode("{\"a\":1,\"a\":2}")"#, "{a = 2}"),
            (r#"jsondecode("[]")"#, "[]"),
            (r#"base64encode("héllo")"#, r#""aMOpbGxv""#),
            (r#"base64encode("")"#, r#""""#),
            (r#"base64decode("aMOpbGxv")"#, r#""héllo""#),
            (r#"base64decode("aGVs\nbG8=")"#, r#""hello""#),
            (r#"base64decode("")"#, r#""""#),
        ]);
        check_err(&[
            (r#"jsonencode(tonumber("Inf"))"#, None, "cannot serialize infinity as JSON."),
            (r#"jsondecode("")"#, None, "EOF."),
            (r#"jsondecode("[1,")"#, None, "EOF."),
            (r#"jsondecode("{\"a")"#, None, "unexpected EOF."),
            (r#"jsondecode("tru")"#, None, "unexpected EOF."),
            (r#"jsondecode("1 2")"#, None, "extraneous data after JSON object."),
            (r#"base64decode("aGVsbG8")"#, None, "failed to decode base64 data \"aGVsbG8\"."),
            (r#"base64decode("aGVs bG8=")"#, None, "failed to decode base64 data \"aGVs bG8=\"."),
            (r#"base64decode("/w==")"#, None, "the result of decoding the provided string is not valid UTF-8."),
        ]);
    }

    #[test]
    fn yamlencode_matches_terraform_byte_for_byte() {
        let long = "aaaaaaaaa bbbbbbbbbbbb cccccccccccccc ddddddddddddd eeeeeeeeeeeeeeeee fffffffffffffff";
        let cases: Vec<(String, &str)> = vec![
            (
                r#"{a = 1, b = ["x", "y"], c = {d = true, e = null}, f = "multi\nline", g = 1.5, h = [], i = {}}"#.into(),
                "\"a\": 1\n\"b\":\n- \"x\"\n- \"y\"\n\"c\":\n  \"d\": true\n  \"e\": null\n\"f\": |-\n  multi\n  line\n\"g\": 1.5\n\"h\": []\n\"i\": {}\n",
            ),
            (r#""x""#.into(), "\"x\"\n"),
            ("1".into(), "1\n...\n"),
            ("null".into(), "null\n...\n"),
            ("true".into(), "true\n...\n"),
            ("[]".into(), "[]\n"),
            (r#""""#.into(), "\"\"\n"),
            (r#""x\n""#.into(), "|\n  x\n"),
            (r#""a\n\n""#.into(), "|+\n  a\n\n"),
            ("[[1, 2], [], {a = 1, b = [3]}, {}]".into(), "- - 1\n  - 2\n- []\n- \"a\": 1\n  \"b\":\n  - 3\n- {}\n"),
            (
                r#"{"a b" = "x", "1" = 2, "true" = "y", "" = 1, "é" = "é"}"#.into(),
                "\"\": 1\n\"1\": 2\n\"a b\": \"x\"\n\"true\": \"y\"\n\"é\": \"é\"\n",
            ),
            ("{a = [{b = 1, c = 2}], d = {e = [1]}}".into(), "\"a\":\n- \"b\": 1\n  \"c\": 2\n\"d\":\n  \"e\":\n  - 1\n"),
            (
                r##"["a\nb\n", "trailing\n\n", " lead\nx", "tab\there", "\"quote\" 'x' \\", "a: b", "# c", "\u0001", "x\r\ny"]"##.into(),
                "- |\n  a\n  b\n- |+\n  trailing\n\n- |2-\n   lead\n  x\n- \"tab\\there\"\n- \"\\\"quote\\\" 'x' \\\\\"\n- \"a: b\"\n- \"# c\"\n- \"\\x01\"\n- \"x\\r\\ny\"\n",
            ),
            (r#"["ü", "😀", "\u00a0", "\u2028", "line1\n"]"#.into(), "- \"ü\"\n- \"\\U0001F600\"\n- \"\u{a0}\"\n- \"\\L\"\n- |\n  line1\n"),
            ("[1e20, 0.1, -0, 1e-7, 123456789, 3.0]".into(), "- 100000000000000000000\n- 0.1\n- -0\n- 0.0000001\n- 123456789\n- 3\n"),
            (r#"{a = {b = {c = "deep\nstr"}}}"#.into(), "\"a\":\n  \"b\":\n    \"c\": |-\n      deep\n      str\n"),
            (r#"[["x\ny"]]"#.into(), "- - |-\n    x\n    y\n"),
            (r#"["\n", "\na", "a\n\n\n"]"#.into(), "- |2+\n\n- |2-\n\n  a\n- |+\n  a\n\n\n"),
            (r#"["trailing \nspace", "a \nb", "x\n y"]"#.into(), "- \"trailing \\nspace\"\n- \"a \\nb\"\n- |-\n  x\n   y\n"),
            (r#"{"a\nb" = 1}"#.into(), "? |-\n  a\n  b\n: 1\n"),
            (r#"toset(["b", "a"])"#.into(), "- \"a\"\n- \"b\"\n"),
            (
                format!(r#"{{a = "{long} gggggggggggggg hhhhhhhhhhhhhhh iiiiiiiii"}}"#),
                "\"a\": \"aaaaaaaaa bbbbbbbbbbbb cccccccccccccc ddddddddddddd eeeeeeeeeeeeeeeee fffffffffffffff\n  gggggggggggggg hhhhhhhhhhhhhhh iiiiiiiii\"\n",
            ),
            (
                format!(
                    r#"["{long}  gggggggggggggg hhhhhhhhhhhhhhh iiiiiiiii jjjjjjjjjjjjjjjjjjjj kkkkkkkkkkkkkkkkk lllllllllllllllllllllll"]"#
                ),
                "- \"aaaaaaaaa bbbbbbbbbbbb cccccccccccccc ddddddddddddd eeeeeeeeeeeeeeeee fffffffffffffff\n  \\ gggggggggggggg hhhhhhhhhhhhhhh iiiiiiiii jjjjjjjjjjjjjjjjjjjj kkkkkkkkkkkkkkkkk\n  lllllllllllllllllllllll\"\n",
            ),
            (
                format!(r#"{{"{long} gggggggggggggg" = 1}}"#),
                "\"aaaaaaaaa bbbbbbbbbbbb cccccccccccccc ddddddddddddd eeeeeeeeeeeeeeeee fffffffffffffff gggggggggggggg\": 1\n",
            ),
            (
                format!(r#"{{"{}" = 1}}"#, "a".repeat(129)),
                "? \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n: 1\n",
            ),
        ];
        let mut failures = Vec::new();
        for (expr, want) in &cases {
            let v = eval(expr).unwrap();
            let got = call("yamlencode", vec![v], &FnEnv::default()).unwrap();
            if got != Value::string(*want) {
                failures.push(format!("{expr}\n    got  {got:?}\n    want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn yamldecode_resolves_scalars_as_terraform_does() {
        check(&[
            (r#"yamldecode("a: 1\nb: [x, 2, null]\nc: {d: e}")"#, r#"{a = 1, b = ["x", 2, null], c = {d = "e"}}"#),
            (r#"yamldecode("yes")"#, "true"),
            (r#"yamldecode("on")"#, "true"),
            (r#"yamldecode("TRUE")"#, "true"),
            (r#"yamldecode("n")"#, "false"),
            (r#"yamldecode("~")"#, "null"),
            (r#"yamldecode("Null")"#, "null"),
            (r#"yamldecode("0x1F")"#, "31"),
            (r#"yamldecode("0o17")"#, "15"),
            (r#"yamldecode("017")"#, "17"),
            (r#"yamldecode("08")"#, "8"),
            (r#"yamldecode("+12")"#, "12"),
            (r#"yamldecode("1e3")"#, "1000"),
            (r#"yamldecode("1.5e+3")"#, "1500"),
            (r#"yamldecode(".5")"#, "0.5"),
            (r#"yamldecode("-.5")"#, "-0.5"),
            (r#"yamldecode("0.")"#, "0"),
            (r#"yamldecode("-0")"#, "-0"),
            (r#"tostring(yamldecode(".inf"))"#, r#""+Inf""#),
            (r#"tostring(yamldecode("-.Inf"))"#, r#""-Inf""#),
            (r#"yamldecode("0b101")"#, r#""0b101""#),
            (r#"yamldecode("1_000")"#, r#""1_000""#),
            (r#"yamldecode("-0x10")"#, r#""-0x10""#),
            (r#"yamldecode("0X10")"#, r#""0X10""#),
            (r#"yamldecode("1:30")"#, r#""1:30""#),
            (r#"yamldecode("0.1.2")"#, r#""0.1.2""#),
            (r#"yamldecode("Inf")"#, r#""Inf""#),
            (r#"yamldecode(".")"#, r#"".""#),
            (r#"yamldecode("=")"#, r#""=""#),
            (r#"yamldecode("2001-12-14")"#, r#""2001-12-14T00:00:00Z""#),
            (r#"yamldecode("2001-12-14T21:59:43.10-05:00")"#, r#""2001-12-14T21:59:43-05:00""#),
            (r#"yamldecode("2001-12-14 21:59:43.10")"#, r#""2001-12-14T21:59:43Z""#),
            (r#"yamldecode("2001-1-2")"#, r#""2001-01-02T00:00:00Z""#),
            (r#"yamldecode("2001-12-14t21:59:43Z")"#, r#""2001-12-14T21:59:43Z""#),
            (r#"yamldecode("'123'")"#, r#""123""#),
            (r#"yamldecode("\"true\"")"#, r#""true""#),
            (r#"yamldecode("!!str 123")"#, r#""123""#),
            (r#"yamldecode("!!int \"12\"")"#, r#""12""#),
            (r#"yamldecode("!!float 1")"#, "1"),
            (r#"yamldecode("!!bool yes")"#, "true"),
            (r#"yamldecode("!!int 0b101")"#, "5"),
            (r#"yamldecode("!!int 1_000")"#, "1000"),
            (r#"yamldecode("!!int -0x10")"#, "-16"),
            (r#"yamldecode("!!int 0o17")"#, "15"),
            (r#"yamldecode("!!null abc")"#, "null"),
            (r#"yamldecode("!!binary aGVsbG8=")"#, r#""aGVsbG8=""#),
            (r#"yamldecode("!!binary |\n  aGVs\n  bG8=\n")"#, r#""aGVs\nbG8=\n""#),
            (r#"yamldecode("!!timestamp 2001-12-14")"#, r#""2001-12-14T00:00:00Z""#),
            (r#"yamldecode("|\n  hello\n  world\n")"#, r#""hello\nworld\n""#),
            (r#"yamldecode("|\n  123\n")"#, r#""123\n""#),
            (r#"yamldecode(">\n  folded\n  text\n")"#, r#""folded text\n""#),
            (r#"yamldecode("- &x {a: 1}\n- *x")"#, "[{a = 1}, {a = 1}]"),
            (r#"yamldecode("base: &b {a: 1, b: 2}\nd:\n  <<: *b\n  b: 3")"#, "{base = {a = 1, b = 2}, d = {a = 1, b = 3}}"),
            (r#"yamldecode("{b: 3, <<: {b: 2, c: 1}}")"#, "{b = 2, c = 1}"),
            (r#"yamldecode("a: 1\na: 2")"#, "{a = 2}"),
            (r#"yamldecode("{yes: a, 0x10: b, ~x: c, 1.5: d}")"#, r#"{"16" = "b", "true" = "a", "~x" = "c", "1.5" = "d"}"#),
            (r#"yamldecode("---\na: 1\n...\n")"#, "{a = 1}"),
            (r#"yamldecode("---")"#, "null"),
            (r#"yamldecode("--- 1")"#, "1"),
            (r#"yamldecode("a:")"#, "{a = null}"),
            (r#"yamldecode("- \n- a")"#, r#"[null, "a"]"#),
            (r#"yamldecode("!!map {a: 1}")"#, "{a = 1}"),
            (r#"yamldecode("!!seq [1]")"#, "[1]"),
            (r#"yamldecode(yamlencode({a = ["x\ny", 1, true, null], b = {}}))"#, r#"{a = ["x\ny", 1, true, null], b = {}}"#),
        ]);
        check_err(&[
            (r#"yamldecode(".nan")"#, None, "floating point NaN is not supported."),
            (r#"yamldecode("!custom x")"#, None, "unsupported tag \"!custom\"."),
            (r#"yamldecode("!!int abc")"#, None, "cannot parse \"abc\" as tag:yaml.org,2002:int."),
            (r#"yamldecode("!!bool abc")"#, None, "cannot parse \"abc\" as tag:yaml.org,2002:bool."),
            (r#"yamldecode("!!timestamp abc")"#, None, "cannot parse \"abc\" as tag:yaml.org,2002:timestamp."),
            (r#"yamldecode("!!binary aGVsbG8")"#, None, "cannot parse \"aGVsbG8\" as tag:yaml.org,2002:binary: not valid base64."),
            (r#"yamldecode("!!set {a, b}")"#, None, "can't interpret mapping as tag:yaml.org,2002:set."),
            (r#"yamldecode("!!omap [a: 1]")"#, None, "can't interpret sequence as tag:yaml.org,2002:omap."),
            (r#"yamldecode("1: a\ntrue: b\n~: c")"#, None, "on line 2, column 1: mapping key cannot be null."),
            (r#"yamldecode("? [1]\n: x")"#, None, "only strings are allowed as mapping keys."),
            (r#"yamldecode("{<<: 1}")"#, None, "cannot merge number into mapping."),
            (r#"yamldecode("{<<: [{a: 1}]}")"#, None, "cannot merge tuple into mapping."),
            (r#"yamldecode("")"#, None, "on line 1, column 1: missing start of document."),
            (r##"yamldecode("# just a comment")"##, None, "on line 1, column 1: missing start of document."),
            (r#"yamldecode("---\na: 1\n---\nb: 2")"#, None, "on line 2, column 1: unexpected extra content after value."),
            (r#"yamldecode("[1, 2")"#, None, "on line …"),
        ]);
    }

    #[test]
    fn hashes_and_uuids() {
        check(&[
            (r#"md5("hello")"#, r#""5d41402abc4b2a76b9719d911017c592""#),
            ("md5(1)", r#""c4ca4238a0b923820dcc509a6f75849b""#),
            (r#"sha1("hello")"#, r#""aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d""#),
            (r#"sha256("hello")"#, r#""2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824""#),
            (
                r#"sha512("")"#,
                r#""cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e""#,
            ),
            (r#"base64sha256("hello")"#, r#""LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=""#),
            (r#"base64sha512("hello")"#, r#""m3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw==""#),
            (r#"uuidv5("dns", "example.com")"#, r#""cfbff0d1-9375-5685-968c-48ce8b15ae17""#),
            (r#"uuidv5("url", "http://x")"#, r#""c059942f-567e-54eb-aeb5-5fd9830bce43""#),
            (r#"uuidv5("oid", "1.2.3")"#, r#""42d5e23b-3a02-5135-85c6-52d1102f1f00""#),
            (r#"uuidv5("x500", "cn=x")"#, r#""a951fb6d-5aab-5a72-8e2e-9aa8df8d1f8f""#),
            (r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "example.com")"#, r#""cfbff0d1-9375-5685-968c-48ce8b15ae17""#),
        ]);
        check_err(&[
            (r#"uuidv5("bogus", "x")"#, None, "uuidv5() doesn't support namespace bogus (invalid UUID length: 5)."),
            (r#"uuidv5("DNS", "x")"#, None, "uuidv5() doesn't support namespace DNS (invalid UUID length: 3)."),
        ]);
    }

    #[test]
    fn filesystem_functions() {
        let dir = std::env::temp_dir().join(format!("hadr-fn-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("hello.txt"), "hello\n").unwrap();
        std::fs::write(dir.join("bin.dat"), [0xff, 0xfe]).unwrap();
        let env = FnEnv { module_dir: dir.clone(), root_dir: dir.clone() };
        let d = dir.display().to_string();
        check_in(
            &env,
            &[
                (r#"file("hello.txt")"#, r#""hello\n""#),
                (&format!(r#"file("{d}/hello.txt")"#), r#""hello\n""#),
                (r#"fileexists("hello.txt")"#, "true"),
                (r#"fileexists("nope")"#, "false"),
                (r#"filebase64("bin.dat")"#, r#""//4=""#),
                (r#"filemd5("hello.txt")"#, r#""b1946ac92492d2347c6235b4d2611184""#),
                (r#"filesha1("hello.txt")"#, r#""f572d396fae9206628714fb2ce00f72e94f2258f""#),
                (r#"filesha256("hello.txt")"#, r#""5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03""#),
                (r#"filebase64sha256("hello.txt")"#, r#""WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=""#),
                (r#"abspath("/x/./y/")"#, r#""/x/y""#),
                (r#"abspath("a/../b")"#, &format!(r#""{d}/b""#)),
                (r#"dirname("/foo/bar/baz.txt")"#, r#""/foo/bar""#),
                (r#"dirname("foo")"#, r#"".""#),
                (r#"dirname("")"#, r#"".""#),
                (r#"dirname("/foo/bar/")"#, r#""/foo/bar""#),
                (r#"dirname("/")"#, r#""/""#),
                (r#"dirname("a//b")"#, r#""a""#),
                (r#"basename("/foo/bar/baz.txt")"#, r#""baz.txt""#),
                (r#"basename("/foo/bar/")"#, r#""bar""#),
                (r#"basename("")"#, r#"".""#),
                (r#"basename("/")"#, r#""/""#),
                (r#"pathexpand("/x/~")"#, r#""/x/~""#),
            ],
        );
        check_err_in(
            &env,
            &[
                (
                    r#"file("nope.txt")"#,
                    Some(0),
                    "Invalid value for \"path\" parameter: no file exists at \"nope.txt\"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource.",
                ),
                (
                    r#"file("bin.dat")"#,
                    None,
                    "contents of \"bin.dat\" are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead.",
                ),
                (r#"file("sub")"#, Some(0), "Invalid value for \"path\" parameter: failed to read file: read …"),
                (r#"fileexists("sub")"#, None, "\"sub\" is a directory, not a file."),
                (r#"pathexpand("~root/x")"#, None, "cannot expand user-specific home dir."),
            ],
        );
        if let Ok(home) = std::env::var("HOME") {
            check(&[(r#"pathexpand("~/x")"#, &format!(r#""{home}/x""#)), (r#"pathexpand("~")"#, &format!(r#""{home}""#))]);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn module_relative_paths_and_the_path_module_idiom() {
        // A relative module directory: "x" is module-relative, and
        // "${path.module}/x" (which already names the module) is not doubled.
        let cwd = std::env::current_dir().unwrap();
        let rel = format!("target/hadr-fn-rel-{}", std::process::id());
        std::fs::create_dir_all(cwd.join(&rel)).unwrap();
        std::fs::write(cwd.join(&rel).join("f.txt"), "x").unwrap();
        let env = FnEnv { module_dir: PathBuf::from(&rel), root_dir: PathBuf::from(&rel) };
        check_in(&env, &[(r#"file("f.txt")"#, r#""x""#), (&format!(r#"file("{rel}/f.txt")"#), r#""x""#)]);
        std::fs::remove_dir_all(cwd.join(&rel)).unwrap();
    }

    #[test]
    fn ip_network_functions() {
        check(&[
            (r#"cidrsubnet("10.0.0.0/16", 8, 2)"#, r#""10.0.2.0/24""#),
            (r#"cidrsubnet("10.0.0.0/16", 0, 0)"#, r#""10.0.0.0/16""#),
            (r#"cidrsubnet("10.1.2.3/16", 4, 15)"#, r#""10.1.240.0/20""#),
            (r#"cidrsubnet("010.0.0.0/16", 8, 2)"#, r#""10.0.2.0/24""#),
            (r#"cidrsubnet("10.0.0.0/16", "8", "2")"#, r#""10.0.2.0/24""#),
            (r#"cidrsubnet("fd00::/56", 8, 255)"#, r#""fd00:0:0:ff::/64""#),
            (r#"cidrsubnet("2001:db8::/32", 16, 65535)"#, r#""2001:db8:ffff::/48""#),
            (r#"cidrsubnet("fd00::/56", 40, 1)"#, r#""fd00::1:0:0/96""#),
            (r#"cidrsubnet("fd00::/16", 100, 5)"#, r#""fd00::5000/116""#),
            (r#"cidrsubnet("::ffff:10.0.0.0/112", 8, 1)"#, r#""10.0.1.0/24""#),
            (r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#, r#"["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]"#),
            (r#"cidrsubnets("10.1.0.0/16", 8, 4)"#, r#"["10.1.0.0/24", "10.1.16.0/20"]"#),
            (
                r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4, 2)"#,
                r#"["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20", "10.1.64.0/18"]"#,
            ),
            (r#"cidrsubnets("10.1.0.0/16")"#, "[]"),
            (
                r#"cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)"#,
                r#"["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]"#,
            ),
            (r#"cidrhost("10.12.112.0/20", 16)"#, r#""10.12.112.16""#),
            (r#"cidrhost("10.12.112.0/20", 268)"#, r#""10.12.113.12""#),
            (r#"cidrhost("10.12.112.0/20", -1)"#, r#""10.12.127.255""#),
            (r#"cidrhost("10.12.112.0/20", 4095)"#, r#""10.12.127.255""#),
            (r#"cidrhost("10.12.112.0/20", -4096)"#, r#""10.12.112.0""#),
            (r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#, r#""fd00:fd12:3456:7890::22""#),
            (r#"cidrhost("10.0.0.0/32", 0)"#, r#""10.0.0.0""#),
            (r#"cidrhost("10.0.0.0/08", 1)"#, r#""10.0.0.1""#),
            (r#"cidrhost("FD00::/64", 10)"#, r#""fd00::a""#),
            (r#"cidrhost("fd00:0:0:1::/64", 65536)"#, r#""fd00::1:0:0:1:0""#),
            (r#"cidrhost("1:0:1:0:1:0:0:0/128", 0)"#, r#""1:0:1:0:1::""#),
            (r#"cidrhost("1:0:0:1:0:0:0:0/128", 0)"#, r#""1:0:0:1::""#),
            (r#"cidrhost("::1/128", 0)"#, r#""::1""#),
            (r#"cidrhost("::/128", 0)"#, r#""::""#),
            (r#"cidrhost("::1.2.3.4/128", 0)"#, r#""::102:304""#),
            (r#"cidrhost("::ffff:10.0.0.0/112", 5)"#, r#""0:5::ffff:a00:0""#),
            (r#"cidrnetmask("172.16.0.0/12")"#, r#""255.240.0.0""#),
            (r#"cidrnetmask("10.0.0.0/0")"#, r#""0.0.0.0""#),
            (r#"cidrnetmask("10.0.0.0/32")"#, r#""255.255.255.255""#),
        ]);
        check_err(&[
            (r#"cidrsubnet("10.0.0.0/16", 8, 256)"#, None, "prefix extension of 8 does not accommodate a subnet numbered 256."),
            (r#"cidrsubnet("10.0.0.0/16", 17, 0)"#, None, "insufficient address space to extend prefix of 16 by 17."),
            (r#"cidrsubnet("10.0.0.0/16", 0, 1)"#, None, "prefix extension of 0 does not accommodate a subnet numbered 1."),
            (r#"cidrsubnet("fd00::/56", 8, 256)"#, None, "prefix extension of 8 does not accommodate a subnet numbered 256."),
            (r#"cidrsubnet("10.0.0.0/33", 1, 0)"#, None, "invalid CIDR expression: invalid CIDR address: 10.0.0.0/33."),
            (r#"cidrsubnet("10.0.0", 1, 0)"#, None, "invalid CIDR expression: invalid CIDR address: 10.0.0."),
            (r#"cidrsubnet("10.0.0.0/16", 8, 2.5)"#, None, "value must be a whole number."),
            (
                r#"cidrsubnets("10.1.0.0/16", 17)"#,
                Some(1),
                "Invalid value for \"newbits\" parameter: would extend prefix to 33 bits, which is too long for an IPv4 address.",
            ),
            (
                r#"cidrsubnets("10.1.0.0/16", 0)"#,
                Some(1),
                "Invalid value for \"newbits\" parameter: must extend prefix by at least one bit.",
            ),
            (
                r#"cidrsubnets("10.0.0.0/16", -1)"#,
                Some(1),
                "Invalid value for \"newbits\" parameter: must extend prefix by at least one bit.",
            ),
            (
                r#"cidrsubnets("fd00::/56", 33)"#,
                Some(1),
                "Invalid value for \"newbits\" parameter: may not extend prefix by more than 32 bits.",
            ),
            (
                r#"cidrsubnets("10.0.0.0/30", 1, 1, 1)"#,
                Some(3),
                "Invalid value for \"newbits\" parameter: not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31.",
            ),
            (
                r#"cidrsubnets("10.0.0.0/16", 1.5)"#,
                Some(1),
                "Invalid value for \"newbits\" parameter: value must be a whole number, between -9223372036854775808 and 9223372036854775807.",
            ),
            (r#"cidrhost("10.12.112.0/20", 4096)"#, None, "prefix of 20 does not accommodate a host numbered 4096."),
            (r#"cidrhost("10.12.112.0/20", -4097)"#, None, "prefix of 20 does not accommodate a host numbered -1."),
            (r#"cidrhost("10.0.0.0/8", 1.5)"#, None, "value must be a whole number."),
            (r#"cidrhost(" 10.0.0.0/8", 1)"#, None, "invalid CIDR expression: invalid CIDR address:  10.0.0.0/8."),
            (r#"cidrnetmask("fd00::/64")"#, None, "IPv6 addresses cannot have a netmask: fd00::/64."),
            (r#"cidrnetmask("10.0.0.0")"#, None, "invalid CIDR expression: invalid CIDR address: 10.0.0.0."),
        ]);
    }

    #[test]
    fn date_and_time_functions() {
        check(&[
            (r#"formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")"#, r#""02 Jan 2018 23:12 UTC""#),
            (r#"formatdate("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z")"#, r#""Tuesday, 02-Jan-18 23:12:01 UTC""#),
            (r#"formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00")"#, r#""Tue, 02 Jan 2018 23:12:01 -0800""#),
            (r#"formatdate("MMM DD, YYYY", "2018-01-02T23:12:01Z")"#, r#""Jan 02, 2018""#),
            (r#"formatdate("HH:mm:ss", "2018-01-02T23:12:01Z")"#, r#""11:12:01""#),
            (r#"formatdate("h:mm aa", "2018-01-02T23:12:01Z")"#, r#""23:12 pm""#),
            (r#"formatdate("H:m:s AA", "2018-01-02T03:02:01Z")"#, r#""3:2:1 AM""#),
            (r#"formatdate("hh:mm AA", "2018-01-02T00:05:01Z")"#, r#""00:05 AM""#),
            (r#"formatdate("HH:mm AA", "2018-01-02T12:05:01Z")"#, r#""12:05 PM""#),
            (r#"formatdate("M/D/YY", "2018-01-02T03:02:01Z")"#, r#""1/2/18""#),
            (r#"formatdate("MMMM D", "2018-09-02T03:02:01Z")"#, r#""September 2""#),
            (r#"formatdate("Z|ZZZ|ZZZZ|ZZZZZ", "2018-01-02T03:02:01Z")"#, r#""Z|UTC|+0000|+00:00""#),
            (r#"formatdate("Z|ZZZ|ZZZZ|ZZZZZ", "2018-01-02T03:02:01+05:30")"#, r#""+05:30|+0530|+0530|+05:30""#),
            (r#"formatdate("Z|ZZZ|ZZZZ|ZZZZZ", "2018-01-02T03:02:01-08:00")"#, r#""-08:00|-0800|-0800|-08:00""#),
            (r#"formatdate("ZZZ", "2018-01-02T03:02:01+00:00")"#, r#""UTC""#),
            (r#"formatdate("YYYY-MM-DD'T'hh:mm:ss'Z' 'o''clock' ''", "2018-01-02T03:02:01Z")"#, r#""2018-01-02T03:02:01Z o'clock '""#),
            (r#"formatdate("YYYY|YY", "0099-01-02T03:02:01Z")"#, r#""0099|99""#),
            (r#"formatdate("hh", "2018-01-02T23:02:01+01:00")"#, r#""23""#),
            (r#"formatdate("DD", "2018-01-02T03:02:01.123456Z")"#, r#""02""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "10m")"#, r#""2017-11-22T00:10:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "1h30m")"#, r#""2017-11-22T01:30:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "-10s")"#, r#""2017-11-21T23:59:50Z""#),
            (r#"timeadd("2017-11-22T00:00:00+05:30", "1.5h")"#, r#""2017-11-22T01:30:00+05:30""#),
            (r#"timeadd("2017-11-22T00:00:00.5Z", "1ms")"#, r#""2017-11-22T00:00:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00.999Z", "1ms")"#, r#""2017-11-22T00:00:01Z""#),
            (r#"timeadd("2017-11-22T00:00:00+00:00", "0")"#, r#""2017-11-22T00:00:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "+2h")"#, r#""2017-11-22T02:00:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", ".5h")"#, r#""2017-11-22T00:30:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "1.h")"#, r#""2017-11-22T01:00:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "8760h")"#, r#""2018-11-22T00:00:00Z""#),
            (r#"timeadd("2017-11-22T00:00:00Z", "1us2ns")"#, r#""2017-11-22T00:00:00Z""#),
            (r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00")"#, "0"),
            (r#"timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")"#, "-1"),
            (r#"timecmp("2017-11-23T00:00:00Z", "2017-11-22T01:00:00Z")"#, "1"),
        ]);
        let verb = |v: &str, why: &str| format!("Invalid value for \"format\" parameter: invalid date format verb \"{v}\": {why}.");
        let ts = |why: &str| format!("Invalid value for \"time\" parameter: not a valid RFC3339 timestamp: {why}.");
        let cases = [
            (r#"formatdate("Z|ZZ", "2018-01-02T03:02:01Z")"#, verb("ZZ", "timezone must be Z, ZZZZ, or ZZZZZ")),
            (r#"formatdate("YYYYY", "2018-01-02T03:02:01Z")"#, verb("YYYYY", "year must either be \"YY\" or \"YYYY\"")),
            (r#"formatdate("YYY", "2018-01-02T03:02:01Z")"#, verb("YYY", "year must either be \"YY\" or \"YYYY\"")),
            (r#"formatdate("MMMMM", "2018-01-02T03:02:01Z")"#, verb("MMMMM", "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"")),
            (r#"formatdate("DDD", "2018-01-02T03:02:01Z")"#, verb("DDD", "day of month must either be \"D\" or \"DD\"")),
            (r#"formatdate("EE", "2018-01-02T03:02:01Z")"#, verb("EE", "day of week must either be \"EEE\" or \"EEEE\"")),
            (r#"formatdate("hhh", "2018-01-02T03:02:01Z")"#, verb("hhh", "24-hour must either be \"h\" or \"hh\"")),
            (r#"formatdate("abc xyz! 12", "2018-01-02T03:02:01Z")"#, verb("a", "must be \"aa\"")),
            (r#"formatdate("A", "2018-01-02T03:02:01Z")"#, verb("A", "must be \"AA\"")),
            (r#"formatdate("mmm", "2018-01-02T03:02:01Z")"#, verb("mmm", "minute must either be \"m\" or \"mm\"")),
            (r#"formatdate("sss", "2018-01-02T03:02:01Z")"#, verb("sss", "second must either be \"s\" or \"ss\"")),
            (
                r#"formatdate("ss.SSS", "2018-01-02T03:02:01Z")"#,
                "Invalid value for \"format\" parameter: invalid date format verb \"SSS\".".to_string(),
            ),
            (
                r#"formatdate("'unterminated", "2018-01-02T03:02:01Z")"#,
                "Invalid value for \"format\" parameter: unterminated literal '.".to_string(),
            ),
            (r#"formatdate("YYYY", "2018-01-02")"#, ts("missing required time introducer 'T'")),
            (r#"formatdate("YYYY", "2018-01-02t03:02:01z")"#, ts("missing required time introducer 'T'")),
            (r#"formatdate("YYYY", "2018-01-02T03:02:01")"#, ts("end of string before UTC offset")),
            (r#"formatdate("YYYY", "2018-13-02T03:02:01Z")"#, ts("cannot use \"-02T03:02:01Z\" as month")),
            (r#"formatdate("YYYY", "2018-02-30T03:02:01Z")"#, ts("day out of range")),
            (r#"formatdate("YYYY", "2018-01-02T24:02:01Z")"#, ts("hour must be between 0 and 23 inclusive")),
            (r#"formatdate("YYYY", "2018-01-02T3:02:01Z")"#, ts("hour must have exactly two digits")),
            (r#"formatdate("YYYY", "2018-01-02T03:02:60Z")"#, ts("cannot use \"Z\" as second")),
            (r#"formatdate("YYYY", "18-01-02T03:02:01Z")"#, ts("cannot use \"18-01-02T03:02:01Z\" as year")),
            (r#"formatdate("YYYY", "2018-01-02T03:02:01+0530")"#, ts("cannot use \"+0530\" as UTC offset")),
            (r#"formatdate("YYYY", "2018-01-02T03:02:01Zjunk")"#, ts("cannot use \"junk\" as timestamp segment")),
            (r#"formatdate("YYYY", "2018/01/02T03:02:01Z")"#, ts("found \"/01/02T03:02:01Z\" where \"-\" is expected")),
            (r#"formatdate("YYYY", "2018-01-02T03-02:01Z")"#, ts("found \"-02:01Z\" where \":\" is expected")),
            (r#"formatdate("YYYY", "2018-01-02T03:02")"#, ts("end of string where \":\" is expected")),
            (r#"formatdate("YYYY", "2018-01-02T03:02:01.Z")"#, ts("cannot use \".Z\" as UTC offset")),
            (r#"formatdate("YYYY", "")"#, ts("end of string before year")),
        ];
        let cases: Vec<(&str, Option<usize>, &str)> =
            cases.iter().map(|(e, m)| (*e, Some(if m.contains("\"time\"") { 1 } else { 0 }), m.as_str())).collect();
        check_err(&cases);
        check_err(&[
            (r#"timeadd("2017-11-22T00:00:00Z", "1d")"#, None, "time: unknown unit \"d\" in duration \"1d\"."),
            (r#"timeadd("2017-11-22T00:00:00Z", "1")"#, None, "time: missing unit in duration \"1\"."),
            (r#"timeadd("2017-11-22T00:00:00Z", "")"#, None, "time: invalid duration \"\"."),
            (r#"timeadd("2017-11-22T00:00:00Z", "1h-5m")"#, None, "time: unknown unit \"h-\" in duration \"1h-5m\"."),
            (r#"timeadd("bad", "1h")"#, None, "not a valid RFC3339 timestamp: cannot use \"bad\" as year."),
            (
                r#"timecmp("x", "2017-11-22T00:00:00Z")"#,
                Some(0),
                "Invalid value for \"timestamp_a\" parameter: not a valid RFC3339 timestamp: cannot use \"x\" as year.",
            ),
        ]);
    }
}
