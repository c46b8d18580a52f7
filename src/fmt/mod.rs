//! `hadr fmt`: rewrites `*.tf` and `*.tfvars` files in Terraform's canonical
//! layout, byte for byte what `terraform fmt` writes.
//!
//! The file is parsed with `hcl::edit` (no parser of our own); [`walk`] turns
//! the tree into HCL's token stream, reading every byte between two tokens
//! (whitespace, comments) from the source; [`rewrite`] makes Terraform's few
//! non-layout changes; [`layout`] recomputes the spaces before each token with
//! Terraform's rules (indentation, spacing, `=` and comment alignment). Only
//! horizontal space changes, so line breaks, blank lines and comments stay
//! where they were. [`cmd`] is the command: files, `--check`, `--diff`.

mod cmd;
mod layout;
mod rewrite;
mod tokens;
mod walk;

pub use cmd::{Options, run};

use std::fmt;

/// Why a source could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not valid HCL: the parser's message and where (byte offset, 1-based line and column).
    Syntax { message: String, offset: usize, line: usize, column: usize },
    /// The formatter could not handle this input (a bug in hadr); nothing is written.
    Internal(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax { message, line, column, .. } => write!(f, "{line}:{column}: {message}"),
            FormatError::Internal(m) => write!(f, "internal formatter error: {m}"),
        }
    }
}

/// Parses `src` with `hcl::edit`, turning a panic of the parser into an error
/// (hadr must not crash on any input, whatever its dependencies do).
pub fn parse_body(src: &str) -> Result<hcl::edit::structure::Body, FormatError> {
    match std::panic::catch_unwind(|| hcl::edit::parser::parse_body(src)) {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(e)) => {
            let loc = e.location();
            Err(FormatError::Syntax { message: e.message().to_string(), offset: loc.offset(), line: loc.line(), column: loc.column() })
        }
        Err(_) => Err(FormatError::Syntax { message: "the HCL parser failed on this input".into(), offset: 0, line: 1, column: 1 }),
    }
}

/// Formats one file's text as `terraform fmt` does.
pub fn format_source(src: &str) -> Result<String, FormatError> {
    let body = parse_body(src)?;
    let mut walker = walk::Walker::new(src);
    let trailing = walker.file(&body).map_err(FormatError::Internal)?;
    let mut tokens = walker.tokens;
    // The file ends with a newline. Terraform adds the missing one only after
    // laying out the last line (and keeps spaces after the last token), then
    // changes that line again when run a second time; adding it first gives
    // its stable result directly. Spaces after the last newline stand for a
    // blank last line, as they become on Terraform's second run.
    match tokens.last_mut() {
        Some(t) if t.kind == tokens::Kind::Comment && !t.text.starts_with("/*") && !t.text.ends_with('\n') => t.text.to_mut().push('\n'),
        Some(t) if t.ends_line() && trailing == 0 => {}
        _ => tokens.push(tokens::Token::new(tokens::Kind::Newline, "\n")),
    }
    layout::layout(&mut tokens);
    let mut out = String::with_capacity(src.len() + src.len() / 8);
    for t in &tokens {
        out.extend(std::iter::repeat_n(' ', t.spaces));
        out.push_str(&t.text);
    }
    // Safety net: what we write must still parse.
    if let Err(e) = parse_body(&out) {
        return Err(FormatError::Internal(format!("the formatted text does not parse ({e})")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::format_source;

    fn fmt(s: &str) -> String {
        format_source(s).unwrap()
    }

    #[test]
    fn aligns_and_indents() {
        assert_eq!(fmt("a=1\nbbb = 2\nc {\nd=1\n}\n"), "a   = 1\nbbb = 2\nc {\n  d = 1\n}\n");
    }

    #[test]
    fn keeps_comments() {
        let src = "# top\na = 1 # one\n/* b */ b = [ # open\n  1, // x\n]\n";
        let out = fmt(src);
        for c in ["# top", "# one", "/* b */", "# open", "// x"] {
            assert!(out.contains(c), "{c} missing from {out}");
        }
    }

    #[test]
    fn unwraps_sole_interpolation() {
        assert_eq!(fmt("a = \"${b}\"\n"), "a = b\n");
        assert_eq!(fmt("a = \"${b}c\"\n"), "a = \"${b}c\"\n");
    }

    #[test]
    fn unwraps_nested_interpolations_to_terraforms_stable_result() {
        assert_eq!(fmt("a = \"${\"${b}\"}\"\n"), "a = b\n");
        assert_eq!(fmt("a = \"${ /**/ \"${b}\" }\"\n"), "a = /**/ b\n");
    }

    #[test]
    fn a_line_comment_inside_an_unwrapped_interpolation_is_parenthesised() {
        // terraform fmt writes `a = # c` and `x` on the next line, which does not parse.
        assert_eq!(fmt("a = \"${ # c\n x }\"\n"), "a = ( # c\nx)\n");
    }

    #[test]
    fn keeps_what_terraform_would_drop() {
        // Comments between block labels (terraform fmt removes them).
        assert_eq!(fmt("resource /* a */ \"x\" /* b */ y {\n}\n"), "resource /* a */ \"x\" /* b */ \"y\" {\n}\n");
        // A keyword as an index (terraform fmt writes `a[]`).
        assert_eq!(fmt("x = a[ true ]\n"), "x = a[true]\n");
    }

    #[test]
    fn end_of_file_is_terraforms_stable_result() {
        assert_eq!(fmt(""), "\n");
        assert_eq!(fmt("   "), "\n");
        assert_eq!(fmt("a = 1   "), "a = 1\n");
        assert_eq!(fmt("a = 1\n   "), "a = 1\n\n");
        assert_eq!(fmt("a = 1 # c"), "a = 1 # c\n");
        // Not aligned with the comment above: on its own line it would not be.
        assert_eq!(fmt("a = 1 # c\nbb = 222 /* d */"), "a  = 1 # c\nbb = 222 /* d */\n");
    }

    #[test]
    fn syntax_error_has_a_location() {
        let e = format_source("a = 1\nb = = 2\n").unwrap_err();
        assert!(matches!(e, super::FormatError::Syntax { line: 2, .. }), "{e:?}");
    }
}
