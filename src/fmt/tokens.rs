//! The token stream the layout works on: the kinds HCL's native syntax has
//! (the ones Terraform's formatter distinguishes), each with its exact source
//! text and the number of spaces written before it.

use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    OQuote,
    CQuote,
    /// `<<EOT` or `<<-EOT` with its line ending.
    OHeredoc,
    /// The closing delimiter of a heredoc, with the spaces before it.
    CHeredoc,
    /// Literal text inside a quoted template.
    QuotedLit,
    /// Literal text inside a heredoc.
    StringLit,
    NumberLit,
    Ident,
    /// `${` or `${~`
    TemplateInterp,
    /// `%{` or `%{~`
    TemplateControl,
    /// `}` or `~}` closing an interpolation or a directive.
    TemplateSeqEnd,
    Equal,
    Comma,
    Dot,
    Ellipsis,
    FatArrow,
    Question,
    Colon,
    DoubleColon,
    Star,
    Slash,
    Plus,
    Minus,
    Percent,
    EqualOp,
    NotEqual,
    Less,
    LessEq,
    Greater,
    GreaterEq,
    And,
    Or,
    Bang,
    /// `# …` and `// …` (with their line ending, as HCL's lexer has them) or `/* … */`.
    Comment,
    Newline,
}

#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub kind: Kind,
    pub text: Cow<'a, str>,
    /// Spaces written before the token; the layout recomputes them all.
    pub spaces: usize,
}

impl<'a> Token<'a> {
    pub fn new(kind: Kind, text: impl Into<Cow<'a, str>>) -> Token<'a> {
        Token { kind, text: text.into(), spaces: 0 }
    }

    /// Ends a line: a newline, or a line comment (which carries its newline).
    pub fn ends_line(&self) -> bool {
        match self.kind {
            Kind::Newline => true,
            Kind::Comment => self.text.ends_with('\n'),
            _ => false,
        }
    }

    /// +1 for an opening bracket (including `${` and `%{`), -1 for a closing one.
    pub fn bracket_change(&self) -> i32 {
        match self.kind {
            Kind::OBrace | Kind::OBrack | Kind::OParen | Kind::TemplateControl | Kind::TemplateInterp => 1,
            Kind::CBrace | Kind::CBrack | Kind::CParen | Kind::TemplateSeqEnd => -1,
            _ => 0,
        }
    }
}
