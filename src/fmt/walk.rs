//! Turns a file parsed by `hcl::edit` into the token stream of HCL's native
//! syntax, walking the syntax tree in source order.
//!
//! The tree says what comes next (an `=`, a label, an interpolation); the
//! source says exactly which bytes it is. Whitespace and comments between two
//! tokens (what `hcl::edit` keeps as the decor of the nodes) are read from the
//! source as they come, so every byte of the file ends up in exactly one token
//! or in the spaces before one: a comment can never be dropped or moved. When
//! the tree and the source disagree the walk stops with an error instead of
//! guessing.

use super::rewrite;
use super::tokens::{Kind, Token};
use hcl::edit::Span;
use hcl::edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, ObjectValueAssignment, ObjectValueTerminator, TraversalOperator, UnaryOperator,
};
use hcl::edit::structure::{Block, BlockLabel, Body, Structure};
use hcl::edit::template::{Directive, Element, Template};

pub(crate) struct Walker<'a> {
    src: &'a str,
    pos: usize,
    /// Whitespace bytes since the last token.
    pending: usize,
    pub tokens: Vec<Token<'a>>,
    /// Block types enclosing the body being walked (Terraform normalises
    /// `type` only directly inside `variable`).
    blocks: Vec<String>,
}

type W = Result<(), String>;

impl<'a> Walker<'a> {
    pub fn new(src: &'a str) -> Walker<'a> {
        Walker { src, pos: 0, pending: 0, tokens: Vec::with_capacity(src.len() / 3), blocks: vec![] }
    }

    /// Walks a whole file; returns the whitespace left after the last token
    /// (Terraform keeps it as spaces).
    pub fn file(&mut self, body: &Body) -> Result<usize, String> {
        self.body(body)?;
        self.trivia()?;
        if self.pos != self.src.len() {
            return Err(self.mismatch("end of file"));
        }
        Ok(self.pending)
    }

    fn mismatch(&self, what: &str) -> String {
        let rest: String = self.src[self.pos..].chars().take(20).collect();
        format!("expected {what} at byte {} but found {rest:?}", self.pos)
    }

    fn push(&mut self, kind: Kind, end: usize) {
        let text = &self.src[self.pos..end];
        self.tokens.push(Token { kind, text: text.into(), spaces: self.pending });
        self.pending = 0;
        self.pos = end;
    }

    /// Reads whitespace, newlines and comments up to the next token.
    fn trivia(&mut self) -> W {
        let b = self.src.as_bytes();
        loop {
            match (b.get(self.pos), b.get(self.pos + 1)) {
                (Some(b'\n'), _) => self.push(Kind::Newline, self.pos + 1),
                (Some(b'\r'), Some(b'\n')) => self.push(Kind::Newline, self.pos + 2),
                // A lone carriage return is whitespace to the parser.
                (Some(b' ' | b'\t' | b'\r'), _) => {
                    self.pos += 1;
                    self.pending += 1;
                }
                (Some(b'#'), _) | (Some(b'/'), Some(b'/')) => {
                    let end = self.src[self.pos..].find('\n').map(|i| self.pos + i + 1).unwrap_or(self.src.len());
                    self.push(Kind::Comment, end);
                }
                (Some(b'/'), Some(b'*')) => {
                    let end = self.src[self.pos + 2..].find("*/").map(|i| self.pos + 2 + i + 2).ok_or("unterminated comment")?;
                    self.push(Kind::Comment, end);
                }
                _ => return Ok(()),
            }
        }
    }

    /// The next token, after any trivia, must be `text`.
    fn tok(&mut self, kind: Kind, text: &str) -> W {
        self.trivia()?;
        self.exact(kind, text)
    }

    /// `text` right here, with nothing before it (inside templates).
    fn exact(&mut self, kind: Kind, text: &str) -> W {
        if !self.src[self.pos..].starts_with(text) {
            return Err(self.mismatch(&format!("{text:?}")));
        }
        self.push(kind, self.pos + text.len());
        Ok(())
    }

    /// A node of the tree must start right here.
    fn at_start(&self, span: Option<std::ops::Range<usize>>) -> Result<std::ops::Range<usize>, String> {
        match span {
            Some(s) if s.start == self.pos => Ok(s),
            _ => Err(self.mismatch(&format!("a node spanning {span:?}"))),
        }
    }

    /// The source from here to `end` (a span end from the tree) as one token.
    fn up_to(&mut self, kind: Kind, end: Option<usize>) -> W {
        match end {
            Some(end) if end > self.pos && end <= self.src.len() && self.src.is_char_boundary(end) => {
                self.push(kind, end);
                Ok(())
            }
            _ => Err(self.mismatch(&format!("{kind:?} ending at {end:?}"))),
        }
    }

    fn body(&mut self, body: &Body) -> W {
        for s in body.iter() {
            match s {
                Structure::Attribute(attr) => {
                    self.tok(Kind::Ident, attr.key.as_str())?;
                    self.tok(Kind::Equal, "=")?;
                    self.trivia()?;
                    let start = self.tokens.len();
                    self.expr(&attr.value)?;
                    let in_variable = self.blocks.len() == 1 && self.blocks[0] == "variable";
                    if in_variable && attr.key.as_str() == "type" {
                        rewrite::type_expr(&mut self.tokens, start);
                    } else {
                        rewrite::unwrap_interpolation(&mut self.tokens, start);
                    }
                }
                Structure::Block(block) => self.block(block)?,
            }
        }
        Ok(())
    }

    fn block(&mut self, block: &Block) -> W {
        self.tok(Kind::Ident, block.ident.as_str())?;
        for label in &block.labels {
            self.trivia()?;
            let end = match label {
                BlockLabel::String(s) => Some(self.at_start(s.span())?.end),
                BlockLabel::Ident(i) => Some(self.pos + i.as_str().len()),
            };
            let raw_ok = match label {
                BlockLabel::String(_) => self.src[self.pos..].starts_with('"'),
                BlockLabel::Ident(i) => self.src[self.pos..].starts_with(i.as_str()),
            };
            match end {
                Some(end) if raw_ok && end > self.pos && end <= self.src.len() => {
                    // Terraform writes every label as a quoted string from its value.
                    let spaces = self.pending;
                    self.pending = 0;
                    self.pos = end;
                    rewrite::push_label(&mut self.tokens, label.as_str(), spaces);
                }
                _ => return Err(self.mismatch("a block label")),
            }
        }
        self.tok(Kind::OBrace, "{")?;
        self.blocks.push(block.ident.as_str().to_string());
        self.body(&block.body)?;
        self.blocks.pop();
        self.tok(Kind::CBrace, "}")
    }

    fn expr(&mut self, e: &Expression) -> W {
        match e {
            Expression::Null(_) => self.tok(Kind::Ident, "null"),
            Expression::Bool(b) => self.tok(Kind::Ident, if *b.value() { "true" } else { "false" }),
            Expression::Number(n) => {
                self.trivia()?;
                self.at_start(n.span())?;
                if self.src[self.pos..].starts_with('-') {
                    self.exact(Kind::Minus, "-")?;
                    self.trivia()?;
                }
                self.up_to(Kind::NumberLit, n.span().map(|s| s.end))
            }
            Expression::String(s) => {
                self.trivia()?;
                self.at_start(s.span())?;
                self.tok(Kind::OQuote, "\"")?;
                let end = s.span().map(|r| r.end.saturating_sub(1));
                if end != Some(self.pos) {
                    self.up_to(Kind::QuotedLit, end)?;
                }
                self.exact(Kind::CQuote, "\"")
            }
            Expression::StringTemplate(t) => {
                self.tok(Kind::OQuote, "\"")?;
                self.template(t, Kind::QuotedLit)?;
                self.exact(Kind::CQuote, "\"")
            }
            Expression::HeredocTemplate(h) => {
                self.trivia()?;
                self.at_start(h.span())?;
                if !self.src[self.pos..].starts_with("<<") {
                    return Err(self.mismatch("a heredoc"));
                }
                let open_end = self.src[self.pos..].find('\n').map(|i| self.pos + i + 1);
                self.up_to(Kind::OHeredoc, open_end)?;
                self.template(&h.template, Kind::StringLit)?;
                // The closing delimiter's token runs to the end of its line, spaces
                // included, as HCL's lexer has it (when nothing else follows on the line).
                let end = h.span().map(|s| {
                    let rest = &self.src[s.end.min(self.src.len())..];
                    let spaces = rest.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
                    let after = &rest[spaces..];
                    let line_ends = after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n");
                    s.end + if line_ends { spaces } else { 0 }
                });
                self.up_to(Kind::CHeredoc, end)?;
                let close = self.tokens.last().map(|t| t.text.trim()).unwrap_or_default();
                if close != h.delimiter.as_str() {
                    return Err(format!("heredoc closed by {close:?}, not {:?}", h.delimiter.as_str()));
                }
                Ok(())
            }
            Expression::Array(a) => {
                self.tok(Kind::OBrack, "[")?;
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        self.tok(Kind::Comma, ",")?;
                    }
                    self.expr(v)?;
                }
                if a.trailing_comma() && !a.is_empty() {
                    self.tok(Kind::Comma, ",")?;
                }
                self.tok(Kind::CBrack, "]")
            }
            Expression::Object(o) => {
                self.tok(Kind::OBrace, "{")?;
                for (key, value) in o.iter() {
                    match key {
                        ObjectKey::Ident(i) => self.tok(Kind::Ident, i.as_str())?,
                        ObjectKey::Expression(e) => self.expr(e)?,
                    }
                    match value.assignment() {
                        ObjectValueAssignment::Equals => self.tok(Kind::Equal, "=")?,
                        ObjectValueAssignment::Colon => self.tok(Kind::Colon, ":")?,
                    }
                    self.expr(value.expr())?;
                    // A newline terminator is trivia, read with whatever follows.
                    if value.terminator() == ObjectValueTerminator::Comma {
                        self.tok(Kind::Comma, ",")?;
                    }
                }
                self.tok(Kind::CBrace, "}")
            }
            Expression::Parenthesis(p) => {
                self.tok(Kind::OParen, "(")?;
                self.expr(p.inner())?;
                self.tok(Kind::CParen, ")")
            }
            Expression::Variable(v) => self.tok(Kind::Ident, v.as_str()),
            Expression::Conditional(c) => {
                self.expr(&c.cond_expr)?;
                self.tok(Kind::Question, "?")?;
                self.expr(&c.true_expr)?;
                self.tok(Kind::Colon, ":")?;
                self.expr(&c.false_expr)
            }
            Expression::FuncCall(f) => {
                for ns in &f.name.namespace {
                    self.tok(Kind::Ident, ns.as_str())?;
                    self.tok(Kind::DoubleColon, "::")?;
                }
                self.tok(Kind::Ident, f.name.name.as_str())?;
                self.tok(Kind::OParen, "(")?;
                for (i, arg) in f.args.iter().enumerate() {
                    if i > 0 {
                        self.tok(Kind::Comma, ",")?;
                    }
                    self.expr(arg)?;
                }
                if !f.args.is_empty() {
                    if f.args.expand_final() {
                        self.tok(Kind::Ellipsis, "...")?;
                    } else if f.args.trailing_comma() {
                        self.tok(Kind::Comma, ",")?;
                    }
                }
                self.tok(Kind::CParen, ")")
            }
            Expression::Traversal(t) => {
                self.expr(&t.expr)?;
                for op in &t.operators {
                    match op.value() {
                        TraversalOperator::AttrSplat(_) => {
                            self.tok(Kind::Dot, ".")?;
                            self.tok(Kind::Star, "*")?;
                        }
                        TraversalOperator::FullSplat(_) => {
                            self.tok(Kind::OBrack, "[")?;
                            self.tok(Kind::Star, "*")?;
                            self.tok(Kind::CBrack, "]")?;
                        }
                        TraversalOperator::GetAttr(i) => {
                            self.tok(Kind::Dot, ".")?;
                            self.tok(Kind::Ident, i.as_str())?;
                        }
                        TraversalOperator::Index(e) => {
                            self.tok(Kind::OBrack, "[")?;
                            self.expr(e)?;
                            self.tok(Kind::CBrack, "]")?;
                        }
                        TraversalOperator::LegacyIndex(_) => {
                            self.tok(Kind::Dot, ".")?;
                            self.trivia()?;
                            let digits = self.src[self.pos..].bytes().take_while(u8::is_ascii_digit).count();
                            self.up_to(Kind::NumberLit, Some(self.pos + digits))?;
                        }
                    }
                }
                Ok(())
            }
            Expression::UnaryOp(u) => {
                match u.operator.value() {
                    UnaryOperator::Neg => self.tok(Kind::Minus, "-")?,
                    UnaryOperator::Not => self.tok(Kind::Bang, "!")?,
                }
                self.expr(&u.expr)
            }
            Expression::BinaryOp(b) => {
                self.expr(&b.lhs_expr)?;
                let op = b.operator.value();
                self.tok(binary_kind(op), op.as_str())?;
                self.expr(&b.rhs_expr)
            }
            Expression::ForExpr(f) => self.for_expr(f),
        }
    }

    fn for_expr(&mut self, f: &ForExpr) -> W {
        let object = f.key_expr.is_some();
        if object {
            self.tok(Kind::OBrace, "{")?;
        } else {
            self.tok(Kind::OBrack, "[")?;
        }
        self.tok(Kind::Ident, "for")?;
        // hcl-edit reads `[for` + CRLF as a list whose first item is `for`:
        // keep one space there (terraform fmt removes it), or the result would not parse.
        let rest = self.src[self.pos..].trim_start_matches([' ', '\t']);
        if rest.starts_with("\r\n")
            && let Some(t) = self.tokens.last_mut()
        {
            t.text.to_mut().push(' ');
        }
        if let Some(k) = &f.intro.key_var {
            self.tok(Kind::Ident, k.as_str())?;
            self.tok(Kind::Comma, ",")?;
        }
        self.tok(Kind::Ident, f.intro.value_var.as_str())?;
        self.tok(Kind::Ident, "in")?;
        self.expr(&f.intro.collection_expr)?;
        self.tok(Kind::Colon, ":")?;
        if let Some(k) = &f.key_expr {
            self.expr(k)?;
            self.tok(Kind::FatArrow, "=>")?;
        }
        self.expr(&f.value_expr)?;
        if f.grouping {
            self.tok(Kind::Ellipsis, "...")?;
        }
        if let Some(c) = &f.cond {
            self.tok(Kind::Ident, "if")?;
            self.expr(&c.expr)?;
        }
        if object { self.tok(Kind::CBrace, "}") } else { self.tok(Kind::CBrack, "]") }
    }

    /// The elements of a quoted template or a heredoc; literal text is `lit`.
    fn template(&mut self, t: &Template, lit: Kind) -> W {
        for el in t.iter() {
            match el {
                Element::Literal(l) => {
                    let span = self.at_start(l.span())?;
                    self.up_to(lit, Some(span.end))?;
                }
                Element::Interpolation(i) => {
                    self.exact(Kind::TemplateInterp, if i.strip.strip_start() { "${~" } else { "${" })?;
                    self.expr(&i.expr)?;
                    self.tok(Kind::TemplateSeqEnd, if i.strip.strip_end() { "~}" } else { "}" })?;
                }
                Element::Directive(d) => self.directive(d, lit)?,
            }
        }
        Ok(())
    }

    fn control(&mut self, strip_start: bool, keyword: &str) -> W {
        self.exact(Kind::TemplateControl, if strip_start { "%{~" } else { "%{" })?;
        self.tok(Kind::Ident, keyword)
    }

    fn seq_end(&mut self, strip_end: bool) -> W {
        self.tok(Kind::TemplateSeqEnd, if strip_end { "~}" } else { "}" })
    }

    fn directive(&mut self, d: &Directive, lit: Kind) -> W {
        match d {
            Directive::If(d) => {
                self.control(d.if_expr.strip.strip_start(), "if")?;
                self.expr(&d.if_expr.cond_expr)?;
                self.seq_end(d.if_expr.strip.strip_end())?;
                self.template(&d.if_expr.template, lit)?;
                if let Some(e) = &d.else_expr {
                    self.control(e.strip.strip_start(), "else")?;
                    self.seq_end(e.strip.strip_end())?;
                    self.template(&e.template, lit)?;
                }
                self.control(d.endif_expr.strip.strip_start(), "endif")?;
                self.seq_end(d.endif_expr.strip.strip_end())
            }
            Directive::For(d) => {
                let f = &d.for_expr;
                self.control(f.strip.strip_start(), "for")?;
                if let Some(k) = &f.key_var {
                    self.tok(Kind::Ident, k.as_str())?;
                    self.tok(Kind::Comma, ",")?;
                }
                self.tok(Kind::Ident, f.value_var.as_str())?;
                self.tok(Kind::Ident, "in")?;
                self.expr(&f.collection_expr)?;
                self.seq_end(f.strip.strip_end())?;
                self.template(&f.template, lit)?;
                self.control(d.endfor_expr.strip.strip_start(), "endfor")?;
                self.seq_end(d.endfor_expr.strip.strip_end())
            }
        }
    }
}

fn binary_kind(op: &BinaryOperator) -> Kind {
    match op {
        BinaryOperator::Eq => Kind::EqualOp,
        BinaryOperator::NotEq => Kind::NotEqual,
        BinaryOperator::LessEq => Kind::LessEq,
        BinaryOperator::GreaterEq => Kind::GreaterEq,
        BinaryOperator::Less => Kind::Less,
        BinaryOperator::Greater => Kind::Greater,
        BinaryOperator::Plus => Kind::Plus,
        BinaryOperator::Minus => Kind::Minus,
        BinaryOperator::Mul => Kind::Star,
        BinaryOperator::Div => Kind::Slash,
        BinaryOperator::Mod => Kind::Percent,
        BinaryOperator::And => Kind::And,
        BinaryOperator::Or => Kind::Or,
    }
}
