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
    let mut value = tokens.split_off(start);
    loop {
        // Terraform's next run would see the value without the comments and
        // newlines the previous unwrapping left around it.
        let trivia = |t: &Token| matches!(t.kind, Kind::Comment | Kind::Newline);
        let lo = value.iter().position(|t| !trivia(t)).unwrap_or(value.len());
        let hi = value.iter().rposition(|t| !trivia(t)).map_or(lo, |i| i + 1);
        let Some(inner) = unwrap_once(&value[lo..hi]) else {
            break;
        };
        let after = value.split_off(hi);
        value.truncate(lo);
        value.extend(inner);
        value.extend(after);
    }
    tokens.extend(value);
}

/// The tokens of `"${expr}"` without the wrapping, or None when it does not apply.
fn unwrap_once<'a>(value: &[Token<'a>]) -> Option<Vec<Token<'a>>> {
    let n = value.len();
    if n < 5
        || value[0].kind != Kind::OQuote
        || value[1].kind != Kind::TemplateInterp
        || value[n - 2].kind != Kind::TemplateSeqEnd
        || value[n - 1].kind != Kind::CQuote
    {
        return None;
    }
    let inside = &value[2..n - 2];
    let mut quotes = 0i32;
    for t in inside {
        match t.kind {
            Kind::OQuote => quotes += 1,
            Kind::CQuote => quotes -= 1,
            _ if quotes > 0 => {}
            Kind::TemplateInterp | Kind::TemplateSeqEnd | Kind::QuotedLit => return None,
            _ => {}
        }
    }
    let first = inside.iter().position(|t| t.kind != Kind::Newline);
    let last = inside.iter().rposition(|t| t.kind != Kind::Newline);
    let (Some(first), Some(last)) = (first, last) else {
        return None;
    };
    let mut trimmed: Vec<Token> = inside[first..=last].to_vec();
    // Terraform wraps a value that spans lines (it looks for newline tokens
    // only). A line comment outside any bracket with more of the value after it
    // spans lines too: Terraform writes `x = # comment`, newline, value, which
    // does not parse; in parentheses it does.
    let mut depth = 0;
    let mut comment_breaks = false;
    for (i, t) in trimmed.iter().enumerate() {
        depth += t.bracket_change();
        if depth == 0 && t.kind == Kind::Comment && t.ends_line() && trimmed[i + 1..].iter().any(|t| t.kind != Kind::Comment) {
            comment_breaks = true;
        }
    }
    let multi_line = comment_breaks || trimmed.iter().any(|t| t.kind == Kind::Newline);
    let parenthesised = trimmed[0].kind == Kind::OParen && trimmed[trimmed.len() - 1].kind == Kind::CParen;
    if multi_line && !parenthesised {
        trimmed.insert(0, Token::new(Kind::OParen, "("));
        trimmed.push(Token::new(Kind::CParen, ")"));
    }
    Some(trimmed)
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
