//! Inputs found by fuzzing (fuzz/, target `parse_eval`), each once a crash:
//! the same pipeline as the fuzz target — configuration loading, graph,
//! evaluation of every attribute, formatting — must end in a result or a clear
//! error, never a panic.

use hadr::config::load_sources;
use hadr::diag::SourceMap;
use hadr::fmt::{FormatError, format_source};
use hadr::graph::Graph;
use hadr::lang::Value;
use hadr::lang::eval::Evaluator;
use hadr::lang::functions::FnEnv;
use hcl::edit::structure::{Body, Structure};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the fuzz target does with one input. Returns the formatter's result.
fn pipeline(data: &[u8]) -> Option<Result<String, FormatError>> {
    let text = std::str::from_utf8(data).ok()?;
    let dir = Path::new("/nonexistent/hadr-fuzz");
    let mut sources = SourceMap::default();
    match load_sources(dir, vec![("main.tf".to_string(), text.to_string())], &mut sources) {
        Ok(module) => {
            let _ = Graph::build(&module, &sources);
        }
        Err(diags) => {
            // A clear error: something to show, with a summary.
            assert!(diags.has_errors() && diags.0.iter().all(|d| !d.summary.is_empty()));
            let _ = diags.render(&sources, false);
        }
    }
    if let Ok(body) = hadr::fmt::parse_body(text) {
        let mut roots: BTreeMap<String, Value> = BTreeMap::new();
        roots.insert("var".into(), Value::Map(BTreeMap::from([("name".to_string(), Value::string("app"))])));
        let env = FnEnv { module_dir: PathBuf::from(dir), root_dir: PathBuf::from(dir) };
        let mut ev = Evaluator::new(&roots, &env);
        eval_all(&body, &mut ev);
    }
    let formatted = format_source(text);
    if let Ok(once) = &formatted {
        assert_eq!(format_source(once).as_ref(), Ok(once), "formatting is not idempotent");
    }
    assert!(!matches!(formatted, Err(FormatError::Internal(_))), "{formatted:?}");
    Some(formatted)
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

/// A lone carriage return is whitespace to hcl-edit; the formatter's reading
/// of the source stopped there ("expected `vg` at byte 0"). Fixed in
/// src/fmt/walk.rs (`trivia`).
#[test]
fn lone_carriage_return_is_whitespace() {
    assert_eq!(pipeline(b"\rvg = f").unwrap().unwrap(), "vg = f\n");
    assert_eq!(pipeline(b"a = 1\r\n\rb = 2\n").unwrap().unwrap(), "a = 1\r\nb = 2\n");
}

/// hcl-edit closes a heredoc at a delimiter followed by a non-identifier
/// character (`E*OT`: heredoc `E`, then `* OT`). The formatter put the spaces
/// after the delimiter into the closing token, which the next run did not: not
/// idempotent. Fixed in src/fmt/walk.rs (heredoc closing token).
#[test]
fn heredoc_closed_mid_line_formats_stably() {
    let input = b"locals {\n  a = <<E\nOTkeepces   \n\ttabs\tinside\nE*OT   \n  bb = 1\n}\n";
    let out = pipeline(input).unwrap().unwrap();
    assert!(out.contains("\nE * OT\n"), "{out}");
}

/// Evaluates one expression the way the fuzz target does.
fn eval(src: &str) -> Result<Value, hadr::lang::eval::EvalError> {
    let e = hcl::edit::parser::parse_expr(src).unwrap();
    let roots: BTreeMap<String, Value> = BTreeMap::new();
    let env = FnEnv { module_dir: PathBuf::from("/nonexistent"), root_dir: PathBuf::from("/nonexistent") };
    Evaluator::new(&roots, &env).eval(&e)
}

/// `format` allocated the padding of any width: `%99999999999999999999s`
/// panicked with "capacity overflow" (a large finite width aborted on the
/// allocation). Terraform's own format panics there. Fixed in
/// src/lang/functions.rs (`parse_format`): widths and precisions above ten
/// million are an error.
#[test]
fn format_with_an_absurd_width_is_an_error() {
    let input = b"locals {\n  a = format(\"%99999999999999999999s\", \"x\")\n}\n";
    pipeline(input);
    let err = eval(r#"format("%99999999999999999999s", "x")"#).unwrap_err();
    assert!(format!("{} {}", err.summary, err.detail).contains("too large"), "{err:?}");
    assert!(eval(r#"format("%.99999999999f", 1)"#).is_err());
    assert_eq!(eval(r#"format("%5s|", "x")"#).unwrap(), Value::string("    x|"));
}

/// `indent` allocated the spaces for any count: `indent(1e15, …)` aborted.
/// Fixed in src/lang/functions.rs (`f_indent`): more than ten million is an error.
#[test]
fn indent_by_an_absurd_count_is_an_error() {
    pipeline(b"a = indent(1e15, \"x\\ny\")\n");
    let err = eval(r#"indent(1e15, "x\ny")"#).unwrap_err();
    assert!(format!("{} {}", err.summary, err.detail).contains("too large"), "{err:?}");
    assert_eq!(eval(r#"indent(2, "x\ny")"#).unwrap(), Value::string("x\n  y"));
}

/// `[for` followed by CRLF: terraform fmt (and our formatter) drop the space
/// before the line break, but hcl-edit only sees a `for` expression when
/// `for` is followed by a space, tab, newline or comment, not `\r`: the
/// formatted file did not parse (the safety net refused to write it). Fixed in
/// src/fmt/walk.rs (`for_expr`): the space stays.
#[test]
fn for_expression_broken_by_crlf_stays_parsable() {
    let out = pipeline(b"value = [for \r\ns in x : s.output]\r\n").unwrap().unwrap();
    assert_eq!(out, "value = [for \r\ns in x : s.output]\r\n");
    let crash = b"# jsencode() sorts2 changes\n\noutput \"n\0bnets\"puou\"ttsubnet_docs\" {\n  value = [for \r\ns in terraform_data.subnet : s.output]\n}\n";
    pipeline(crash).unwrap().unwrap();
}

/// A heredoc's closing delimiter followed by spaces and a lone carriage
/// return (whitespace to hcl-edit), then more of the list: the spaces went
/// into the closing token as if the line ended there, and the next run read
/// them differently (not idempotent). Fixed in src/fmt/walk.rs: only a real
/// line ending (LF or CRLF) ends the delimiter's line.
#[test]
fn heredoc_delimiter_then_lone_carriage_return_formats_stably() {
    let input = b"locals {\ntype= <<EOT\n\tr  \n EOT\n  d\xdc\x92m= [<<EOT\nrtem\nEOT\t \r, \"r\"]\nstr = 3\n}\n";
    let out = pipeline(input).unwrap().unwrap();
    assert!(out.contains("\nEOT, \"r\"]\n"), "{out}");
}
