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
