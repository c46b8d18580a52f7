//! The `fmt` command: which files, and what to do with each result.
//!
//! Like `terraform fmt`: a directory means its `*.tf` and `*.tfvars` files (and
//! its subdirectories' with `--recursive`; names starting with `.` and editor
//! backups are skipped); each changed file is listed; `--diff` also prints a
//! unified diff; `--check` writes nothing and exits 3 when a file would change.
//! Files are rewritten atomically (temporary file, then rename). A file that
//! does not parse is reported with its location and left untouched.

use super::{FormatError, format_source};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What `hadr fmt` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Files or directories; none means the current directory; `-` reads stdin and writes stdout.
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 3 when a file is not formatted.
    pub check: bool,
    /// Print a unified diff of each change.
    pub diff: bool,
    /// Also format the files of subdirectories.
    pub recursive: bool,
}

/// Exit code for `--check` when some file is not canonically formatted.
pub const EXIT_UNFORMATTED: i32 = 3;

/// Runs `hadr fmt`; Ok(exit code) or the errors (syntax errors with their location).
pub fn run(opts: &Options, sources: &mut SourceMap) -> Result<i32, Diagnostics> {
    let mut diags = Diagnostics::default();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut changed = 0usize;
    if opts.paths.len() == 1 && opts.paths[0] == Path::new("-") {
        let mut src = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut src) {
            return Err(Diagnostics(vec![Diagnostic::error("Cannot read standard input").detail(e.to_string())]));
        }
        let formatted = match format_source(&src) {
            Ok(f) => f,
            Err(e) => return Err(Diagnostics(vec![error_for("<stdin>", src, e, sources)])),
        };
        let _ = if opts.diff {
            out.write_all(unified_diff("<stdin>", &src, &formatted).as_bytes())
        } else if !opts.check {
            out.write_all(formatted.as_bytes())
        } else {
            Ok(())
        };
        return Ok(if opts.check && formatted != src { EXIT_UNFORMATTED } else { 0 });
    }
    let paths = if opts.paths.is_empty() { vec![PathBuf::from(".")] } else { opts.paths.clone() };
    for path in &paths {
        let mut files = vec![];
        match std::fs::metadata(path) {
            Err(_) => {
                diags.push(Diagnostic::error(format!("No file or directory at {}", path.display())));
                continue;
            }
            Ok(m) if m.is_dir() => collect(path, opts.recursive, &mut files, &mut diags),
            Ok(_) if is_formattable(&path.to_string_lossy()) => files.push(path.clone()),
            Ok(_) => {
                diags.push(
                    Diagnostic::error(format!("Cannot format {}", path.display()))
                        .detail("Only .tf and .tfvars files can be formatted.")
                        .hint("Pass a directory, or a .tf or .tfvars file."),
                );
                continue;
            }
        }
        for file in files {
            let name = display(&file);
            let src = match std::fs::read(&file).map(String::from_utf8) {
                Ok(Ok(s)) => s,
                Ok(Err(_)) => {
                    diags.push(Diagnostic::error(format!("Cannot format {name}")).detail("The file is not valid UTF-8."));
                    continue;
                }
                Err(e) => {
                    diags.push(Diagnostic::error(format!("Cannot read {name}")).detail(e.to_string()));
                    continue;
                }
            };
            let formatted = match format_source(&src) {
                Ok(f) => f,
                Err(e) => {
                    diags.push(error_for(&name, src, e, sources));
                    continue;
                }
            };
            if formatted == src {
                continue;
            }
            changed += 1;
            let _ = writeln!(out, "{name}");
            if !opts.check
                && let Err(e) = write_atomically(&file, &formatted)
            {
                diags.push(Diagnostic::error(format!("Cannot write {name}")).detail(e.to_string()));
                continue;
            }
            if opts.diff {
                let _ = out.write_all(unified_diff(&name, &src, &formatted).as_bytes());
            }
        }
    }
    let _ = out.flush();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(if opts.check && changed > 0 { EXIT_UNFORMATTED } else { 0 })
}

fn is_formattable(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tfvars")
}

/// Terraform's ignored names: hidden files and directories, editor backups.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
}

/// The files of `dir` in name order, descending into subdirectories in place when `recursive`.
fn collect(dir: &Path, recursive: bool, files: &mut Vec<PathBuf>, diags: &mut Diagnostics) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.flatten().collect(),
        Err(e) => {
            diags.push(Diagnostic::error(format!("Cannot read directory {}", dir.display())).detail(e.to_string()));
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        let path = dir.join(&name);
        let is_dir = std::fs::metadata(&path).map(|m| m.is_dir()).unwrap_or(false);
        if is_dir {
            if recursive {
                collect(&path, recursive, files, diags);
            }
        } else if is_formattable(&name) {
            files.push(path);
        }
    }
}

/// A path as the user would write it: no leading `./`.
fn display(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

fn error_for(name: &str, src: String, e: FormatError, sources: &mut SourceMap) -> Diagnostic {
    match e {
        FormatError::Syntax { message, offset, .. } => {
            let len = src.len();
            let file = sources.add(name.to_string(), src);
            let start = offset.min(len);
            Diagnostic::error("Invalid HCL syntax")
                .detail(message)
                .at(Some(Location { file, span: start..(start + 1).min(len.max(start)) }))
                .hint(format!("Fix the syntax of {name}; it was left unchanged."))
        }
        FormatError::Internal(m) => Diagnostic::error(format!("Cannot format {name}"))
            .detail(m)
            .hint("This is a bug in hadr's formatter; the file was left unchanged. Please report it with the file."),
    }
}

/// `diff -u` of a file before and after, labelled `old/NAME` and `new/NAME` as Terraform does.
pub(crate) fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("old/{name}"), &format!("new/{name}"))
        .to_string()
}

/// Writes `text` next to `path` and renames it over, keeping the file's permissions.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let base = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{base}.hadr-fmt-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(m) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, m.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
