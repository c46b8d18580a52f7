//! Configuration: every `*.tf` file of a directory, parsed into blocks.
//!
//! This stage only reads and checks structure; expressions stay unevaluated
//! (`Expr`) with their source spans, for the graph and the planner.

pub mod inputs;
mod parse;

use crate::addr::Mode;
use crate::diag::{Diagnostic, Diagnostics, FileId, Location, SourceMap};
use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::{Block, Body, Structure};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An unevaluated expression and the file it came from.
#[derive(Clone, Debug)]
pub struct Expr {
    pub file: FileId,
    pub expr: Expression,
}

impl Expr {
    pub fn location(&self) -> Option<Location> {
        self.expr.span().map(|span| Location { file: self.file, span })
    }
}

#[derive(Clone, Debug)]
pub struct Variable {
    pub name: String,
    pub location: Location,
    pub type_expr: Option<Expr>,
    pub default: Option<Expr>,
    pub description: String,
    pub sensitive: bool,
    pub nullable: bool,
    /// `validation { condition, error_message }` blocks.
    pub validations: Vec<(Expr, Expr)>,
}

#[derive(Clone, Debug)]
pub struct Local {
    pub name: String,
    pub location: Location,
    pub expr: Expr,
}

/// A `condition` that must hold, with the message shown when it does not
/// (`validation`, `precondition`, `postcondition` and `assert` blocks).
#[derive(Clone, Debug)]
pub struct Condition {
    pub condition: Expr,
    pub error_message: Expr,
}

#[derive(Clone, Debug, Default)]
pub struct Lifecycle {
    /// Checked before the instance is planned (and again before it is applied).
    pub preconditions: Vec<Condition>,
    /// Checked with `self` bound to the planned object, and again after apply.
    pub postconditions: Vec<Condition>,
    pub create_before_destroy: bool,
    /// References whose change replaces this resource.
    pub replace_triggered_by: Vec<Expr>,
    pub prevent_destroy: bool,
    pub ignore_changes: Vec<String>,
    pub ignore_all_changes: bool,
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub file: FileId,
    /// The block header (`resource "t" "n"`), for diagnostics.
    pub location: Location,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    /// `depends_on` entries, as written.
    pub depends_on: Vec<Expr>,
    pub lifecycle: Lifecycle,
    /// The body without meta-arguments.
    pub body: Body,
}

impl Resource {
    pub fn key(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.rtype, self.name),
            Mode::Data => format!("data.{}.{}", self.rtype, self.name),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Output {
    pub name: String,
    pub location: Location,
    pub value: Expr,
    pub sensitive: bool,
    pub description: String,
    pub preconditions: Vec<Condition>,
}

/// A `check "name" { assert { … } }` block: assertions about the whole
/// configuration, reported as warnings after plan and apply.
#[derive(Clone, Debug)]
pub struct Check {
    pub name: String,
    pub location: Location,
    pub asserts: Vec<Condition>,
}

/// The `dr { }` block: two regions, which one is primary, and the objectives.
#[derive(Clone, Debug)]
pub struct DrDecl {
    pub location: Location,
    pub regions: Expr,
    pub primary: Expr,
    pub rto: Option<Expr>,
    pub rpo: Option<Expr>,
}

#[derive(Clone, Debug)]
pub struct ProviderDecl {
    pub name: String,
    pub location: Location,
    pub body: Body,
    pub file: FileId,
}

/// A `module "name" { source = "./path" … }` block.
#[derive(Clone, Debug)]
pub struct ModuleCall {
    pub name: String,
    pub file: FileId,
    pub location: Location,
    pub source: String,
    pub source_location: Location,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub depends_on: Vec<Expr>,
    /// Input variable values, as written.
    pub inputs: BTreeMap<String, Expr>,
}

/// One directory of `.tf` files.
#[derive(Clone, Debug, Default)]
pub struct Module {
    pub dir: PathBuf,
    pub variables: BTreeMap<String, Variable>,
    pub locals: BTreeMap<String, Local>,
    /// Keyed by `type.name` / `data.type.name`, in a stable order.
    pub resources: BTreeMap<String, Resource>,
    pub outputs: BTreeMap<String, Output>,
    pub dr: Option<DrDecl>,
    pub providers: Vec<ProviderDecl>,
    pub calls: BTreeMap<String, ModuleCall>,
    /// The modules the calls load, by call name.
    pub children: BTreeMap<String, Module>,
    /// `moved { from = … to = … }`: address renames, as written.
    pub moved: Vec<(Expr, Expr)>,
    /// `import { to = … id = … }`: existing objects to adopt.
    pub imports: Vec<(Expr, Expr)>,
    pub checks: BTreeMap<String, Check>,
    /// `removed { from = … lifecycle { destroy = false } }`: objects to stop managing.
    pub removed: Vec<Removed>,
}

/// A `removed` block: the resource or module `from` is gone from the
/// configuration; with `destroy = false` its objects are forgotten, not deleted.
#[derive(Clone, Debug)]
pub struct Removed {
    pub from: Expr,
    pub destroy: bool,
    pub location: Location,
}

impl Expr {
    /// The expression's source text (addresses in moved/import blocks are written as references).
    pub fn text<'s>(&self, sources: &'s SourceMap) -> &'s str {
        let t = &sources.get(self.file).text;
        self.expr.span().and_then(|sp| t.get(sp)).unwrap_or("").trim()
    }
}

impl Module {
    /// The module at a static path (`module.a.module.b`), if any.
    pub fn at(&self, path: &str) -> Option<&Module> {
        let mut m = self;
        let mut parts = path.split('.').filter(|p| !p.is_empty());
        while let Some(kw) = parts.next() {
            if kw != "module" {
                return None;
            }
            m = m.children.get(parts.next()?)?;
        }
        Some(m)
    }

    /// Every module with its static path, the root first.
    pub fn walk(&self) -> Vec<(String, &Module)> {
        let mut out = vec![(String::new(), self)];
        let mut i = 0;
        while i < out.len() {
            let (path, m) = (out[i].0.clone(), out[i].1);
            for (name, child) in &m.children {
                let p = if path.is_empty() { format!("module.{name}") } else { format!("{path}.module.{name}") };
                out.push((p, child));
            }
            i += 1;
        }
        out
    }
}

/// Where configuration files come from: the disk, or a saved plan.
pub trait ConfigFiles {
    /// The `*.tf` files of a directory, sorted by name, as (display name, text); `None` if no such directory.
    fn tf_files(&self, dir: &Path) -> Option<Vec<(String, String)>>;
}

pub struct DiskFiles;

impl ConfigFiles for DiskFiles {
    fn tf_files(&self, dir: &Path) -> Option<Vec<(String, String)>> {
        let rd = std::fs::read_dir(dir).ok()?;
        let mut paths: Vec<PathBuf> =
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file()).collect();
        paths.sort();
        Some(paths.into_iter().filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (display_path(&p), t))).collect())
    }
}

/// Files carried by a saved plan, found by their display names.
pub struct SavedFiles<'a>(pub &'a [(String, String)]);

impl ConfigFiles for SavedFiles<'_> {
    fn tf_files(&self, dir: &Path) -> Option<Vec<(String, String)>> {
        let want = normalize_path(dir);
        // A module called twice was recorded twice: keep one copy of each file.
        let mut v: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(n, _)| normalize_path(Path::new(n).parent().unwrap_or(Path::new(""))) == want && n.ends_with(".tf"))
            .cloned()
            .collect();
        v.sort();
        v.dedup_by(|a, b| a.0 == b.0);
        if v.is_empty() { None } else { Some(v) }
    }
}

/// `a/./b/../c` → `a/c`, for comparing paths that need not exist.
pub fn normalize_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                // Only a real directory name can be cancelled; leading `..`s accumulate.
                let last_is_name = matches!(out.components().next_back(), Some(std::path::Component::Normal(_)));
                if last_is_name {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Loads the module calls of `m` (recursively), from `files`.
pub fn load_children(
    m: &mut Module,
    files: &dyn ConfigFiles,
    sources: &mut SourceMap,
    stack: &mut Vec<PathBuf>,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let calls: Vec<ModuleCall> = m.calls.values().cloned().collect();
    for call in calls {
        if !(call.source.starts_with("./") || call.source.starts_with("../")) {
            diags.push(
                Diagnostic::error("Unsupported module source")
                    .detail(format!("Module \"{}\" has source \"{}\"; hadr loads modules from local paths only.", call.name, call.source))
                    .at(Some(call.source_location.clone()))
                    .hint("Use a path relative to the calling file, such as \"./modules/region\" or \"../../modules/region\"."),
            );
            continue;
        }
        let dir = normalize_path(&m.dir.join(&call.source));
        if stack.contains(&dir) {
            diags.push(
                Diagnostic::error("Module cycle")
                    .detail(format!(
                        "Module \"{}\" loads {}, which is already being loaded by one of its callers.",
                        call.name,
                        dir.display()
                    ))
                    .at(Some(call.source_location.clone()))
                    .hint("A module cannot call itself, directly or through other modules."),
            );
            continue;
        }
        let Some(texts) = files.tf_files(&dir) else {
            diags.push(
                Diagnostic::error("Unreadable module directory")
                    .detail(format!(
                        "The module directory {} for module \"{}\" does not exist or holds no .tf files.",
                        dir.display(),
                        call.name
                    ))
                    .at(Some(call.source_location.clone()))
                    .hint("Check the source path; it is relative to the directory of the calling module."),
            );
            continue;
        };
        match load_sources(&dir, texts, sources) {
            Ok(mut child) => {
                stack.push(dir);
                if let Err(d) = load_children(&mut child, files, sources, stack) {
                    diags.extend(d);
                }
                stack.pop();
                if child.dr.is_some() {
                    diags
                        .push(Diagnostic::error("A dr block belongs in the root module").at(child.dr.as_ref().map(|d| d.location.clone())));
                }
                m.children.insert(call.name.clone(), child);
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result()
}

/// Reads and parses every `*.tf` file in `dir` (sorted by name, so results are
/// deterministic). Collects every error rather than stopping at the first.
pub fn load_dir(dir: &Path, sources: &mut SourceMap) -> Result<Module, Diagnostics> {
    let mut diags = Diagnostics::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return Err(Diagnostics(vec![
                Diagnostic::error(format!("Cannot read configuration directory {}", dir.display()))
                    .detail(e.to_string())
                    .hint("Pass the directory that holds your *.tf files, or use --chdir DIR."),
            ]));
        }
    };
    let mut paths: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file()).collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Diagnostics(vec![
            Diagnostic::error(format!("No configuration files in {}", dir.display()))
                .hint("hadr reads every *.tf file of the directory; create one, or point at the right directory."),
        ]));
    }
    let mut files = vec![];
    for path in paths {
        match std::fs::read_to_string(&path) {
            Ok(t) => files.push((display_path(&path), t)),
            Err(e) => diags.push(Diagnostic::error(format!("Cannot read {}", path.display())).detail(e.to_string())),
        }
    }
    match load_sources(dir, files, sources) {
        Ok(mut m) if !diags.has_errors() => {
            load_children(&mut m, &DiskFiles, sources, &mut vec![normalize_path(dir)])?;
            Ok(m)
        }
        Ok(_) => Err(diags),
        Err(d) => {
            diags.extend(d);
            Err(diags)
        }
    }
}

/// Parses configuration files already in memory (a saved plan carries its own).
pub fn load_sources(dir: &Path, files: Vec<(String, String)>, sources: &mut SourceMap) -> Result<Module, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut module = Module { dir: dir.to_path_buf(), ..Module::default() };
    for (name, text) in files {
        let file = sources.add(name, text);
        let body = match parse::parse_text(&sources.get(file).text) {
            Ok(b) => b,
            Err(e) => {
                let offset = e.location().offset();
                diags.push(
                    Diagnostic::error("Invalid HCL syntax")
                        .detail(e.message().to_string())
                        .at(Some(Location { file, span: offset..offset + 1 })),
                );
                continue;
            }
        };
        read_file_body(&mut module, file, body, &mut diags);
    }
    if diags.has_errors() { Err(diags) } else { Ok(module) }
}

fn display_path(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let rel = p.strip_prefix(&cwd).unwrap_or(p);
    rel.strip_prefix(".").unwrap_or(rel).display().to_string()
}

fn loc(file: FileId, s: &impl Span) -> Location {
    Location { file, span: s.span().unwrap_or(0..0) }
}

fn header_loc(file: FileId, b: &Block) -> Location {
    // The header ends where the body's opening brace starts; approximate with ident..labels.
    let start = b.ident.span().map(|s| s.start).unwrap_or(0);
    let end = b.labels.last().and_then(|l| l.span()).map(|s| s.end).unwrap_or(start + b.ident.as_str().len());
    Location { file, span: start..end }
}

fn labels(b: &Block) -> Vec<String> {
    b.labels.iter().map(|l| l.as_str().to_string()).collect()
}

fn read_file_body(m: &mut Module, file: FileId, body: Body, diags: &mut Diagnostics) {
    for s in body.into_iter() {
        let block = match s {
            Structure::Block(b) => b,
            Structure::Attribute(a) => {
                diags.push(
                    Diagnostic::error(format!("Unexpected attribute \"{}\" at the top level", a.key.as_str()))
                        .at(Some(loc(file, &a)))
                        .hint("Top-level items are blocks: resource, data, variable, locals, output, provider, terraform, dr."),
                );
                continue;
            }
        };
        let kind = block.ident.as_str().to_string();
        let labs = labels(&block);
        let hloc = header_loc(file, &block);
        let want = |n: usize, diags: &mut Diagnostics, what: &str| -> bool {
            if labs.len() != n {
                diags.push(
                    Diagnostic::error(format!("Wrong number of labels on a {kind} block"))
                        .detail(format!("A {kind} block takes {n} label(s): {what}."))
                        .at(Some(hloc.clone())),
                );
                false
            } else {
                true
            }
        };
        match kind.as_str() {
            "resource" | "data" => {
                if !want(2, diags, "the type and the name") {
                    continue;
                }
                let mode = if kind == "data" { Mode::Data } else { Mode::Managed };
                let r = read_resource(mode, &labs[0], &labs[1], file, hloc.clone(), block.body, diags);
                let key = r.key();
                if let Some(prev) = m.resources.get(&key) {
                    diags.push(
                        Diagnostic::error(format!("Duplicate {kind} \"{}\" configuration", key))
                            .at(Some(hloc))
                            .related(prev.location.clone(), "first declared here")
                            .hint("Each resource needs a unique type and name; rename one of them."),
                    );
                    continue;
                }
                m.resources.insert(key, r);
            }
            "variable" => {
                if !want(1, diags, "the variable name") {
                    continue;
                }
                let v = read_variable(&labs[0], file, hloc.clone(), block.body, diags);
                if m.variables.contains_key(&v.name) {
                    diags.push(Diagnostic::error(format!("Duplicate variable \"{}\"", v.name)).at(Some(hloc)));
                    continue;
                }
                m.variables.insert(v.name.clone(), v);
            }
            "locals" => {
                for s in block.body.into_iter() {
                    match s {
                        Structure::Attribute(a) => {
                            let name = a.key.as_str().to_string();
                            let l = Local { name: name.clone(), location: loc(file, &a.key), expr: Expr { file, expr: a.value } };
                            if let Some(prev) = m.locals.get(&name) {
                                diags.push(
                                    Diagnostic::error(format!("Duplicate local value \"{name}\""))
                                        .at(Some(l.location.clone()))
                                        .related(prev.location.clone(), "first defined here"),
                                );
                                continue;
                            }
                            m.locals.insert(name, l);
                        }
                        Structure::Block(b) => {
                            diags.push(Diagnostic::error("Blocks are not allowed in locals").at(Some(header_loc(file, &b))))
                        }
                    }
                }
            }
            "output" => {
                if !want(1, diags, "the output name") {
                    continue;
                }
                if let Some(o) = read_output(&labs[0], file, hloc.clone(), block.body, diags) {
                    if m.outputs.contains_key(&o.name) {
                        diags.push(Diagnostic::error(format!("Duplicate output \"{}\"", o.name)).at(Some(hloc)));
                        continue;
                    }
                    m.outputs.insert(o.name.clone(), o);
                }
            }
            "provider" => {
                if !want(1, diags, "the provider name") {
                    continue;
                }
                m.providers.push(ProviderDecl { name: labs[0].clone(), location: hloc, body: block.body, file });
            }
            "terraform" => {}
            "removed" => {
                if !want(0, diags, "none") {
                    continue;
                }
                let (mut from, mut destroy) = (None, true);
                for s in block.body.into_iter() {
                    match s {
                        Structure::Attribute(a) if a.key.as_str() == "from" => from = Some(Expr { file, expr: a.value }),
                        Structure::Block(b) if b.ident.as_str() == "lifecycle" => {
                            for s in b.body.into_iter() {
                                match s {
                                    Structure::Attribute(a) if a.key.as_str() == "destroy" => {
                                        destroy = bool_attr(file, "destroy", &a.value, diags)
                                    }
                                    Structure::Attribute(a) => diags.push(
                                        Diagnostic::error(format!("Unsupported argument \"{}\" in removed's lifecycle", a.key.as_str()))
                                            .at(Some(loc(file, &a.key)))
                                            .hint("The lifecycle of a removed block takes destroy = true or false."),
                                    ),
                                    Structure::Block(b) => diags.push(
                                        Diagnostic::error(format!("Unsupported block \"{}\" in removed's lifecycle", b.ident.as_str()))
                                            .at(Some(header_loc(file, &b))),
                                    ),
                                }
                            }
                        }
                        Structure::Attribute(a) => diags.push(
                            Diagnostic::error(format!("Unsupported argument \"{}\" in removed", a.key.as_str()))
                                .at(Some(loc(file, &a.key))),
                        ),
                        Structure::Block(b) => diags.push(
                            Diagnostic::error(format!("Unsupported block \"{}\" in removed", b.ident.as_str()))
                                .at(Some(header_loc(file, &b)))
                                .hint("A removed block takes from and a lifecycle block."),
                        ),
                    }
                }
                match from {
                    Some(from) => m.removed.push(Removed { from, destroy, location: hloc }),
                    None => diags.push(
                        Diagnostic::error("A removed block needs from")
                            .at(Some(hloc))
                            .hint("removed { from = terraform_data.old  lifecycle { destroy = false } }"),
                    ),
                }
            }
            "moved" | "import" => {
                let (first, second) = if kind == "moved" { ("from", "to") } else { ("to", "id") };
                let (mut a1, mut a2) = (None, None);
                for s in block.body.into_iter() {
                    if let Structure::Attribute(a) = s {
                        match a.key.as_str() {
                            k if k == first => a1 = Some(Expr { file, expr: a.value }),
                            k if k == second => a2 = Some(Expr { file, expr: a.value }),
                            "provider" => {}
                            other => diags
                                .push(Diagnostic::error(format!("Unsupported argument \"{other}\" in {kind}")).at(Some(loc(file, &a.key)))),
                        }
                    }
                }
                match (a1, a2) {
                    (Some(x), Some(y)) if kind == "moved" => m.moved.push((x, y)),
                    (Some(x), Some(y)) => m.imports.push((x, y)),
                    _ => diags.push(Diagnostic::error(format!("A {kind} block needs {first} and {second}")).at(Some(hloc)).hint(
                        if kind == "moved" {
                            "moved { from = terraform_data.old  to = terraform_data.new }"
                        } else {
                            "import { to = azure_resource_group.main  id = \"/subscriptions/…/resourceGroups/main\" }"
                        },
                    )),
                }
            }
            "module" => {
                if !want(1, diags, "the module name") {
                    continue;
                }
                if let Some(c) = read_module_call(&labs[0], file, hloc.clone(), block.body, diags) {
                    if let Some(prev) = m.calls.get(&c.name) {
                        diags.push(
                            Diagnostic::error(format!("Duplicate module call \"{}\"", c.name))
                                .at(Some(hloc))
                                .related(prev.location.clone(), "first declared here"),
                        );
                        continue;
                    }
                    m.calls.insert(c.name.clone(), c);
                }
            }
            "dr" => {
                if !want(0, diags, "none") {
                    continue;
                }
                if let Some(prev) = &m.dr {
                    diags
                        .push(Diagnostic::error("Duplicate dr block").at(Some(hloc)).related(prev.location.clone(), "first declared here"));
                    continue;
                }
                m.dr = read_dr(file, hloc, block.body, diags);
            }
            "check" => {
                if !want(1, diags, "the check name") {
                    continue;
                }
                let c = read_check(&labs[0], file, hloc.clone(), block.body, diags);
                if m.checks.contains_key(&c.name) {
                    diags.push(Diagnostic::error(format!("Duplicate check \"{}\"", c.name)).at(Some(hloc)));
                    continue;
                }
                m.checks.insert(c.name.clone(), c);
            }
            other => {
                let known = [
                    "resource",
                    "data",
                    "variable",
                    "locals",
                    "output",
                    "provider",
                    "terraform",
                    "module",
                    "moved",
                    "import",
                    "dr",
                    "check",
                ];
                let mut d = Diagnostic::error(format!("Unsupported block type \"{other}\"")).at(Some(hloc));
                if let Some(s) = did_you_mean(other, known.iter().copied()) {
                    d = d.hint(format!("Did you mean \"{s}\"?"));
                }
                diags.push(d);
            }
        }
    }
}

/// A `condition` + `error_message` block (`what` names it in errors).
fn read_condition(file: FileId, b: Block, what: &str, diags: &mut Diagnostics) -> Option<Condition> {
    let at = header_loc(file, &b);
    let (mut condition, mut error_message) = (None, None);
    for s in b.body.into_iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "condition" => condition = Some(Expr { file, expr: a.value }),
                "error_message" => error_message = Some(Expr { file, expr: a.value }),
                other => diags.push(Diagnostic::error(format!("Unsupported argument \"{other}\" in {what}")).at(Some(loc(file, &a.key)))),
            },
            Structure::Block(inner) => diags.push(
                Diagnostic::error(format!("Unsupported block \"{}\" in {what}", inner.ident.as_str())).at(Some(header_loc(file, &inner))),
            ),
        }
    }
    match (condition, error_message) {
        (Some(condition), Some(error_message)) => Some(Condition { condition, error_message }),
        _ => {
            diags.push(
                Diagnostic::error(format!("A {what} block needs condition and error_message"))
                    .at(Some(at))
                    .hint(format!("{what} {{ condition = length(var.x) > 0  error_message = \"x must not be empty.\" }}")),
            );
            None
        }
    }
}

fn read_check(name: &str, file: FileId, location: Location, body: Body, diags: &mut Diagnostics) -> Check {
    let mut asserts = vec![];
    for s in body.into_iter() {
        match s {
            Structure::Block(b) if b.ident.as_str() == "assert" => asserts.extend(read_condition(file, b, "assert", diags)),
            Structure::Block(b) if b.ident.as_str() == "data" => diags.push(
                Diagnostic::error("Data sources inside a check block are not supported")
                    .at(Some(header_loc(file, &b)))
                    .hint("Declare the data source at the top level and refer to it from the assert."),
            ),
            Structure::Block(b) => diags.push(
                Diagnostic::error(format!("Unsupported block \"{}\" in check \"{name}\"", b.ident.as_str()))
                    .at(Some(header_loc(file, &b)))
                    .hint("A check block holds assert blocks."),
            ),
            Structure::Attribute(a) => diags.push(
                Diagnostic::error(format!("Unsupported argument \"{}\" in check \"{name}\"", a.key.as_str()))
                    .at(Some(loc(file, &a.key)))
                    .hint("A check block holds assert blocks."),
            ),
        }
    }
    if asserts.is_empty() {
        diags.push(Diagnostic::error(format!("Check \"{name}\" has no assert block")).at(Some(location.clone())));
    }
    Check { name: name.to_string(), location, asserts }
}

fn bool_attr(file: FileId, name: &str, e: &Expression, diags: &mut Diagnostics) -> bool {
    match e {
        Expression::Bool(b) => *b.value(),
        _ => {
            diags.push(
                Diagnostic::error(format!("\"{name}\" must be true or false"))
                    .detail("This argument is read before evaluation, so it must be a literal.")
                    .at(Some(loc(file, e))),
            );
            false
        }
    }
}

fn string_attr(file: FileId, name: &str, e: &Expression, diags: &mut Diagnostics) -> String {
    match e.as_str() {
        Some(s) => s.to_string(),
        None => {
            diags.push(Diagnostic::error(format!("\"{name}\" must be a literal string")).at(Some(loc(file, e))));
            String::new()
        }
    }
}

fn read_resource(mode: Mode, rtype: &str, name: &str, file: FileId, location: Location, body: Body, diags: &mut Diagnostics) -> Resource {
    let mut r = Resource {
        mode,
        rtype: rtype.to_string(),
        name: name.to_string(),
        file,
        location,
        count: None,
        for_each: None,
        depends_on: vec![],
        lifecycle: Lifecycle::default(),
        body: Body::new(),
    };
    for s in body.into_iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "count" => r.count = Some(Expr { file, expr: a.value }),
                "for_each" => r.for_each = Some(Expr { file, expr: a.value }),
                "depends_on" => match a.value {
                    Expression::Array(arr) => {
                        r.depends_on = arr.iter().map(|e| Expr { file, expr: e.clone() }).collect();
                    }
                    other => diags.push(
                        Diagnostic::error("depends_on must be a list of references")
                            .at(Some(loc(file, &other)))
                            .hint("Write depends_on = [azure_resource_group.main]."),
                    ),
                },
                // One azure provider drives both regions (each resource names its location).
                "provider" => {
                    if let Expression::Traversal(t) = &a.value
                        && !t.operators.is_empty()
                    {
                        diags.push(
                            Diagnostic::error("Provider aliases are not supported")
                                .detail("hadr drives both regions of the pair through one azure provider: each resource names its location, so no per-region provider is needed. Resources in a second subscription are not supported yet.")
                                .at(Some(loc(file, &a.value)))
                                .hint("Remove the provider argument and set location on the resource."),
                        );
                    }
                }
                _ => r.body.push(Structure::Attribute(a)),
            },
            Structure::Block(b) if b.ident.as_str() == "lifecycle" => {
                for s in b.body.into_iter() {
                    match s {
                        Structure::Attribute(a) => match a.key.as_str() {
                            "create_before_destroy" => {
                                r.lifecycle.create_before_destroy = bool_attr(file, "create_before_destroy", &a.value, diags)
                            }
                            "prevent_destroy" => r.lifecycle.prevent_destroy = bool_attr(file, "prevent_destroy", &a.value, diags),
                            "ignore_changes" => read_ignore_changes(file, &a.value, &mut r.lifecycle, diags),
                            "replace_triggered_by" => match a.value {
                                Expression::Array(arr) => {
                                    r.lifecycle.replace_triggered_by = arr.iter().map(|e| Expr { file, expr: e.clone() }).collect()
                                }
                                other => diags.push(
                                    Diagnostic::error("replace_triggered_by must be a list of references").at(Some(loc(file, &other))),
                                ),
                            },
                            other => diags
                                .push(Diagnostic::error(format!("Unsupported lifecycle argument \"{other}\"")).at(Some(loc(file, &a.key)))),
                        },
                        Structure::Block(b) if b.ident.as_str() == "precondition" => {
                            r.lifecycle.preconditions.extend(read_condition(file, b, "precondition", diags))
                        }
                        Structure::Block(b) if b.ident.as_str() == "postcondition" => {
                            r.lifecycle.postconditions.extend(read_condition(file, b, "postcondition", diags))
                        }
                        Structure::Block(b) => diags.push(
                            Diagnostic::error(format!("Unsupported block \"{}\" in lifecycle", b.ident.as_str()))
                                .at(Some(header_loc(file, &b)))
                                .hint("A lifecycle block holds precondition and postcondition blocks."),
                        ),
                    }
                }
            }
            Structure::Block(b) if b.ident.as_str() == "provisioner" || b.ident.as_str() == "connection" => diags.push(
                Diagnostic::error(format!("{} blocks are not supported", b.ident.as_str()))
                    .at(Some(header_loc(file, &b)))
                    .hint("hadr drives Azure through its API only; run scripts outside the plan."),
            ),
            Structure::Block(b) => r.body.push(Structure::Block(b)),
        }
    }
    if r.count.is_some() && r.for_each.is_some() {
        diags.push(
            Diagnostic::error("Invalid combination of \"count\" and \"for_each\"")
                .at(Some(r.location.clone()))
                .hint("A resource may use count or for_each, not both."),
        );
    }
    r
}

fn read_ignore_changes(file: FileId, e: &Expression, lc: &mut Lifecycle, diags: &mut Diagnostics) {
    match e {
        Expression::Variable(v) if v.as_str() == "all" => lc.ignore_all_changes = true,
        Expression::Array(arr) => {
            for item in arr.iter() {
                match item {
                    Expression::Variable(v) => lc.ignore_changes.push(v.as_str().to_string()),
                    Expression::Traversal(t) => {
                        if let Expression::Variable(v) = &t.expr {
                            lc.ignore_changes.push(v.as_str().to_string());
                        }
                    }
                    other => diags.push(Diagnostic::error("ignore_changes entries must be attribute names").at(Some(loc(file, other)))),
                }
            }
        }
        other => diags.push(Diagnostic::error("ignore_changes must be a list of attribute names, or all").at(Some(loc(file, other)))),
    }
}

fn read_module_call(name: &str, file: FileId, location: Location, body: Body, diags: &mut Diagnostics) -> Option<ModuleCall> {
    let mut c = ModuleCall {
        name: name.to_string(),
        file,
        location: location.clone(),
        source: String::new(),
        source_location: location.clone(),
        count: None,
        for_each: None,
        depends_on: vec![],
        inputs: BTreeMap::new(),
    };
    let mut has_source = false;
    for s in body.into_iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "source" => {
                    c.source_location = loc(file, &a.value);
                    c.source = string_attr(file, "source", &a.value, diags);
                    has_source = true;
                }
                "count" => c.count = Some(Expr { file, expr: a.value }),
                "for_each" => c.for_each = Some(Expr { file, expr: a.value }),
                "depends_on" => match a.value {
                    Expression::Array(arr) => c.depends_on = arr.iter().map(|e| Expr { file, expr: e.clone() }).collect(),
                    other => diags.push(Diagnostic::error("depends_on must be a list of references").at(Some(loc(file, &other)))),
                },
                "version" | "providers" => {}
                other => {
                    c.inputs.insert(other.to_string(), Expr { file, expr: a.value });
                }
            },
            Structure::Block(b) => diags.push(
                Diagnostic::error(format!("Unsupported block \"{}\" in module \"{name}\"", b.ident.as_str()))
                    .at(Some(header_loc(file, &b))),
            ),
        }
    }
    if !has_source {
        diags.push(
            Diagnostic::error(format!("Module \"{name}\" has no source")).at(Some(location)).hint("Add source = \"./path/to/module\"."),
        );
        return None;
    }
    if c.count.is_some() && c.for_each.is_some() {
        diags.push(Diagnostic::error("Invalid combination of \"count\" and \"for_each\"").at(Some(c.location.clone())));
    }
    Some(c)
}

fn read_variable(name: &str, file: FileId, location: Location, body: Body, diags: &mut Diagnostics) -> Variable {
    let mut v = Variable {
        name: name.to_string(),
        location,
        type_expr: None,
        default: None,
        description: String::new(),
        sensitive: false,
        nullable: true,
        validations: vec![],
    };
    for s in body.into_iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "type" => v.type_expr = Some(Expr { file, expr: a.value }),
                "default" => v.default = Some(Expr { file, expr: a.value }),
                "description" => v.description = string_attr(file, "description", &a.value, diags),
                "sensitive" => v.sensitive = bool_attr(file, "sensitive", &a.value, diags),
                "nullable" => v.nullable = bool_attr(file, "nullable", &a.value, diags),
                other => diags.push(
                    Diagnostic::error(format!("Unsupported argument \"{other}\" in variable \"{name}\""))
                        .at(Some(loc(file, &a.key)))
                        .hint("A variable takes type, default, description, sensitive and nullable."),
                ),
            },
            Structure::Block(b) if b.ident.as_str() == "validation" => {
                if let Some(c) = read_condition(file, b, "validation", diags) {
                    v.validations.push((c.condition, c.error_message));
                }
            }
            Structure::Block(b) => diags
                .push(Diagnostic::error(format!("Unsupported block \"{}\" in variable", b.ident.as_str())).at(Some(header_loc(file, &b)))),
        }
    }
    v
}

fn read_output(name: &str, file: FileId, location: Location, body: Body, diags: &mut Diagnostics) -> Option<Output> {
    let mut value = None;
    let mut sensitive = false;
    let mut description = String::new();
    let mut preconditions = vec![];
    for s in body.into_iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "value" => value = Some(Expr { file, expr: a.value }),
                "sensitive" => sensitive = bool_attr(file, "sensitive", &a.value, diags),
                "description" => description = string_attr(file, "description", &a.value, diags),
                "depends_on" => {}
                other => diags
                    .push(Diagnostic::error(format!("Unsupported argument \"{other}\" in output \"{name}\"")).at(Some(loc(file, &a.key)))),
            },
            Structure::Block(b) if b.ident.as_str() == "precondition" => {
                preconditions.extend(read_condition(file, b, "precondition", diags))
            }
            Structure::Block(b) => diags.push(
                Diagnostic::error(format!("Unsupported block \"{}\" in output \"{name}\"", b.ident.as_str()))
                    .at(Some(header_loc(file, &b)))
                    .hint("An output holds precondition blocks."),
            ),
        }
    }
    match value {
        Some(value) => Some(Output { name: name.to_string(), location, value, sensitive, description, preconditions }),
        None => {
            diags.push(Diagnostic::error(format!("Output \"{name}\" has no value")).at(Some(location)).hint("Add value = <expression>."));
            None
        }
    }
}

fn read_dr(file: FileId, location: Location, body: Body, diags: &mut Diagnostics) -> Option<DrDecl> {
    let (mut regions, mut primary, mut rto, mut rpo) = (None, None, None, None);
    for s in body.into_iter() {
        match s {
            Structure::Attribute(a) => match a.key.as_str() {
                "regions" => regions = Some(Expr { file, expr: a.value }),
                "primary" => primary = Some(Expr { file, expr: a.value }),
                other => diags.push(
                    Diagnostic::error(format!("Unsupported argument \"{other}\" in dr"))
                        .at(Some(loc(file, &a.key)))
                        .hint("dr takes regions, primary and an objectives block."),
                ),
            },
            Structure::Block(b) if b.ident.as_str() == "objectives" => {
                for s in b.body.into_iter() {
                    if let Structure::Attribute(a) = s {
                        match a.key.as_str() {
                            "rto" => rto = Some(Expr { file, expr: a.value }),
                            "rpo" => rpo = Some(Expr { file, expr: a.value }),
                            other => diags.push(
                                Diagnostic::error(format!("Unsupported argument \"{other}\" in objectives"))
                                    .at(Some(loc(file, &a.key)))
                                    .hint("objectives takes rto and rpo, e.g. rto = \"1h\"."),
                            ),
                        }
                    }
                }
            }
            Structure::Block(b) => {
                diags.push(Diagnostic::error(format!("Unsupported block \"{}\" in dr", b.ident.as_str())).at(Some(header_loc(file, &b))))
            }
        }
    }
    match (regions, primary) {
        (Some(regions), Some(primary)) => Some(DrDecl { location, regions, primary, rto, rpo }),
        _ => {
            diags.push(
                Diagnostic::error("The dr block needs regions and primary")
                    .at(Some(location))
                    .hint("dr { regions = [\"eastus\", \"westus\"]  primary = \"eastus\" }"),
            );
            None
        }
    }
}

/// The closest candidate within a small edit distance, for "did you mean" hints.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(word, c);
        let limit = (word.len().max(c.len()) / 3).max(2);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_without_touching_the_disk() {
        assert_eq!(normalize_path(Path::new("./../../modules/x")), PathBuf::from("../../modules/x"));
        assert_eq!(normalize_path(Path::new("examples/a/../../modules/x")), PathBuf::from("modules/x"));
        assert_eq!(normalize_path(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
}
