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
        let all_sets = tys.iter().all(|t| matches!(t, Ty::Set(_)));
        return Some(if all_sets { Ty::Set(e) } else { Ty::List(e) });
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
    let base = cx.number(&a, 1).ok().and_then(whole).filter(|b| (2..=62).contains(b));
    let Some(base) = base else {
        return Err(cx.arg_err(1, "base must be a whole number between 2 and 62 inclusive"));
    };
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
    Ok(Value::Number(if neg { -n } else { n }))
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
                let out = if separator(prev) { go_upper(c) } else { c };
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
        't' => pad_str(v, &to_bool(arg).map_err(unsupported)?.to_string()),
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

fn truncate(s: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
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
                "unexpected EOF".to_string()
            } else if e.to_string().starts_with("trailing characters") {
                "extraneous data after JSON object".to_string()
            } else {
                e.to_string()
            };
            Err(cx.err(msg))
        }
    }
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
    let mut out = y.out;
    out.push('\n');
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

fn yaml_pos(span: &saphyr_parser::Span) -> String {
    format!("on line {}, column {}", span.start.line(), span.start.col() + 1)
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
                        YamlNode::Value(Value::Null) => return Err("mapping key cannot be null".into()),
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
            base64::engine::general_purpose::STANDARD
                .decode(src)
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
