//! Expression evaluation with Terraform's semantics: unknown values flow
//! through (`(known after apply)`), sensitive marks propagate, and every
//! error points at the span of the sub-expression at fault.

use super::functions::{self, FnEnv};
use super::types::{Type, convert, describe_conditional_mismatch, type_of, unify};
use super::value::{Value, compare, format_number};
use hcl::edit::Span;
use hcl::edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl::edit::template::{Directive, Element, Template};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct EvalError {
    pub summary: String,
    pub detail: String,
    pub span: Option<Range<usize>>,
}

impl EvalError {
    fn new(summary: impl Into<String>, detail: impl Into<String>, at: &impl Span) -> EvalError {
        EvalError { summary: summary.into(), detail: detail.into(), span: at.span() }
    }
}

type R<T> = Result<T, EvalError>;

/// Where root names (`var`, `local`, `count`, resource types, …) come from.
pub trait Resolve {
    fn root(&self, name: &str) -> Option<&Value>;
}

impl Resolve for BTreeMap<String, Value> {
    fn root(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

/// An evaluation: the root names, the function environment and the local
/// names bound by `for` expressions.
pub struct Evaluator<'a> {
    roots: &'a dyn Resolve,
    env: &'a FnEnv,
    bound: Vec<(String, Value)>,
}

impl<'a> Evaluator<'a> {
    pub fn new(roots: &'a dyn Resolve, env: &'a FnEnv) -> Evaluator<'a> {
        Evaluator { roots, env, bound: vec![] }
    }

    /// Binds a local name (a `dynamic` block's iterator) until [`Evaluator::unbind`].
    pub fn bind(&mut self, name: &str, v: Value) {
        self.bound.push((name.to_string(), v));
    }

    /// Forgets the name bound last.
    pub fn unbind(&mut self) {
        self.bound.pop();
    }

    pub fn eval(&mut self, e: &Expression) -> R<Value> {
        match e {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => Ok(Value::Number(n.value().as_f64().unwrap_or(0.0))),
            Expression::String(s) => Ok(Value::String(s.value().clone())),
            Expression::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for item in a.iter() {
                    out.push(self.eval(item)?);
                }
                Ok(Value::List(out))
            }
            Expression::Object(o) => {
                let mut out = BTreeMap::new();
                let mut unknown_key = false;
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(ke) => {
                            // A bare name in parentheses-free key position is a literal in HCL.
                            if let Expression::Variable(i) = ke {
                                i.as_str().to_string()
                            } else {
                                match self.eval(ke)?.unmark_deep().0 {
                                    Value::String(s) => s,
                                    Value::Number(n) => format_number(n),
                                    Value::Bool(b) => b.to_string(),
                                    Value::Unknown => {
                                        unknown_key = true;
                                        continue;
                                    }
                                    other => {
                                        return Err(EvalError::new(
                                            "Invalid object key",
                                            format!("An object key must be a string, not {}.", other.type_name()),
                                            ke,
                                        ));
                                    }
                                }
                            }
                        }
                    };
                    let val = self.eval(v.expr())?;
                    out.insert(key, val);
                }
                if unknown_key { Ok(Value::Unknown) } else { Ok(Value::Map(out)) }
            }
            Expression::StringTemplate(t) => self.template(t, TemplateForm::Quoted),
            Expression::HeredocTemplate(h) => self.template(&h.template, TemplateForm::Heredoc(h.indent())),
            Expression::Parenthesis(p) => self.eval(p.inner()),
            Expression::Variable(v) => self.variable(v.as_str(), v).map(Cow::into_owned),
            Expression::Traversal(t) => {
                let base: Cow<Value> = match &t.expr {
                    Expression::Variable(v) => self.variable(v.as_str(), v)?,
                    other => Cow::Owned(self.eval(other)?),
                };
                let root_name = t.expr.as_variable().map(|v| v.as_str().to_string());
                let start = t.expr.span().map(|s| s.start);
                let out = self.walk_from(base, &t.operators, root_name.as_deref(), 0, start)?;
                Ok(out.into_owned())
            }
            Expression::Conditional(c) => self.conditional(c),
            Expression::FuncCall(f) => self.call(f),
            Expression::UnaryOp(u) => {
                let (v, marked) = self.eval(&u.expr)?.unmark_deep();
                let out = match (u.operator.value(), v) {
                    (_, Value::Unknown) => Value::Unknown,
                    (UnaryOperator::Neg, v) => match to_number(&v) {
                        Some(n) => Value::Number(-n),
                        None => return Err(type_err("number", &v, &u.expr)),
                    },
                    (UnaryOperator::Not, v) => match to_bool(&v) {
                        Some(b) => Value::Bool(!b),
                        None => return Err(type_err("bool", &v, &u.expr)),
                    },
                };
                Ok(out.mark_if(marked))
            }
            Expression::BinaryOp(b) => self.binary(b.operator.value(), &b.lhs_expr, &b.rhs_expr),
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    /// `c ? a : b`. As in HCL, both results are evaluated (an error in the
    /// one not chosen is ignored: it only has no type) and the chosen one is
    /// converted to the type both unify to, so `c ? 5 : "x"` is "5".
    fn conditional(&mut self, c: &hcl::edit::expr::Conditional) -> R<Value> {
        let cond = self.eval(&c.cond_expr)?;
        let (cond, marked) = cond.unmark_deep();
        let choice = match cond {
            Value::Unknown => None,
            Value::Null => {
                return Err(EvalError::new(
                    "Null condition",
                    "The condition value is null. Conditions must either be true or false.",
                    &c.cond_expr,
                ));
            }
            other => match to_bool(&other) {
                Some(b) => Some(b),
                None => {
                    return Err(EvalError::new(
                        "Incorrect condition type",
                        format!("The condition expression must be of type bool, not {}.", other.type_name()),
                        &c.cond_expr,
                    ));
                }
            },
        };
        let (t, f) = match choice {
            None => (self.eval(&c.true_expr)?, self.eval(&c.false_expr)?),
            Some(true) => {
                let t = self.eval(&c.true_expr)?;
                (t, self.eval(&c.false_expr).unwrap_or(Value::Unknown))
            }
            Some(false) => (self.eval(&c.true_expr).unwrap_or(Value::Unknown), self.eval(&c.false_expr)?),
        };
        let (tt, ft) = (type_of(&t), type_of(&f));
        // A null or unknown result has no type: nothing to unify with.
        let target = if matches!(tt, Type::Any) || matches!(ft, Type::Any) {
            None
        } else {
            match unify(&[tt.clone(), ft.clone()]) {
                Some(ty) => Some(ty),
                None => {
                    let span = match (c.true_expr.span(), c.false_expr.span()) {
                        (Some(a), Some(b)) => Some(a.start..b.end),
                        (a, b) => a.or(b),
                    };
                    return Err(EvalError {
                        summary: "Inconsistent conditional result types".into(),
                        detail: format!(
                            "The true and false result expressions must have consistent types. {}.",
                            describe_conditional_mismatch(&tt, &ft)
                        ),
                        span,
                    });
                }
            }
        };
        let Some(choice) = choice else {
            return Ok(if t.is_null() && f.is_null() { Value::Null } else { Value::Unknown });
        };
        let (v, vt, which, at) = if choice { (t, tt, "true", &c.true_expr) } else { (f, ft, "false", &c.false_expr) };
        let v = match target {
            Some(ty) if ty != vt => convert(v, &ty).map_err(|e| {
                EvalError::new("Inconsistent conditional result types", format!("The {which} result value has the wrong type: {e}."), at)
            })?,
            _ => v,
        };
        Ok(v.mark_if(marked))
    }

    /// Roots are borrowed for the evaluator's lifetime; `for` bindings are
    /// cloned so that evaluating index expressions can bind names meanwhile.
    fn variable(&self, name: &str, at: &impl Span) -> R<Cow<'a, Value>> {
        if let Some((_, v)) = self.bound.iter().rev().find(|(n, _)| n == name) {
            return Ok(Cow::Owned(v.clone()));
        }
        match self.roots.root(name) {
            Some(v) => Ok(Cow::Borrowed(v)),
            None => Err(EvalError::new(unknown_root_summary(name), unknown_root_detail(name), at)),
        }
    }

    /// Applies traversal operators, borrowing as long as possible so that
    /// `azure_subnet.app["x"].id` never copies the whole `azure_subnet` map.
    fn walk<'v>(
        &mut self,
        cur: Cow<'v, Value>,
        ops: &[hcl::edit::Decorated<TraversalOperator>],
        root: Option<&str>,
        depth: usize,
    ) -> R<Cow<'v, Value>> {
        let root_start = None;
        self.walk_from(cur, ops, root, depth, root_start)
    }

    fn walk_from<'v>(
        &mut self,
        mut cur: Cow<'v, Value>,
        ops: &[hcl::edit::Decorated<TraversalOperator>],
        root: Option<&str>,
        depth: usize,
        root_start: Option<usize>,
    ) -> R<Cow<'v, Value>> {
        let mut marked = false;
        for (i, op) in ops.iter().enumerate() {
            if let Value::Sensitive(_) = cur.as_ref() {
                marked = true;
                cur = match cur {
                    Cow::Borrowed(Value::Sensitive(inner)) => Cow::Borrowed(inner.as_ref()),
                    Cow::Owned(Value::Sensitive(inner)) => Cow::Owned(*inner),
                    c => c,
                };
            }
            if matches!(cur.as_ref(), Value::Unknown) {
                return Ok(Cow::Owned(Value::Unknown.mark_if(marked)));
            }
            match op.value() {
                TraversalOperator::GetAttr(name) => {
                    cur = self.get_attr(cur, name.as_str(), op, root, depth + i).map_err(|mut e| {
                        // An undeclared name is reported over the whole reference (`var.x`).
                        if depth + i == 0
                            && let (Some(start), Some(sp)) = (root_start, e.span.clone())
                        {
                            e.span = Some(start..sp.end);
                        }
                        e
                    })?;
                }
                TraversalOperator::Index(ie) => {
                    let key = self.eval(ie)?;
                    let (key, kmarked) = key.unmark_deep();
                    marked |= kmarked;
                    if !key.is_known() {
                        return Ok(Cow::Owned(Value::Unknown.mark_if(marked)));
                    }
                    cur = index(cur, &key, op)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    cur = index(cur, &Value::Number(*n.value() as f64), op)?;
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let rest = &ops[i + 1..];
                    let items: Vec<Value> = match cur.into_owned() {
                        Value::Null => vec![],
                        Value::List(v) | Value::Set(v) => v,
                        other => vec![other],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        out.push(self.walk(Cow::Owned(item), rest, None, depth + i + 1)?.into_owned());
                    }
                    return Ok(Cow::Owned(Value::List(out).mark_if(marked)));
                }
            }
        }
        Ok(if marked { Cow::Owned(cur.into_owned().mark()) } else { cur })
    }

    fn get_attr<'v>(&self, cur: Cow<'v, Value>, name: &str, at: &impl Span, root: Option<&str>, depth: usize) -> R<Cow<'v, Value>> {
        let missing = |keys: Vec<&str>| {
            let (summary, detail) = missing_attr_message(root, depth, name, &keys);
            Err(EvalError::new(summary, detail, at))
        };
        match cur {
            Cow::Borrowed(Value::Map(m)) => match m.get(name) {
                Some(v) => Ok(Cow::Borrowed(v)),
                None => missing(m.keys().map(String::as_str).collect()),
            },
            Cow::Owned(Value::Map(mut m)) => match m.remove(name) {
                Some(v) => Ok(Cow::Owned(v)),
                None => missing(m.keys().map(String::as_str).collect()),
            },
            c => match c.as_ref() {
                Value::Null => Err(EvalError::new(
                    "Attempt to get attribute from null value",
                    "This value is null, so it does not have any attributes.",
                    at,
                )),
                Value::List(_) | Value::Set(_) => Err(EvalError::new(
                    "Unsupported attribute",
                    format!(
                        "This value does not have any attributes. To read \"{name}\" of each element, use a splat: [*].{name}; to read one element, index it first: [0].{name}."
                    ),
                    at,
                )),
                other => Err(EvalError::new(
                    "Unsupported attribute",
                    format!("Can't access attributes on a primitive-typed value ({}).", other.type_name()),
                    at,
                )),
            },
        }
    }

    fn binary(&mut self, op: &BinaryOperator, l: &Expression, r: &Expression) -> R<Value> {
        use BinaryOperator::*;
        let (lv, lm) = self.eval(l)?.unmark_deep();
        let (rv, rm) = self.eval(r)?.unmark_deep();
        let marked = lm || rm;
        let out = match op {
            Eq | NotEq => {
                if !lv.is_known() || !rv.is_known() {
                    Value::Unknown
                } else {
                    let eq = values_equal(&lv, &rv);
                    Value::Bool(if matches!(op, Eq) { eq } else { !eq })
                }
            }
            And | Or => {
                let a = bool_operand(&lv, l)?;
                let b = bool_operand(&rv, r)?;
                match (a, b, op) {
                    (Some(false), _, And) | (_, Some(false), And) => Value::Bool(false),
                    (Some(true), _, Or) | (_, Some(true), Or) => Value::Bool(true),
                    (Some(x), Some(y), And) => Value::Bool(x && y),
                    (Some(x), Some(y), _) => Value::Bool(x || y),
                    _ => Value::Unknown,
                }
            }
            _ => {
                let a = num_operand(&lv, l)?;
                let b = num_operand(&rv, r)?;
                match (a, b) {
                    (Some(a), Some(b)) => match op {
                        Plus => Value::Number(a + b),
                        Minus => Value::Number(a - b),
                        Mul => Value::Number(a * b),
                        Div => {
                            if b == 0.0 {
                                return Err(EvalError::new("Division by zero", "The right operand of / is zero.", r));
                            }
                            Value::Number(a / b)
                        }
                        Mod => {
                            if b == 0.0 {
                                return Err(EvalError::new("Division by zero", "The right operand of % is zero.", r));
                            }
                            Value::Number(a % b)
                        }
                        Less => Value::Bool(a < b),
                        LessEq => Value::Bool(a <= b),
                        Greater => Value::Bool(a > b),
                        GreaterEq => Value::Bool(a >= b),
                        _ => unreachable!("handled above"),
                    },
                    _ => Value::Unknown,
                }
            }
        };
        Ok(out.mark_if(marked))
    }

    fn for_expr(&mut self, f: &hcl::edit::expr::ForExpr) -> R<Value> {
        // Only a mark on the collection itself marks the result; marks on
        // elements stay with the elements, as in Terraform.
        let (coll, marked) = match self.eval(&f.intro.collection_expr)? {
            Value::Sensitive(inner) => (*inner, true),
            v => (v, false),
        };
        let pairs: Vec<(Value, Value)> = match coll {
            Value::Unknown => return Ok(Value::Unknown),
            Value::List(v) => v.into_iter().enumerate().map(|(i, x)| (Value::Number(i as f64), x)).collect(),
            Value::Set(v) => v.into_iter().map(|x| (x.clone(), x)).collect(),
            Value::Map(m) => m.into_iter().map(|(k, x)| (Value::String(k), x)).collect(),
            Value::Null => {
                return Err(EvalError::new(
                    "Iteration over null value",
                    "A null value cannot be used as the collection in a 'for' expression.",
                    &f.intro.collection_expr,
                ));
            }
            other => {
                return Err(EvalError::new(
                    "Iteration over non-iterable value",
                    format!("A value of type {} cannot be used as the collection in a 'for' expression.", other.type_name()),
                    &f.intro.collection_expr,
                ));
            }
        };
        let kname = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vname = f.intro.value_var.as_str().to_string();
        let mut list = vec![];
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut unknown = false;
        for (k, v) in pairs {
            let n = self.bound.len();
            if let Some(kn) = &kname {
                self.bound.push((kn.clone(), k));
            }
            self.bound.push((vname.clone(), v));
            let res = self.for_item(f, &mut list, &mut map, &mut unknown);
            self.bound.truncate(n);
            res?;
        }
        let out = if unknown {
            Value::Unknown
        } else if f.key_expr.is_some() {
            Value::Map(map)
        } else {
            Value::List(list)
        };
        Ok(out.mark_if(marked))
    }

    fn for_item(
        &mut self,
        f: &hcl::edit::expr::ForExpr,
        list: &mut Vec<Value>,
        map: &mut BTreeMap<String, Value>,
        unknown: &mut bool,
    ) -> R<()> {
        if let Some(c) = &f.cond {
            match self.eval(&c.expr)?.unmark_deep().0 {
                Value::Bool(true) => {}
                Value::Bool(false) => return Ok(()),
                Value::Unknown => {
                    *unknown = true;
                    return Ok(());
                }
                other => return Err(type_err("bool", &other, &c.expr)),
            }
        }
        let val = self.eval(&f.value_expr)?;
        match &f.key_expr {
            None => list.push(val),
            Some(ke) => {
                let key = match self.eval(ke)?.unmark_deep().0 {
                    Value::String(s) => s,
                    Value::Number(n) => format_number(n),
                    Value::Bool(b) => b.to_string(),
                    Value::Unknown => {
                        *unknown = true;
                        return Ok(());
                    }
                    other => return Err(type_err("string", &other, ke)),
                };
                if f.grouping {
                    match map.entry(key).or_insert_with(|| Value::List(vec![])) {
                        Value::List(items) => items.push(val),
                        _ => unreachable!("grouping entries are lists"),
                    }
                } else {
                    match map.entry(key) {
                        std::collections::btree_map::Entry::Occupied(e) => {
                            return Err(EvalError::new(
                                "Duplicate object key",
                                format!(
                                    "Two different items produced the key \"{}\" in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.",
                                    e.key()
                                ),
                                ke,
                            ));
                        }
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(val);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn call(&mut self, f: &hcl::edit::expr::FuncCall) -> R<Value> {
        let name = f.name.name.as_str();
        match name {
            "try" => {
                for (i, a) in f.args.iter().enumerate() {
                    match self.eval(a) {
                        Ok(v) if v.is_known() || i + 1 == f.args.len() => return Ok(v),
                        Ok(_) => return Ok(Value::Unknown),
                        Err(e) if i + 1 == f.args.len() => {
                            return Err(EvalError::new(
                                "Error in function call",
                                format!("Call to function \"try\" failed: no expression succeeded: {}", e.detail),
                                f,
                            ));
                        }
                        Err(_) => continue,
                    }
                }
                Err(EvalError::new("Not enough function arguments", "try needs at least one argument.", f))
            }
            // Marks are the evaluator's business: these two only change them.
            "sensitive" | "nonsensitive" => {
                if f.args.len() != 1 {
                    return Err(EvalError::new("Wrong number of function arguments", format!("{name} takes exactly one argument."), f));
                }
                let v = self.eval(f.args.get(0).expect("checked"))?;
                if name == "sensitive" {
                    return Ok(v.mark());
                }
                if !v.is_sensitive() && v.is_known() {
                    return Err(EvalError::new(
                        "Invalid function argument",
                        "Invalid value for \"value\" parameter: the given value is not sensitive, so this call is redundant.",
                        f,
                    ));
                }
                Ok(v.unmark_deep().0)
            }
            "can" => {
                if f.args.len() != 1 {
                    return Err(EvalError::new("Wrong number of function arguments", "can takes exactly one argument.", f));
                }
                match self.eval(f.args.get(0).expect("checked")) {
                    Ok(v) if !v.is_known() => Ok(Value::Unknown),
                    Ok(_) => Ok(Value::Bool(true)),
                    Err(_) => Ok(Value::Bool(false)),
                }
            }
            _ => {
                let mut args = Vec::with_capacity(f.args.len());
                let mut marked = false;
                let mut unknown = false;
                let n = f.args.len();
                for (i, a) in f.args.iter().enumerate() {
                    let (v, m) = self.eval(a)?.unmark_deep();
                    marked |= m;
                    if i + 1 == n && f.args.expand_final() {
                        match v {
                            Value::List(items) | Value::Set(items) => {
                                unknown |= items.iter().any(|x| matches!(x, Value::Unknown));
                                args.extend(items);
                            }
                            Value::Unknown => unknown = true,
                            other => {
                                return Err(EvalError::new(
                                    "Invalid expanding argument value",
                                    format!("The expanding argument (indicated by ...) must be a list, not {}.", other.type_name()),
                                    a,
                                ));
                            }
                        }
                    } else {
                        unknown |= matches!(v, Value::Unknown);
                        args.push(v);
                    }
                }
                if !is_function(name) {
                    let mut detail = format!("There is no function named \"{name}\".");
                    if let Some(s) = crate::config::did_you_mean(name, functions::names().iter().copied()) {
                        detail.push_str(&format!(" Did you mean \"{s}\"?"));
                    }
                    return Err(EvalError::new("Call to unknown function", detail, &f.name.name));
                }
                if unknown {
                    return Ok(Value::Unknown.mark_if(marked));
                }
                let result = if name == "templatefile" {
                    self.templatefile(args, f)
                } else {
                    functions::call(name, args, self.env).map_err(|e| {
                        let at = e.arg.and_then(|i| f.args.get(i)).and_then(|a| a.span()).or(f.span());
                        // Argument errors and arity errors carry Terraform's full wording already.
                        let detail = if e.arg.is_some() || e.message.starts_with("Function \"") {
                            e.message.clone()
                        } else {
                            format!("Call to function \"{name}\" failed: {}", e.message)
                        };
                        // Terraform: a failure tied to one argument is "Invalid function argument", others "Error in function call".
                        let summary = if e.arg.is_some() || e.message.starts_with("Function \"") {
                            "Invalid function argument"
                        } else {
                            "Error in function call"
                        };
                        EvalError { summary: summary.into(), detail, span: at }
                    })
                }?;
                Ok(result.mark_if(marked))
            }
        }
    }

    fn templatefile(&mut self, args: Vec<Value>, f: &hcl::edit::expr::FuncCall) -> R<Value> {
        let err = |m: String| EvalError::new("Invalid function argument", format!("Call to function \"templatefile\" failed: {m}"), f);
        let [path, vars] = <[Value; 2]>::try_from(args).map_err(|_| err("it takes a path and a map of variables.".into()))?;
        let path = path.as_str().ok_or_else(|| err("the path must be a string.".into()))?;
        let full = self.env.module_dir.join(path);
        let text = std::fs::read_to_string(&full).map_err(|e| err(format!("cannot read {}: {e}", full.display())))?;
        let tpl = hcl::edit::parser::parse_template(&text).map_err(|e| err(format!("{}: {}", full.display(), e.message())))?;
        let vars = match vars {
            Value::Map(m) => m,
            _ => return Err(err("the second argument must be a map or object.".into())),
        };
        let empty = BTreeMap::new();
        let mut inner = Evaluator { roots: &empty, env: self.env, bound: vars.into_iter().collect() };
        inner.template_string(&tpl, TemplateForm::File).map_err(|e| err(format!("{}: {}", full.display(), e.detail)))
    }

    fn template(&mut self, t: &Template, form: TemplateForm) -> R<Value> {
        // "${x}" alone yields x itself, not its string form (Terraform's rule).
        if let Some(Element::Interpolation(i)) = t.as_single_element() {
            return self.eval(&i.expr);
        }
        self.template_string(t, form)
    }

    fn template_string(&mut self, t: &Template, form: TemplateForm) -> R<Value> {
        let t = prepare_template(t, form);
        let mut out = String::new();
        let mut marked = false;
        let mut unknown = false;
        self.render(&t, &mut out, &mut marked, &mut unknown)?;
        if unknown {
            return Ok(Value::Unknown.mark_if(marked));
        }
        Ok(Value::String(out).mark_if(marked))
    }

    /// Renders a template whose strip markers were applied by [`prepare_template`].
    fn render(&mut self, t: &Template, out: &mut String, marked: &mut bool, unknown: &mut bool) -> R<()> {
        for el in t.iter() {
            match el {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => {
                    let (v, m) = self.eval(&i.expr)?.unmark_deep();
                    *marked |= m;
                    match v {
                        Value::Unknown => *unknown = true,
                        v => out.push_str(&template_piece(&v, &i.expr)?),
                    }
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(ifd) => {
                        let (c, m) = self.eval(&ifd.if_expr.cond_expr)?.unmark_deep();
                        *marked |= m;
                        match c {
                            Value::Unknown => *unknown = true,
                            c => {
                                let b = to_bool(&c).ok_or_else(|| type_err("bool", &c, &ifd.if_expr.cond_expr))?;
                                if b {
                                    self.render(&ifd.if_expr.template, out, marked, unknown)?;
                                } else if let Some(e) = &ifd.else_expr {
                                    self.render(&e.template, out, marked, unknown)?;
                                }
                            }
                        }
                    }
                    Directive::For(fd) => {
                        let fe = &fd.for_expr;
                        let (coll, m) = self.eval(&fe.collection_expr)?.unmark_deep();
                        *marked |= m;
                        let pairs: Vec<(Value, Value)> = match coll {
                            Value::Unknown => {
                                *unknown = true;
                                vec![]
                            }
                            Value::List(v) => v.into_iter().enumerate().map(|(i, x)| (Value::Number(i as f64), x)).collect(),
                            Value::Set(v) => v.into_iter().map(|x| (x.clone(), x)).collect(),
                            Value::Map(m) => m.into_iter().map(|(k, x)| (Value::String(k), x)).collect(),
                            other => return Err(type_err("collection", &other, &fe.collection_expr)),
                        };
                        for (k, v) in pairs {
                            let n = self.bound.len();
                            if let Some(kn) = &fe.key_var {
                                self.bound.push((kn.as_str().to_string(), k));
                            }
                            self.bound.push((fe.value_var.as_str().to_string(), v));
                            let r = self.render(&fe.template, out, marked, unknown);
                            self.bound.truncate(n);
                            r?;
                        }
                    }
                },
            }
        }
        Ok(())
    }
}

/// Where a template was written: HCL's scanner cuts the literal text of a
/// heredoc or a template file into one token per line, which bounds what a
/// strip marker trims; a quoted string's literal is one token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TemplateForm {
    Quoted,
    /// A template file (`templatefile`).
    File,
    /// A heredoc, with what hcl-edit stripped from its lines for `<<-` (its `indent()`).
    Heredoc(Option<usize>),
}

/// The template as HCL's parser leaves it: each strip marker (`~`) trims the
/// whitespace of the literal token next to it, and then an indented heredoc
/// (`<<-`) loses the indentation its lines share, counted after stripping,
/// directive bodies included, blank lines excluded. hcl-edit dedents `<<-`
/// heredocs itself, before stripping and only outside directives, so that
/// is undone first (as spaces: a tab of indentation comes back as a space).
fn prepare_template(t: &Template, form: TemplateForm) -> Cow<'_, Template> {
    let indent = match form {
        TemplateForm::Heredoc(Some(n)) => Some(n),
        _ => None,
    };
    let quoted_directive = form == TemplateForm::Quoted && t.iter().any(Element::is_directive);
    if indent.is_none() && !quoted_directive && !has_strip_marker(t) {
        return Cow::Borrowed(t);
    }
    let mut t = t.clone();
    if quoted_directive {
        unescape_directive_bodies(&mut t, false);
    }
    if let Some(n) = indent {
        undo_dedent(&mut t, n);
    }
    let per_line = form != TemplateForm::Quoted;
    let mut toks = vec![];
    flat_tokens(&mut t, &mut toks);
    for i in 0..toks.len() {
        let (start, end) = match toks[i] {
            Tok::Mark { strip_start, strip_end } => (strip_start, strip_end),
            Tok::Lit(_) => continue,
        };
        if start
            && i > 0
            && let Tok::Lit(s) = &mut toks[i - 1]
        {
            let from = if per_line { last_line_start(s) } else { 0 };
            let keep = from + s[from..].trim_end().len();
            s.truncate(keep);
        }
        if end && let Some(Tok::Lit(s)) = toks.get_mut(i + 1) {
            let to = if per_line { s.find('\n').map_or(s.len(), |p| p + 1) } else { s.len() };
            let trimmed = s[..to].len() - s[..to].trim_start().len();
            s.replace_range(..trimmed, "");
        }
    }
    if indent.is_some() {
        flush_heredoc(&mut toks);
    }
    Cow::Owned(t)
}

/// A token of HCL's flat view of a template: literal text, or an
/// interpolation or directive keyword with its strip markers.
enum Tok<'a> {
    Lit(&'a mut String),
    Mark { strip_start: bool, strip_end: bool },
}

fn flat_tokens<'a>(t: &'a mut Template, out: &mut Vec<Tok<'a>>) {
    for el in t.iter_mut() {
        match el {
            Element::Literal(s) => out.push(Tok::Lit(s.value_mut())),
            Element::Interpolation(i) => out.push(Tok::Mark { strip_start: i.strip.strip_start(), strip_end: i.strip.strip_end() }),
            Element::Directive(d) => match d.as_mut() {
                Directive::If(ifd) => {
                    let strip = ifd.if_expr.strip;
                    out.push(Tok::Mark { strip_start: strip.strip_start(), strip_end: strip.strip_end() });
                    flat_tokens(&mut ifd.if_expr.template, out);
                    if let Some(e) = &mut ifd.else_expr {
                        out.push(Tok::Mark { strip_start: e.strip.strip_start(), strip_end: e.strip.strip_end() });
                        flat_tokens(&mut e.template, out);
                    }
                    let strip = ifd.endif_expr.strip;
                    out.push(Tok::Mark { strip_start: strip.strip_start(), strip_end: strip.strip_end() });
                }
                Directive::For(fd) => {
                    let strip = fd.for_expr.strip;
                    out.push(Tok::Mark { strip_start: strip.strip_start(), strip_end: strip.strip_end() });
                    flat_tokens(&mut fd.for_expr.template, out);
                    let strip = fd.endfor_expr.strip;
                    out.push(Tok::Mark { strip_start: strip.strip_start(), strip_end: strip.strip_end() });
                }
            },
        }
    }
}

fn has_strip_marker(t: &Template) -> bool {
    t.iter().any(|el| match el {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_start() || i.strip.strip_end(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(ifd) => {
                let e = ifd.else_expr.as_ref();
                [ifd.if_expr.strip, ifd.endif_expr.strip].into_iter().chain(e.map(|e| e.strip)).any(|s| s.strip_start() || s.strip_end())
                    || has_strip_marker(&ifd.if_expr.template)
                    || e.is_some_and(|e| has_strip_marker(&e.template))
            }
            Directive::For(fd) => {
                [fd.for_expr.strip, fd.endfor_expr.strip].iter().any(|s| s.strip_start() || s.strip_end())
                    || has_strip_marker(&fd.for_expr.template)
            }
        },
    })
}

/// hcl-edit leaves the backslash escapes (`\n`, `\"`, `\u00e9`…) of a quoted
/// string's literals undecoded inside `%{if}` and `%{for}` bodies (it does
/// decode `$${` and `%%{` there); this decodes them.
fn unescape_directive_bodies(t: &mut Template, nested: bool) {
    for el in t.iter_mut() {
        match el {
            Element::Literal(l) if nested && l.value().contains('\\') => {
                let decoded = unescape(l.value());
                *l.value_mut() = decoded;
            }
            Element::Directive(d) => match d.as_mut() {
                Directive::If(ifd) => {
                    unescape_directive_bodies(&mut ifd.if_expr.template, true);
                    if let Some(e) = &mut ifd.else_expr {
                        unescape_directive_bodies(&mut e.template, true);
                    }
                }
                Directive::For(fd) => unescape_directive_bodies(&mut fd.for_expr.template, true),
            },
            _ => {}
        }
    }
}

/// Decodes HCL's quoted-string escapes: `\n`, `\r`, `\t`, `\"`, `\\`, `\uNNNN`, `\UNNNNNNNN`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('\\') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let mut chars = after.chars();
        let (decoded, used) = match chars.next() {
            Some('n') => (Some('\n'), 1),
            Some('r') => (Some('\r'), 1),
            Some('t') => (Some('\t'), 1),
            Some('"') => (Some('"'), 1),
            Some('\\') => (Some('\\'), 1),
            Some(u @ ('u' | 'U')) => {
                let len = if u == 'u' { 4 } else { 8 };
                let c = after.get(1..1 + len).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
                (c, 1 + len)
            }
            _ => (None, 0),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the last line of `s` starts (its final newline belongs to that line).
fn last_line_start(s: &str) -> usize {
    let body = s.strip_suffix('\n').unwrap_or(s);
    body.rfind('\n').map_or(0, |p| p + 1)
}

/// Gives back the `n` characters hcl-edit took from each non-empty line of
/// the top-level literals that starts a line (its `Template::dedent`). A line
/// of exactly `n` spaces came out empty: before an interpolation or directive
/// it is known to have been there (hcl-edit strips nothing when one starts a
/// line), elsewhere it cannot be told from an empty line and stays empty.
fn undo_dedent(t: &mut Template, n: usize) {
    let pad = " ".repeat(n);
    let literal: Vec<bool> = t.iter().map(Element::is_literal).collect();
    let mut skip_first = false;
    for (i, el) in t.iter_mut().enumerate() {
        match el {
            Element::Literal(l) => {
                let s = l.value_mut();
                let mut out = String::with_capacity(s.len() + n * 4);
                for (j, line) in s.split_inclusive('\n').enumerate() {
                    if !(j == 0 && skip_first) && line != "\n" {
                        out.push_str(&pad);
                    }
                    out.push_str(line);
                }
                let before_mark = literal.get(i + 1) == Some(&false);
                if before_mark && (out.ends_with('\n') || out.is_empty() && !skip_first) {
                    out.push_str(&pad);
                }
                skip_first = true;
                *s = out;
            }
            _ => skip_first = true,
        }
    }
}

/// HCL's `flushHeredocTemplateParts`: removes from every line-starting
/// literal the smallest indentation of them all; a line that starts with an
/// interpolation or directive means there is none; blank lines do not count
/// and keep their spaces.
fn flush_heredoc(toks: &mut [Tok<'_>]) {
    let mut min = usize::MAX;
    let mut newline = true;
    // (token, byte offset of a line start within it)
    let mut adjust: Vec<(usize, usize)> = vec![];
    for (ti, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Mark { .. } => {
                if newline {
                    min = 0;
                }
                newline = false;
            }
            Tok::Lit(s) => {
                let mut at = 0;
                for line in s.split_inclusive('\n') {
                    if newline {
                        let rest = line.trim_start();
                        if !(rest.is_empty() && line.ends_with('\n')) {
                            min = min.min(line[..line.len() - rest.len()].chars().count());
                            adjust.push((ti, at));
                        }
                    }
                    newline = line.ends_with('\n');
                    at += line.len();
                }
            }
        }
    }
    if min == 0 || min == usize::MAX {
        return;
    }
    // Back to front, so that the offsets of a token's earlier lines stay valid.
    for &(ti, at) in adjust.iter().rev() {
        if let Tok::Lit(s) = &mut toks[ti] {
            let cut: usize = s[at..].chars().take(min).map(char::len_utf8).sum();
            s.replace_range(at..at + cut, "");
        }
    }
}

fn template_piece(v: &Value, at: &Expression) -> R<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(format_number(*n)),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err(EvalError::new(
            "Invalid template interpolation value",
            "The expression result is null. Cannot include a null value in a string template.",
            at,
        )),
        other => Err(EvalError::new(
            "Invalid template interpolation value",
            format!(
                "Cannot include a {} value in a string template; use jsonencode() or join() to turn it into a string.",
                other.type_name()
            ),
            at,
        )),
    }
}

fn index<'v>(cur: Cow<'v, Value>, key: &Value, at: &impl Span) -> R<Cow<'v, Value>> {
    let invalid = |d: String| Err(EvalError::new("Invalid index", d, at));
    match cur.as_ref() {
        Value::List(items) => {
            let i = match to_number(key) {
                Some(n) if n.fract() == 0.0 => n,
                _ => return invalid(format!("A list index must be a whole number, not {}.", key.type_name())),
            };
            if i < 0.0 || i as usize >= items.len() {
                return invalid(format!(
                    "The given key does not identify an element in this collection value: the index {} is out of range for a list of {} element(s).",
                    format_number(i),
                    items.len()
                ));
            }
            Ok(match cur {
                Cow::Borrowed(Value::List(items)) => Cow::Borrowed(&items[i as usize]),
                Cow::Owned(Value::List(mut items)) => Cow::Owned(items.swap_remove(i as usize)),
                _ => unreachable!("matched a list"),
            })
        }
        Value::Map(m) => {
            let k = match key {
                Value::String(s) => s.clone(),
                Value::Number(n) => format_number(*n),
                _ => return invalid(format!("A map key must be a string, not {}.", key.type_name())),
            };
            if !m.contains_key(&k) {
                return invalid(format!("The given key does not identify an element in this collection value: no key \"{k}\"."));
            }
            Ok(match cur {
                Cow::Borrowed(Value::Map(m)) => Cow::Borrowed(&m[&k]),
                Cow::Owned(Value::Map(mut m)) => Cow::Owned(m.remove(&k).expect("checked")),
                _ => unreachable!("matched a map"),
            })
        }
        Value::Set(_) => invalid(
            "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.".into(),
        ),
        Value::Null => invalid("Cannot index a null value.".into()),
        other => invalid(format!("This value does not have any indices ({}).", other.type_name())),
    }
}

fn unknown_root_summary(name: &str) -> String {
    match name {
        "var" => "Reference to undeclared input variable".into(),
        "local" => "Reference to undeclared local value".into(),
        "count" => "Reference to \"count\" in non-counted context".into(),
        "each" => "Reference to \"each\" in context without for_each".into(),
        _ => "Reference to undeclared resource".into(),
    }
}

fn unknown_root_detail(name: &str) -> String {
    match name {
        "count" => "The \"count\" object can only be used in resource blocks that set count.".into(),
        "each" => "The \"each\" object can only be used in resource blocks that set for_each.".into(),
        _ => format!("There is no variable or resource type named \"{name}\" in this configuration."),
    }
}

fn missing_attr_message(root: Option<&str>, depth: usize, name: &str, keys: &[&str]) -> (String, String) {
    let hint = crate::config::did_you_mean(name, keys.iter().copied()).map(|s| format!(" Did you mean \"{s}\"?")).unwrap_or_default();
    match (root, depth) {
        (Some("var"), 0) => (
            "Reference to undeclared input variable".into(),
            format!("An input variable with the name \"{name}\" has not been declared.{hint}"),
        ),
        (Some("local"), 0) => {
            ("Reference to undeclared local value".into(), format!("A local value with the name \"{name}\" has not been declared.{hint}"))
        }
        (Some("module"), 0) => (
            "Reference to undeclared module".into(),
            format!("No module call named \"{name}\" is declared in this module, or its instances could not be expanded.{hint}"),
        ),
        (Some(r), 0) if !matches!(r, "count" | "each" | "path" | "dr" | "self" | "terraform" | "data") => (
            "Reference to undeclared resource".into(),
            format!("A managed resource \"{r}\" \"{name}\" has not been declared in the root module.{hint}"),
        ),
        _ => ("Unsupported attribute".into(), format!("This object does not have an attribute named \"{name}\".{hint}")),
    }
}

fn type_err(want: &str, got: &Value, at: &impl Span) -> EvalError {
    EvalError::new("Invalid value type", format!("A {want} value is required here, not {}.", got.type_name()), at)
}

fn num_operand(v: &Value, at: &Expression) -> R<Option<f64>> {
    match v {
        Value::Unknown => Ok(None),
        Value::Null => {
            Err(EvalError::new("Invalid operand", "Unsuitable value for an arithmetic operand: a number is required, not null.", at))
        }
        v => to_number(v).map(Some).ok_or_else(|| {
            EvalError::new(
                "Invalid operand",
                format!("Unsuitable value for an arithmetic operand: a number is required, not {}.", v.type_name()),
                at,
            )
        }),
    }
}

fn bool_operand(v: &Value, at: &Expression) -> R<Option<bool>> {
    match v {
        Value::Unknown => Ok(None),
        v => to_bool(v).map(Some).ok_or_else(|| {
            EvalError::new(
                "Invalid operand",
                format!("Unsuitable value for a logical operand: a bool is required, not {}.", v.type_name()),
                at,
            )
        }),
    }
}

/// Terraform's automatic string → number conversion.
pub fn to_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Terraform's automatic string → bool conversion.
pub fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// Equality as `==` sees it: lists equal sets with the same elements are not equal (types differ).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => x.len() == y.len() && x.iter().zip(y).all(|((kp, p), (kq, q))| kp == kq && values_equal(p, q)),
        _ => compare(a, b) == std::cmp::Ordering::Equal && std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A reference found in an expression, for building the dependency graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    /// The root name and the attribute names that follow it (`["var", "x"]`,
    /// `["azure_subnet", "app"]`, `["data", "t", "n"]`).
    pub parts: Vec<String>,
    pub span: Option<Range<usize>>,
}

/// Every reference to a root name in `e`, skipping names bound by `for`.
pub fn references(e: &Expression) -> Vec<Reference> {
    references_and_calls(e).refs
}

/// What an expression refers to, and the functions it calls (name and span).
#[derive(Default)]
pub struct Found {
    pub refs: Vec<Reference>,
    pub calls: Vec<(String, Option<Range<usize>>)>,
}

pub fn references_and_calls(e: &Expression) -> Found {
    let mut out = Found::default();
    collect_refs(e, &mut vec![], &mut out);
    out
}

/// Whether `name` is a function hadr knows (for checks before evaluation).
pub fn is_function(name: &str) -> bool {
    functions::names().contains(&name) || matches!(name, "try" | "can" | "templatefile" | "sensitive" | "nonsensitive")
}

fn collect_refs(e: &Expression, bound: &mut Vec<String>, out: &mut Found) {
    match e {
        Expression::Variable(v) => {
            if !bound.iter().any(|b| b == v.as_str()) {
                out.refs.push(Reference { parts: vec![v.as_str().to_string()], span: v.span() });
            }
        }
        Expression::Traversal(t) => {
            if let Expression::Variable(v) = &t.expr {
                if !bound.iter().any(|b| b == v.as_str()) {
                    let mut parts = vec![v.as_str().to_string()];
                    for op in &t.operators {
                        match op.value() {
                            TraversalOperator::GetAttr(a) => parts.push(a.as_str().to_string()),
                            _ => break,
                        }
                    }
                    out.refs.push(Reference { parts, span: t.span() });
                }
            } else {
                collect_refs(&t.expr, bound, out);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(ie) = op.value() {
                    collect_refs(ie, bound, out);
                }
            }
        }
        Expression::Array(a) => a.iter().for_each(|x| collect_refs(x, bound, out)),
        Expression::Object(o) => {
            for (k, v) in o.iter() {
                if let ObjectKey::Expression(ke) = k
                    && !matches!(ke, Expression::Variable(_))
                {
                    collect_refs(ke, bound, out);
                }
                collect_refs(v.expr(), bound, out);
            }
        }
        Expression::StringTemplate(t) => template_refs(t, bound, out),
        Expression::HeredocTemplate(h) => template_refs(&h.template, bound, out),
        Expression::Parenthesis(p) => collect_refs(p.inner(), bound, out),
        Expression::Conditional(c) => {
            collect_refs(&c.cond_expr, bound, out);
            collect_refs(&c.true_expr, bound, out);
            collect_refs(&c.false_expr, bound, out);
        }
        Expression::FuncCall(f) => {
            out.calls.push((f.name.name.as_str().to_string(), f.name.name.span()));
            f.args.iter().for_each(|a| collect_refs(a, bound, out))
        }
        Expression::UnaryOp(u) => collect_refs(&u.expr, bound, out),
        Expression::BinaryOp(b) => {
            collect_refs(&b.lhs_expr, bound, out);
            collect_refs(&b.rhs_expr, bound, out);
        }
        Expression::ForExpr(f) => {
            collect_refs(&f.intro.collection_expr, bound, out);
            let n = bound.len();
            if let Some(k) = &f.intro.key_var {
                bound.push(k.as_str().to_string());
            }
            bound.push(f.intro.value_var.as_str().to_string());
            if let Some(k) = &f.key_expr {
                collect_refs(k, bound, out);
            }
            collect_refs(&f.value_expr, bound, out);
            if let Some(c) = &f.cond {
                collect_refs(&c.expr, bound, out);
            }
            bound.truncate(n);
        }
        Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => {}
    }
}

fn template_refs(t: &Template, bound: &mut Vec<String>, out: &mut Found) {
    for el in t.iter() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => collect_refs(&i.expr, bound, out),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(i) => {
                    collect_refs(&i.if_expr.cond_expr, bound, out);
                    template_refs(&i.if_expr.template, bound, out);
                    if let Some(e) = &i.else_expr {
                        template_refs(&e.template, bound, out);
                    }
                }
                Directive::For(f) => {
                    collect_refs(&f.for_expr.collection_expr, bound, out);
                    let n = bound.len();
                    if let Some(k) = &f.for_expr.key_var {
                        bound.push(k.as_str().to_string());
                    }
                    bound.push(f.for_expr.value_var.as_str().to_string());
                    template_refs(&f.for_expr.template, bound, out);
                    bound.truncate(n);
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval_with(src: &str, roots: &BTreeMap<String, Value>) -> R<Value> {
        let e = hcl::edit::parser::parse_expr(src).expect("parses");
        let env = FnEnv::default();
        Evaluator::new(roots, &env).eval(&e)
    }

    fn eval(src: &str) -> Value {
        eval_with(src, &BTreeMap::new()).expect("evaluates")
    }

    fn roots() -> BTreeMap<String, Value> {
        let mut var = BTreeMap::new();
        var.insert("n".to_string(), Value::Number(3.0));
        var.insert("pw".to_string(), Value::string("hunter2").mark());
        var.insert("regions".to_string(), Value::List(vec![Value::string("eastus"), Value::string("westus")]));
        let mut td = BTreeMap::new();
        let mut a = BTreeMap::new();
        a.insert("id".to_string(), Value::Unknown);
        a.insert("output".to_string(), Value::string("x"));
        td.insert("a".to_string(), Value::Map(a));
        let mut r = BTreeMap::new();
        r.insert("var".to_string(), Value::Map(var));
        r.insert("terraform_data".to_string(), Value::Map(td));
        r
    }

    #[test]
    fn arithmetic_and_conversion() {
        assert_eq!(eval("1 + 2 * 3"), Value::Number(7.0));
        assert_eq!(eval("\"5\" + 1"), Value::Number(6.0));
        assert_eq!(eval("7 % 3 == 1 && !false"), Value::Bool(true));
    }

    #[test]
    fn templates_and_directives() {
        assert_eq!(eval("\"a${1 + 1}b\""), Value::string("a2b"));
        assert_eq!(eval("\"%{ for x in [1, 2] }${x},%{ endfor }\""), Value::string("1,2,"));
        assert_eq!(eval("\"%{ if true }yes%{ else }no%{ endif }\""), Value::string("yes"));
        assert_eq!(eval("\"${[1]}\""), Value::List(vec![Value::Number(1.0)]));
    }

    /// Each case recorded from Terraform 1.11 (`terraform output -json`).
    #[test]
    fn strip_markers_trim_one_token_and_indented_heredocs_dedent_after() {
        let cases = [
            ("<<EOT\na\n%{ if true ~}\n   b\n%{ endif ~}\n   c\nEOT", "a\n   b\n   c\n"),
            ("<<EOT\na\n   %{~ if true ~}   \n   b  \n   %{~ endif }\n   c\nEOT", "a\n   b  \n\n   c\n"),
            (
                "<<-EOT\n      a\n    %{~ if true ~}\n      b\n    %{ endif ~}\n      c ${\"x\"} d\n    EOT",
                "      a\n      b\n          c x d\n",
            ),
            (
                "<<-EOT\n    x\n      %{~ for s in [\"p\", \"q\"] }\n      ${s}\n      %{~ endfor ~}\n    y\n  EOT",
                "    x\n\n      p\n\n      q\n    y\n",
            ),
            ("<<-EOT\n        x ${\"i\"}\n      ${\"j\"} y\n    EOT", "  x i\nj y\n"),
            // A blank line keeps its spaces. (One of exactly the indentation hadr cannot tell from an empty line.)
            ("<<-EOT\n    a\n      \n    b\n    EOT", "a\n      \nb\n"),
            ("<<-EOT\n    %{ for x in [\"p\", \"q\"] }\n    - ${x}\n    %{ endfor }\n    EOT", "\n- p\n\n- q\n\n"),
            (
                "<<-EOT\n    %{~ for s in [\"alpha\", \"beta\"] ~}\n    server ${s}\n    %{~ endfor ~}\n  EOT",
                "    server alpha\n    server beta\n",
            ),
            ("<<-EOT\n    a\n      b\n    EOT", "a\n  b\n"),
            ("\"${\"x  \"} ${~\"y\"}\"", "x  y"),
            ("\"%{ for x in [\"a\", \"b\"] ~}  ${x}  %{~ endfor ~} !\"", "ab!"),
            ("\"a \\n  %{~ if true ~}  \\n  b  %{~ endif ~}  \\n c\"", "abc"),
            // Escapes inside directive bodies of a quoted string.
            ("\"%{ if true }\\\"a\\\"\\n\\u00e9\\\\n$${x}%{ endif }\"", "\"a\"\né\\n${x}"),
        ];
        for (src, want) in cases {
            assert_eq!(eval(src), Value::string(want), "{src}");
        }
        // A template file cuts its literals at line ends, as a heredoc does.
        let tpl = hcl::edit::parser::parse_template("x  ${\"y\"}  \n  %{~ if true ~}  \n  z\n%{ endif }\n").unwrap();
        let (empty, env) = (BTreeMap::new(), FnEnv::default());
        let v = Evaluator::new(&empty, &env).template_string(&tpl, TemplateForm::File).unwrap();
        assert_eq!(v, Value::string("x  y  \n  z\n\n"));
    }

    #[test]
    fn for_expressions() {
        assert_eq!(
            eval("{ for i, r in [\"e\", \"w\"] : r => i if i > 0 }"),
            Value::Map([("w".to_string(), Value::Number(1.0))].into_iter().collect())
        );
        assert_eq!(eval("[for x in [1, 2, 3] : x * 2]").to_json(), serde_json::json!([2, 4, 6]));
    }

    #[test]
    fn unknowns_propagate_and_marks_stick() {
        let r = roots();
        assert_eq!(eval_with("\"id-${terraform_data.a.id}\"", &r).unwrap(), Value::Unknown);
        assert_eq!(eval_with("terraform_data.a.output", &r).unwrap(), Value::string("x"));
        let v = eval_with("\"p:${var.pw}\"", &r).unwrap();
        assert!(v.is_sensitive());
        assert_eq!(eval_with("var.regions[*]", &r).unwrap().to_json(), serde_json::json!(["eastus", "westus"]));
    }

    #[test]
    fn errors_point_at_the_faulty_part() {
        let r = roots();
        let e = eval_with("var.nn + 1", &r).unwrap_err();
        assert_eq!(e.summary, "Reference to undeclared input variable");
        assert!(e.detail.contains("Did you mean \"n\"?"), "{}", e.detail);
        assert_eq!(e.span, Some(0..6));
        let e = eval_with("terraform_data.b.id", &r).unwrap_err();
        assert_eq!(e.summary, "Reference to undeclared resource");
    }

    #[test]
    fn conditional_results_are_unified() {
        let j = |src: &str| eval(src).to_json();
        assert_eq!(eval("true ? 5 : \"x\""), Value::string("5"));
        assert_eq!(eval("false ? 5 : \"x\""), Value::string("x"));
        assert_eq!(eval("true ? 1 : 2.5"), Value::Number(1.0));
        assert_eq!(eval("true ? true : \"no\""), Value::string("true"));
        assert_eq!(j("true ? { a = 1 } : { b = \"x\" }"), serde_json::json!({"a": "1"}));
        assert_eq!(j("true ? { a = 1 } : { a = \"x\" }"), serde_json::json!({"a": "1"}));
        assert_eq!(j("true ? [1] : [\"a\", \"b\"]"), serde_json::json!(["1"]));
        assert_eq!(j("true ? [] : [\"a\"]"), serde_json::json!([]));
        assert_eq!(j("true ? { x = [1] } : { x = null }"), serde_json::json!({"x": [1]}));
        // null, unknown or a failing other branch: no conversion.
        assert_eq!(eval("true ? 5 : null"), Value::Number(5.0));
        assert_eq!(eval("true ? 5 : [][3]"), Value::Number(5.0));
        let r = roots();
        assert_eq!(eval_with("true ? 5 : terraform_data.a.id", &r).unwrap(), Value::Number(5.0));
        assert_eq!(eval_with("terraform_data.a.id == \"\" ? null : null", &r).unwrap(), Value::Null);
        // Marks survive the conversion.
        assert_eq!(eval_with("true ? var.n : \"x\"", &r).unwrap(), Value::string("3"));
        assert!(eval_with("true ? var.pw : 1", &r).unwrap().is_sensitive());
    }

    #[test]
    fn conditional_results_that_do_not_unify_are_an_error() {
        let src = "true ? { a = 1 } : { b = [1] }";
        let e = eval_with(src, &BTreeMap::new()).unwrap_err();
        assert_eq!(e.summary, "Inconsistent conditional result types");
        assert_eq!(
            e.detail,
            "The true and false result expressions must have consistent types. The 'true' value includes object attribute \"a\", which is absent in the 'false' value."
        );
        assert_eq!(e.span, Some(7..src.len()));
        let detail = |src: &str| eval_with(src, &BTreeMap::new()).unwrap_err().detail;
        assert!(detail("true ? 1 : false").ends_with("The 'true' value is number, but the 'false' value is bool."));
        assert!(detail("true ? [1] : [[1], 2]").ends_with("The 'true' tuple has length 1, but the 'false' tuple has length 2."));
        assert!(
            detail("true ? { a = 1 } : { a = [2] }")
                .ends_with("Type mismatch for object attribute \"a\": The 'true' value is number, but the 'false' value is tuple.")
        );
        // Even when the condition is unknown.
        let e = eval_with("terraform_data.a.id == \"\" ? 1 : [1]", &roots()).unwrap_err();
        assert_eq!(e.summary, "Inconsistent conditional result types");
    }

    #[test]
    fn references_skip_for_bindings() {
        let e = hcl::edit::parser::parse_expr("[for x in var.list : x.name if local.on]").unwrap();
        let refs: Vec<_> = references(&e).into_iter().map(|r| r.parts.join(".")).collect();
        assert_eq!(refs, vec!["var.list", "local.on"]);
    }
}
