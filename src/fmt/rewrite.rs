//! The rewrites `terraform fmt` makes besides layout: an attribute whose whole
//! value is one interpolation (`"${var.x}"`) loses the quotes, pre-0.12 type
//! constraints of variables become type expressions, and block labels are
//! written as quoted strings. None of them touches a comment.

use super::tokens::{Kind, Token};

/// `x = "${expr}"` becomes `x = expr` (parenthesised when it spans lines), as
/// Terraform does; anything with literal text or a second interpolation stays.
/// Repeated while it applies (`"${"${x}"}"` becomes `x`): Terraform peels one
/// level per run, and its stable result is the fully unwrapped value.
pub(crate) fn unwrap_interpolation(tokens: &mut Vec<Token>, start: usize) {
    while unwrap_once(tokens, start) {}
}

fn unwrap_once(tokens: &mut Vec<Token>, start: usize) -> bool {
    let value = &tokens[start..];
    let n = value.len();
    if n < 5
        || value[0].kind != Kind::OQuote
        || value[1].kind != Kind::TemplateInterp
        || value[n - 2].kind != Kind::TemplateSeqEnd
        || value[n - 1].kind != Kind::CQuote
    {
        return false;
    }
    let inside = &value[2..n - 2];
    let mut quotes = 0i32;
    for t in inside {
        match t.kind {
            Kind::OQuote => quotes += 1,
            Kind::CQuote => quotes -= 1,
            _ if quotes > 0 => {}
            Kind::TemplateInterp | Kind::TemplateSeqEnd | Kind::QuotedLit => return false,
            _ => {}
        }
    }
    let first = inside.iter().position(|t| t.kind != Kind::Newline);
    let last = inside.iter().rposition(|t| t.kind != Kind::Newline);
    let (Some(first), Some(last)) = (first, last) else {
        return false;
    };
    let mut trimmed: Vec<Token> = inside[first..=last].to_vec();
    let multi_line = trimmed.iter().any(|t| t.kind == Kind::Newline);
    let parenthesised = trimmed[0].kind == Kind::OParen && trimmed[trimmed.len() - 1].kind == Kind::CParen;
    if multi_line && !parenthesised {
        trimmed.insert(0, Token::new(Kind::OParen, "("));
        trimmed.push(Token::new(Kind::CParen, ")"));
    }
    tokens.truncate(start);
    tokens.extend(trimmed);
    true
}

/// `type` of a `variable`: `list`/`map`/`set` get `(any)`; the quoted pre-0.12
/// forms `"string"`, `"list"` and `"map"` become `string`, `list(string)`, `map(string)`.
pub(crate) fn type_expr(tokens: &mut Vec<Token>, start: usize) {
    let value = &tokens[start..];
    let (keyword, element) = match value {
        [t] if t.kind == Kind::Ident && matches!(&*t.text, "list" | "map" | "set") => (t.text.to_string(), Some("any")),
        [o, lit, c] if o.kind == Kind::OQuote && lit.kind == Kind::QuotedLit && c.kind == Kind::CQuote => match &*lit.text {
            "string" => ("string".to_string(), None),
            "list" | "map" => (lit.text.to_string(), Some("string")),
            _ => return,
        },
        _ => return,
    };
    tokens.truncate(start);
    tokens.push(Token::new(Kind::Ident, keyword));
    if let Some(element) = element {
        tokens.push(Token::new(Kind::OParen, "("));
        tokens.push(Token::new(Kind::Ident, element));
        tokens.push(Token::new(Kind::CParen, ")"));
    }
}

/// A block label as Terraform writes it: a quoted string of the label's value.
pub(crate) fn push_label(tokens: &mut Vec<Token>, value: &str, spaces: usize) {
    tokens.push(Token { kind: Kind::OQuote, text: "\"".into(), spaces });
    if !value.is_empty() {
        tokens.push(Token::new(Kind::QuotedLit, escape(value)));
    }
    tokens.push(Token::new(Kind::CQuote, "\""));
}

/// Escapes a string for a quoted literal the way hclwrite does.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if c.is_control() => {
                let n = c as u32;
                if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}
