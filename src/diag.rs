//! Diagnostics: every user-facing error or warning, with its source location.
//!
//! Rendering (source line + caret) is codespan-reporting's; this module only
//! keeps the sources and the shape of a diagnostic.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde_json::json;
use std::ops::Range;

/// The text of every configuration file read in this run, so a diagnostic
/// can show the offending line.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the working directory).
    pub name: String,
    pub text: String,
}

pub type FileId = usize;

impl SourceMap {
    pub fn add(&mut self, name: String, text: String) -> FileId {
        self.files.push(SourceFile { name, text });
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[id].text;
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        (line, before[line_start..].chars().count() + 1)
    }

    /// `file:line:col` of a location.
    pub fn describe(&self, loc: &Location) -> String {
        let (l, c) = self.line_col(loc.file, loc.span.start);
        format!("{}:{}:{}", self.files[loc.file].name, l, c)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    pub span: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub summary: String,
    pub detail: String,
    pub location: Option<Location>,
    /// Further places involved (e.g. every reference of a cycle), with a note each.
    pub related: Vec<(Location, String)>,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(summary: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: String::new(),
            location: None,
            related: vec![],
            hint: None,
        }
    }

    pub fn warning(summary: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(summary) }
    }

    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = d.into();
        self
    }

    pub fn at(mut self, loc: Option<Location>) -> Self {
        self.location = loc;
        self
    }

    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }

    pub fn related(mut self, loc: Location, note: impl Into<String>) -> Self {
        self.related.push((loc, note.into()));
        self
    }
}

/// A list of diagnostics; the error type of every user-facing operation.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ok when there are no errors (warnings are kept by the caller).
    pub fn into_result(self) -> Result<(), Diagnostics> {
        if self.has_errors() { Err(self) } else { Ok(()) }
    }

    /// Renders all diagnostics for a terminal (or plain text when `color` is off).
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        let mut files = SimpleFiles::new();
        for f in sources.files() {
            files.add(f.name.as_str(), f.text.as_str());
        }
        let bytes = if color {
            let mut w = termcolor::Ansi::new(Vec::new());
            self.emit(&mut w, &files);
            w.into_inner()
        } else {
            let mut w = termcolor::NoColor::new(Vec::new());
            self.emit(&mut w, &files);
            w.into_inner()
        };
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn emit(&self, w: &mut dyn termcolor::WriteColor, files: &SimpleFiles<&str, &str>) {
        let config = term::Config::default();
        for d in &self.0 {
            // Rendering only fails for spans outside the file; fall back to the plain summary.
            if term::emit(w, &config, files, &to_codespan(d)).is_err() {
                let _ = writeln!(w, "error: {}", d.summary);
            }
        }
    }

    /// Terraform's `validate -json` diagnostic shape.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let diags: Vec<_> = self
            .0
            .iter()
            .map(|d| {
                let mut v = json!({
                    "severity": if d.severity == Severity::Error { "error" } else { "warning" },
                    "summary": d.summary,
                    "detail": full_detail(d),
                });
                if let Some(loc) = &d.location {
                    let (sl, sc) = sources.line_col(loc.file, loc.span.start);
                    let (el, ec) = sources.line_col(loc.file, loc.span.end);
                    v["range"] = json!({
                        "filename": sources.get(loc.file).name,
                        "start": {"line": sl, "column": sc, "byte": loc.span.start},
                        "end": {"line": el, "column": ec, "byte": loc.span.end},
                    });
                }
                v
            })
            .collect();
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error).count();
        json!({
            "format_version": "1.0",
            "valid": errors == 0,
            "error_count": errors,
            "warning_count": self.0.len() - errors,
            "diagnostics": diags,
        })
    }
}

fn full_detail(d: &Diagnostic) -> String {
    match &d.hint {
        Some(h) if d.detail.is_empty() => h.clone(),
        Some(h) => format!("{} {}", d.detail, h),
        None => d.detail.clone(),
    }
}

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<usize> {
    let sev = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut labels = vec![];
    if let Some(loc) = &d.location {
        labels.push(Label::primary(loc.file, loc.span.clone()));
    }
    for (loc, note) in &d.related {
        labels.push(Label::secondary(loc.file, loc.span.clone()).with_message(note.clone()));
    }
    let mut notes = vec![];
    if !d.detail.is_empty() {
        notes.push(d.detail.clone());
    }
    if let Some(h) = &d.hint {
        notes.push(format!("hint: {h}"));
    }
    CsDiagnostic::new(sev).with_message(d.summary.clone()).with_labels(labels).with_notes(notes)
}
