//! Arbitrary bytes through hadr's front end: configuration loading, graph
//! building, evaluation of every attribute, and the formatter. Errors are
//! fine; a panic (or an abort) is a bug.
#![no_main]

use hadr::config::load_sources;
use hadr::diag::SourceMap;
use hadr::fmt::FormatError;
use hadr::graph::Graph;
use hadr::lang::Value;
use hadr::lang::eval::Evaluator;
use hadr::lang::functions::FnEnv;
use hcl::edit::structure::{Body, Structure};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn roots() -> BTreeMap<String, Value> {
    let obj = |pairs: &[(&str, Value)]| Value::Map(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
    let mut r = BTreeMap::new();
    r.insert(
        "var".to_string(),
        obj(&[
            ("name", Value::string("app")),
            ("n", Value::Number(3.0)),
            ("list", Value::List(vec![Value::string("a"), Value::string("b")])),
            ("map", obj(&[("k", Value::string("v"))])),
            ("secret", Value::Sensitive(Box::new(Value::string("s")))),
            ("later", Value::Unknown),
        ]),
    );
    r.insert("local".to_string(), obj(&[("x", Value::Number(1.0)), ("on", Value::Bool(true))]));
    r.insert("count".to_string(), obj(&[("index", Value::Number(0.0))]));
    r.insert("each".to_string(), obj(&[("key", Value::string("k")), ("value", Value::Null)]));
    r
}

fn eval_all(body: &Body, ev: &mut Evaluator) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let _ = ev.eval(&a.value);
            }
            Structure::Block(b) => eval_all(&b.body, ev),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Loading and the graph.
    let dir = Path::new("/nonexistent/hadr-fuzz");
    let mut sources = SourceMap::default();
    if let Ok(module) = load_sources(dir, vec![("main.tf".to_string(), text.to_string())], &mut sources) {
        let _ = Graph::build(&module, &sources);
    }
    // Every attribute, evaluated against a few roots.
    if let Ok(body) = hadr::fmt::parse_body(text) {
        let roots = roots();
        let env = FnEnv { module_dir: PathBuf::from(dir), root_dir: PathBuf::from(dir) };
        let mut ev = Evaluator::new(&roots, &env);
        eval_all(&body, &mut ev);
    }
    // The formatter: no panic, every parsable input formats, and the result is stable.
    match hadr::fmt::format_source(text) {
        Ok(once) => {
            let twice = hadr::fmt::format_source(&once).expect("formatted output formats again");
            assert_eq!(once, twice, "formatting is not idempotent");
        }
        Err(FormatError::Internal(e)) => panic!("formatter failed on parsable input: {e}"),
        Err(FormatError::Syntax { .. }) => {}
    }
});
