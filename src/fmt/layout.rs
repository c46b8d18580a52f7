//! Terraform's layout rules over a token stream (the rules of `hclwrite`'s
//! formatter, which `terraform fmt` uses): only the spaces before tokens change.
//!
//! Each line is split into up to three cells: the *lead*, the *assign* cell
//! (from an attribute's `=` to the end of a single-line value) and a trailing
//! line *comment*. Then:
//! 1. indentation: two spaces per bracket level opened by earlier lines;
//! 2. spacing between the tokens of a cell ([`space_after`]);
//! 3. alignment: the `=` of consecutive lines that all have an assign cell line
//!    up, and so do the comments of consecutive lines that end with one. A blank
//!    line, a comment line, a block header or a multi-line value ends a run.

use super::tokens::{Kind, Token};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

struct Line {
    lead: Range<usize>,
    assign: Option<Range<usize>>,
    comment: Option<usize>,
}

/// Recomputes `spaces` of every token in place.
pub(crate) fn layout(tokens: &mut [Token]) {
    let mut lines = split_lines(tokens);
    indent(tokens, &lines);
    spacing(tokens, &lines);
    align(tokens, &mut lines);
}

fn split_lines(tokens: &[Token]) -> Vec<Line> {
    let mut lines = vec![];
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.ends_line() {
            lines.push(start..i + 1);
            start = i + 1;
        }
    }
    lines.push(start..tokens.len());
    lines
        .into_iter()
        .map(|mut lead| {
            let mut comment = None;
            if lead.len() > 1 && tokens[lead.end - 1].kind == Kind::Comment {
                comment = Some(lead.end - 1);
                lead.end -= 1;
            }
            let mut assign = None;
            // The first `=` after the line's first token starts the assign cell,
            // when the rest of the line closes every bracket it opens.
            if let Some(eq) = (lead.start + 1..lead.end).find(|&i| tokens[i].kind == Kind::Equal) {
                let net: i32 = tokens[eq..lead.end].iter().map(Token::bracket_change).sum();
                if net == 0 {
                    assign = Some(eq..lead.end);
                    lead.end = eq;
                }
            }
            Line { lead, assign, comment }
        })
        .collect()
}

fn indent(tokens: &mut [Token], lines: &[Line]) {
    // A stack of how many brackets each indentation level opened.
    let mut levels: Vec<i32> = Vec::new();
    for line in lines {
        if line.lead.is_empty() {
            continue;
        }
        if tokens[line.lead.start].kind == Kind::Newline {
            tokens[line.lead.start].spaces = 0;
            continue;
        }
        let mut net = 0;
        for t in &tokens[line.lead.clone()] {
            net += t.bracket_change();
            if t.kind == Kind::OHeredoc {
                break;
            }
        }
        if let Some(a) = &line.assign {
            net += tokens[a.clone()].iter().map(Token::bracket_change).sum::<i32>();
        }
        if net < 0 {
            let mut closed = -net;
            while closed > 0
                && let Some(top) = levels.last_mut()
            {
                if closed >= *top {
                    closed -= *top;
                    levels.pop();
                } else {
                    *top -= closed;
                    closed = 0;
                }
            }
        }
        tokens[line.lead.start].spaces = 2 * levels.len();
        if net > 0 {
            levels.push(net);
        }
    }
}

fn spacing(tokens: &mut [Token], lines: &[Line]) {
    for line in lines {
        space_cell(tokens, line.lead.clone());
        if let Some(a) = &line.assign {
            tokens[a.start].spaces = 1;
            space_cell(tokens, a.clone());
        }
    }
}

fn space_cell(tokens: &mut [Token], cell: Range<usize>) {
    for i in cell.start..cell.end.saturating_sub(1) {
        let before = if i > cell.start { Some(tokens[i - 1].kind) } else { None };
        let space = space_after(&tokens[i], before, &tokens[i + 1]);
        tokens[i + 1].spaces = usize::from(space);
    }
}

/// Whether `subject` is followed by a space, given the kinds around it (`before`
/// is `None` at the start of a cell).
fn space_after(subject: &Token, before: Option<Kind>, after: &Token) -> bool {
    use Kind::*;
    let (s, a) = (subject.kind, after.kind);
    match () {
        _ if a == Newline => false,
        _ if s == Ident && a == OParen => false,
        _ if (s == Ident && a == DoubleColon) || (s == DoubleColon && a == Ident) => false,
        _ if s == Dot || a == Dot => false,
        _ if a == Comma || a == Ellipsis => false,
        _ if s == Comma => true,
        _ if matches!(s, QuotedLit | StringLit | OQuote | OHeredoc) || matches!(a, QuotedLit | StringLit | CQuote | CHeredoc) => false,
        // `for x in [a, b]`: `in` is a keyword there, not a value being indexed.
        _ if s == Ident && subject.text == "in" && before == Some(Ident) => true,
        _ if a == OBrack && (s == Ident || s == NumberLit || subject.bracket_change() < 0) => false,
        _ if s == Bang => false,
        // A minus is a negation (no space) unless what precedes it can end an operand.
        _ if s == Minus => !matches!(
            before,
            None | Some(
                OParen
                    | OBrace
                    | OBrack
                    | Equal
                    | Colon
                    | Comma
                    | Question
                    | Plus
                    | Star
                    | Slash
                    | Percent
                    | Minus
                    | EqualOp
                    | NotEqual
                    | Greater
                    | GreaterEq
                    | Less
                    | LessEq
                    | And
                    | Or
                    | Bang
            )
        ),
        _ if s == OBrace || a == CBrace => !(s == OBrace && a == CBrace),
        _ if matches!(s, TemplateInterp | TemplateControl) && a == OBrace => true,
        _ if s == CBrace && a == TemplateSeqEnd => true,
        _ if s == TemplateSeqEnd && matches!(a, TemplateInterp | TemplateControl) => false,
        _ if subject.bracket_change() > 0 => false,
        _ if after.bracket_change() < 0 => false,
        _ => true,
    }
}

/// Display width as Terraform counts it: grapheme clusters, plus the spaces.
fn columns(tokens: &[Token]) -> usize {
    tokens.iter().map(|t| t.spaces + t.text.graphemes(true).count()).sum()
}

fn align(tokens: &mut [Token], lines: &mut [Line]) {
    // `=` first: moving them moves the comments too.
    let mut run: Vec<usize> = vec![];
    for i in 0..=lines.len() {
        if i < lines.len() && lines[i].assign.is_some() {
            run.push(i);
            continue;
        }
        let widest = run.iter().map(|&l| columns(&tokens[lines[l].lead.clone()])).max().unwrap_or(0);
        for &l in &run {
            let width = columns(&tokens[lines[l].lead.clone()]);
            if let Some(a) = &lines[l].assign {
                tokens[a.start].spaces = widest - width + 1;
            }
        }
        run.clear();
    }
    let width = |tokens: &[Token], line: &Line| {
        columns(&tokens[line.lead.clone()]) + line.assign.as_ref().map(|a| columns(&tokens[a.clone()])).unwrap_or(0)
    };
    for i in 0..=lines.len() {
        if i < lines.len() && lines[i].comment.is_some() {
            run.push(i);
            continue;
        }
        let widest = run.iter().map(|&l| width(tokens, &lines[l])).max().unwrap_or(0);
        for &l in &run {
            let w = width(tokens, &lines[l]);
            if let Some(c) = lines[l].comment {
                tokens[c].spaces = widest - w + 1;
            }
        }
        run.clear();
    }
}
