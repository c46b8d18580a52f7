//! Parsing `.tf` text on every core. hcl-edit parses one file on one
//! thread, and a generated two-region configuration is often one large file,
//! so a large text is cut at line starts into pieces parsed side by side.
//!
//! Why a cut is safe: piece 0 starts at the top level; if a piece parses on
//! its own, it ends at the top level (a cut inside a block, heredoc, comment
//! or string leaves it unterminated), so the next piece starts there too.
//! Any piece that fails sends the whole text through the plain parser, which
//! also gives the error its exact position. Each piece after the first is
//! parsed behind blanks standing in for the text before it (newlines kept),
//! so its spans are offsets into the whole text, as diagnostics expect.

use hcl::edit::parser::{Error, parse_body};
use hcl::edit::structure::Body;

/// Texts smaller than this are parsed whole: a thread costs more than it saves.
const MIN_PIECE: usize = 128 * 1024;

/// Parses `text` as one body, with the same result as `parse_body(text)`.
pub fn parse_text(text: &str) -> Result<Body, Error> {
    parse_in(text, std::thread::available_parallelism().map_or(1, |n| n.get()).min(8))
}

/// As [`parse_text`], in at most `threads` pieces.
fn parse_in(text: &str, threads: usize) -> Result<Body, Error> {
    let cuts = cut_points(text, threads.min(text.len() / MIN_PIECE));
    if cuts.is_empty() {
        return parse_body(text);
    }
    let mut bounds = vec![0];
    bounds.extend(&cuts);
    bounds.push(text.len());
    let pieces: Vec<Option<Body>> = std::thread::scope(|s| {
        let handles: Vec<_> = bounds.windows(2).skip(1).map(|w| s.spawn(move || parse_piece(text, w[0], w[1]))).collect();
        let first = parse_body(&text[..bounds[1]]).ok();
        std::iter::once(first).chain(handles.into_iter().map(|h| h.join().ok().flatten())).collect()
    });
    if pieces.iter().any(Option::is_none) {
        return parse_body(text);
    }
    let mut pieces = pieces.into_iter().flatten();
    let mut body = pieces.next().unwrap_or_default();
    for piece in pieces {
        for structure in piece {
            body.push(structure);
        }
    }
    Ok(body)
}

/// The text `start..end`, parsed at its place in the whole text.
fn parse_piece(text: &str, start: usize, end: usize) -> Option<Body> {
    let mut padded = String::with_capacity(end);
    padded.extend(text[..start].bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
    padded.push_str(&text[start..end]);
    parse_body(&padded).ok()
}

/// Up to `pieces - 1` cut points near equal shares of the text, each at the
/// start of a line that begins with a letter (a block's keyword, usually).
fn cut_points(text: &str, pieces: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut cuts: Vec<usize> = vec![];
    for i in 1..pieces {
        let from = (text.len() * i / pieces).max(cuts.last().map_or(0, |c| c + 1));
        let found = bytes[from..].windows(2).position(|w| w[0] == b'\n' && w[1].is_ascii_alphabetic());
        match found {
            Some(p) => cuts.push(from + p + 1),
            None => break,
        }
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(n: usize, extra: &str) -> String {
        (0..n).map(|i| format!("resource \"terraform_data\" \"r{i}\" {{\n  input = \"{i}{extra}\"\n}}\n\n")).collect()
    }

    /// The spans of the top-level structures: the same from both parsers.
    fn same(text: &str) {
        let spans = |b: Body| b.into_iter().map(|s| hcl::edit::Span::span(&s)).collect::<Vec<_>>();
        for threads in [2, 3, 8] {
            assert_eq!(parse_body(text).map(spans).ok(), parse_in(text, threads).map(spans).ok());
        }
    }

    #[test]
    fn pieces_keep_their_place_in_the_whole_text() {
        let text = blocks(8000, "");
        assert!(text.len() > 2 * MIN_PIECE);
        same(&text);
        let body = parse_in(&text, 4).unwrap();
        let last = body.into_iter().last().unwrap();
        let span = hcl::edit::Span::span(&last).unwrap();
        assert!(text[span].starts_with("resource \"terraform_data\" \"r7999\""));
    }

    #[test]
    fn a_cut_inside_a_heredoc_or_comment_falls_back_to_the_whole_text() {
        let heredoc_lines: String = (0..40000).map(|i| format!("line{i}\n")).collect();
        let text = format!("locals {{\n  big = <<EOT\n{heredoc_lines}EOT\n}}\n{}", blocks(10, ""));
        same(&text);
        assert_eq!(parse_in(&text, 2).unwrap().into_iter().count(), 11);
        let comment = format!("/*\n{heredoc_lines}*/\n{}", blocks(10, ""));
        same(&comment);
        assert_eq!(parse_in(&comment, 2).unwrap().into_iter().count(), 10);
    }

    #[test]
    fn an_error_is_reported_where_the_plain_parser_reports_it() {
        let mut text = blocks(8000, "");
        let at = text.len() * 3 / 4;
        let line = text[at..].find("\n  input").unwrap() + at;
        text.insert_str(line + 1, "  = =\n");
        let whole = parse_body(&text).unwrap_err();
        let cut = parse_in(&text, 2).unwrap_err();
        assert_eq!(whole.location().offset(), cut.location().offset());
    }
}
