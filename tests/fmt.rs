//! `hadr fmt` through the binary: Terraform's canonical layout (expectations
//! recorded from `terraform fmt` in tests/fmt_cases/), `--check`, `--diff`,
//! comments, bad HCL, and a property test over generated files.

mod common;

use common::{Work, repo};
use std::path::PathBuf;

fn cases() -> Vec<(String, String, PathBuf, PathBuf)> {
    let dir = repo().join("tests/fmt_cases");
    let mut out = vec![];
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        for ext in ["tf", "tfvars"] {
            if let Some(stem) = name.strip_suffix(&format!(".in.{ext}")) {
                out.push((stem.to_string(), ext.to_string(), e.path(), dir.join(format!("{stem}.out.{ext}"))));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 15, "expected the recorded cases, found {}", out.len());
    out
}

/// Every recorded case, formatted in place, is byte for byte what `terraform fmt` wrote.
#[test]
fn matches_terraform_fmt_on_recorded_cases() {
    let w = Work::new("fmt-cases");
    let mut failures = vec![];
    for (stem, ext, input, expected) in cases() {
        let file = format!("{stem}.{ext}");
        let before = std::fs::read_to_string(&input).unwrap();
        let want =
            std::fs::read_to_string(&expected).unwrap_or_else(|_| panic!("{} missing: run tests/fmt_cases/record.sh", expected.display()));
        w.write(&file, &before);
        let r = w.run(&["fmt", &file]).expect(0);
        let got = std::fs::read_to_string(w.dir.join(&file)).unwrap();
        if got != want {
            failures.push(format!("{file}:\n--- terraform\n{want}\n--- hadr\n{got}"));
            continue;
        }
        // Lists the file exactly when it changed.
        assert_eq!(r.stdout().trim() == file, before != want, "{file}: listing {:?}", r.stdout());
        // Idempotent: the result is already canonical.
        w.run(&["fmt", "--check", &file]).expect(0);
    }
    assert!(failures.is_empty(), "{} case(s) differ from terraform fmt:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn check_exit_codes_and_listing() {
    let w = Work::new("fmt-check");
    w.write("a.tf", "a=1\n");
    w.write("b.tf", "b = 1\n");
    w.write("c.tfvars", "c   =  2\n");
    w.write("notes.txt", "x=1\n");
    let r = w.run(&["fmt", "--check"]).expect(3);
    assert_eq!(r.stdout(), "a.tf\nc.tfvars\n");
    // --check never writes.
    assert_eq!(std::fs::read_to_string(w.dir.join("a.tf")).unwrap(), "a=1\n");
    // Formatting lists what it changed; afterwards the check passes.
    let r = w.run(&["fmt"]).expect(0);
    assert_eq!(r.stdout(), "a.tf\nc.tfvars\n");
    assert_eq!(std::fs::read_to_string(w.dir.join("a.tf")).unwrap(), "a = 1\n");
    assert_eq!(std::fs::read_to_string(w.dir.join("notes.txt")).unwrap(), "x=1\n");
    let r = w.run(&["fmt", "--check"]).expect(0);
    assert_eq!(r.stdout(), "");
    // A single file, and a file that is not configuration.
    w.write("a.tf", "a  =  1\n");
    w.run(&["fmt", "--check", "b.tf"]).expect(0);
    w.run(&["fmt", "--check", "a.tf"]).expect(3);
    let r = w.run(&["fmt", "notes.txt"]).expect(1);
    assert!(r.stderr().contains("Only .tf and .tfvars"), "{}", r.stderr());
    let r = w.run(&["fmt", "missing"]).expect(1);
    assert!(r.stderr().contains("No file or directory at missing"), "{}", r.stderr());
}

#[test]
fn diff_is_unified_and_labelled() {
    let w = Work::new("fmt-diff");
    w.write("main.tf", "locals {\na=1\nbb = 2\n}\n");
    let r = w.run(&["fmt", "--check", "--diff"]).expect(3);
    let out = r.stdout();
    assert!(out.starts_with("main.tf\n--- old/main.tf\n+++ new/main.tf\n@@ -1,4 +1,4 @@\n"), "{out}");
    assert!(out.contains("\n-a=1\n-bb = 2\n+  a  = 1\n+  bb = 2\n"), "{out}");
    assert_eq!(std::fs::read_to_string(w.dir.join("main.tf")).unwrap(), "locals {\na=1\nbb = 2\n}\n");
    // Without --check the diff is printed and the file rewritten, as terraform fmt -diff does.
    w.run(&["fmt", "--diff"]).expect(0);
    assert_eq!(std::fs::read_to_string(w.dir.join("main.tf")).unwrap(), "locals {\n  a  = 1\n  bb = 2\n}\n");
    let r = w.run(&["fmt", "--diff"]).expect(0);
    assert_eq!(r.stdout(), "");
}

#[test]
fn recursive_only_when_asked_and_hidden_dirs_skipped() {
    let w = Work::new("fmt-recursive");
    std::fs::create_dir_all(w.dir.join("modules/net")).unwrap();
    std::fs::create_dir_all(w.dir.join(".terraform/x")).unwrap();
    w.write("main.tf", "a = 1\n");
    w.write("modules/net/main.tf", "b=1\n");
    w.write(".terraform/x/main.tf", "c=1\n");
    w.run(&["fmt", "--check"]).expect(0);
    let r = w.run(&["fmt", "--check", "--recursive"]).expect(3);
    assert_eq!(r.stdout(), "modules/net/main.tf\n");
    w.run(&["fmt", "--recursive", "."]).expect(0);
    assert_eq!(std::fs::read_to_string(w.dir.join("modules/net/main.tf")).unwrap(), "b = 1\n");
    assert_eq!(std::fs::read_to_string(w.dir.join(".terraform/x/main.tf")).unwrap(), "c=1\n");
}

#[test]
fn bad_hcl_is_reported_with_its_location_and_left_untouched() {
    let w = Work::new("fmt-bad");
    let bad = "locals {\n  a = 1\n  b = [1,\n}\n";
    w.write("bad.tf", bad);
    w.write("good.tf", "x=1\n");
    let r = w.run(&["fmt"]).expect(1);
    let err = r.stderr();
    assert!(err.contains("Invalid HCL syntax"), "{err}");
    assert!(err.contains("bad.tf:4:1"), "{err}");
    assert_eq!(std::fs::read_to_string(w.dir.join("bad.tf")).unwrap(), bad);
    // The other files are still formatted.
    assert_eq!(std::fs::read_to_string(w.dir.join("good.tf")).unwrap(), "x = 1\n");
    let r = w.run(&["fmt", "--check", "bad.tf"]).expect(1);
    assert!(r.stderr().contains("bad.tf:4:1"), "{}", r.stderr());
}

#[test]
fn stdin_to_stdout() {
    let w = Work::new("fmt-stdin");
    let mut c = w.cmd(&["fmt", "-"]);
    c.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"a=1\nbbb=2 # c\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a   = 1\nbbb = 2 # c\n");
}

#[test]
fn every_comment_survives_the_recorded_cases() {
    let w = Work::new("fmt-comments");
    for (stem, ext, input, _) in cases() {
        let file = format!("{stem}.{ext}");
        let before = std::fs::read_to_string(&input).unwrap();
        w.write(&file, &before);
        w.run(&["fmt", &file]).expect(0);
        let after = std::fs::read_to_string(w.dir.join(&file)).unwrap();
        // Same comments, in the same order (string contents never change, so a
        // `#` inside a string reads the same on both sides).
        assert_eq!(comments(&before), comments(&after), "{file}");
    }
}

/// Comment texts (without their line ending) of HCL that has no `#`, `//` or
/// `/*` inside strings or heredocs — true of the generated files below.
fn comments(src: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = src;
    while let Some(i) = rest.find(['#', '/']) {
        let tail = &rest[i..];
        if tail.starts_with('#') || tail.starts_with("//") {
            let end = tail.find('\n').unwrap_or(tail.len());
            out.push(tail[..end].trim_end_matches('\r').to_string());
            rest = &tail[end..];
        } else if tail.starts_with("/*") {
            let end = tail.find("*/").map(|e| e + 2).unwrap_or(tail.len());
            out.push(tail[..end].to_string());
            rest = &tail[end..];
        } else {
            rest = &tail[1..];
        }
    }
    out
}

/// Property: generated files with comments and whitespace everywhere format
/// idempotently, keep every comment in order, and keep their structure.
#[test]
fn property_idempotent_keeps_comments_and_structure() {
    const FILES: u64 = 300;
    let w = Work::new("fmt-property");
    let mut originals = vec![];
    for seed in 0..FILES {
        let mut g = Gen::new(seed);
        let text = g.file();
        let name = format!("g{seed:03}.tf");
        let (mut found, mut made) = (comments(&text.replace("\r\n", "\n")), g.comments.clone());
        found.sort();
        made.sort();
        assert_eq!(found, made, "generator bookkeeping, seed {seed}:\n{text}");
        hcl::parse(&text).unwrap_or_else(|e| panic!("generated file does not parse (seed {seed}): {e}\n{text}"));
        w.write(&name, &text);
        originals.push((name, text));
    }
    w.run(&["fmt"]).expect(0);
    // Idempotent: formatting the formatted files changes nothing.
    let r = w.run(&["fmt", "--check"]);
    assert_eq!(r.code(), 0, "not idempotent:\n{}", r.stdout());
    let mut changed = 0;
    for (name, before) in &originals {
        let after = std::fs::read_to_string(w.dir.join(name)).unwrap();
        changed += usize::from(&after != before);
        // The same comments, in the same order.
        assert_eq!(comments(&after), comments(before), "{name}: comments changed\n--- before\n{before}\n--- after\n{after}");
        let (a, b) = (hcl::parse(before).unwrap(), hcl::parse(&after).unwrap_or_else(|e| panic!("{name} no longer parses: {e}\n{after}")));
        assert_eq!(canon_body(&a), canon_body(&b), "{name}: structure changed\n--- before\n{before}\n--- after\n{after}");
    }
    assert!(changed > FILES as usize / 2, "the generator should produce mostly unformatted files ({changed} changed)");
}

// ---- a small deterministic generator of messy, valid HCL ----

struct Gen {
    state: u64,
    next_comment: usize,
    comments: Vec<String>,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen { state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03, next_comment: 0, comments: vec![] }
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }

    /// A comment with a unique text; a `line` comment comes with its newline.
    fn comment(&mut self, line: bool) -> String {
        self.next_comment += 1;
        let n = self.next_comment;
        let c = if line {
            match self.below(3) {
                0 => format!("# c{n}"),
                1 => format!("// c{n} trailing  "),
                _ => format!("#c{n}"),
            }
        } else if self.chance(20) {
            format!("/* c{n}\n   spans lines */")
        } else {
            format!("/* c{n} */")
        };
        self.comments.push(c.clone());
        if line { c + "\n" } else { c }
    }

    fn sp(&mut self) -> String {
        self.pick(&["", " ", " ", "  ", "\t", "    "]).to_string()
    }

    /// Horizontal space, sometimes with an inline comment.
    fn ws(&mut self) -> String {
        let mut s = self.sp();
        if self.chance(6) {
            s += &self.comment(false);
            s += &self.sp();
        }
        s
    }

    /// Space where a newline is allowed (inside brackets): blank lines, line comments.
    fn nl(&mut self, indent: &str) -> String {
        let mut s = self.ws();
        if self.chance(25) {
            if self.chance(40) {
                s += " ";
                s += &self.comment(true);
            } else {
                s += "\n";
            }
            s += self.pick(&["", "  ", "\t", "        "]);
            s += indent;
        }
        s
    }

    fn ident(&mut self) -> String {
        self.pick(&["a", "bb", "name", "long_attribute_name", "x1", "tags", "k", "value"]).to_string()
    }

    fn expr(&mut self, indent: &str, depth: u32) -> String {
        if depth > 3 {
            return self.pick(&["1", "true", "null", "\"s\"", "var.x"]).to_string();
        }
        let inner = format!("{indent}  ");
        match self.below(14) {
            0 => self.pick(&["1", "0", "2.5", "1e3", "-7", "100"]).to_string(),
            1 => self.pick(&["\"\"", "\"text\"", "\"with space\"", "\"esc\\n\\\"q\"", "\"日本\""]).to_string(),
            2 => self.pick(&["true", "false", "null"]).to_string(),
            3 => self.traversal(indent, depth),
            4 => {
                let (before, a, after) = (self.ws(), self.expr(indent, depth + 1), self.ws());
                format!("\"pre-${{{before}{a}{after}}}-post\"")
            }
            5 | 6 => {
                let multi = self.chance(50);
                let n = self.below(4);
                let mut s = "[".to_string();
                for i in 0..n {
                    if multi {
                        s += &self.nl(&inner);
                        s += "\n";
                        s += &inner;
                    } else {
                        s += &self.ws();
                    }
                    s += &self.expr(&inner, depth + 1);
                    s += &self.ws();
                    if i + 1 < n || self.chance(40) {
                        s += ",";
                    }
                }
                s += &if multi { format!("{}\n{indent}", self.nl(&inner)) } else { self.ws() };
                s + "]"
            }
            7 | 8 => {
                let multi = self.chance(60);
                let mut keys = vec!["a", "bb", "ccc", "\"quoted key\"", "long_key_name"];
                let n = self.below(4) as usize;
                let mut s = "{".to_string();
                for _ in 0..n {
                    let k = keys.remove(self.below(keys.len() as u64) as usize);
                    let assign = self.pick(&["=", "=", ":"]);
                    let v = self.expr(&inner, depth + 1);
                    if multi {
                        s += &self.nl(&inner);
                        s += &format!("\n{inner}{k}{}{assign}{}{v}", self.ws(), self.ws());
                        if self.chance(30) {
                            s += ",";
                        }
                        if self.chance(30) {
                            s += " ";
                            s += &self.comment(true);
                            s += &inner;
                        }
                    } else {
                        s += &format!("{}{k}{}{assign}{}{v}{},", self.ws(), self.ws(), self.ws(), self.ws());
                    }
                }
                s += &if multi { format!("\n{indent}") } else { self.ws() };
                s + "}"
            }
            9 => {
                let f = self.pick(&["upper", "merge", "format", "concat", "provider::terraform::encode_tfvars"]);
                let n = self.below(3);
                let mut args = self.ws();
                for i in 0..n {
                    if i > 0 {
                        args += &format!("{},{}", self.ws(), self.ws());
                    }
                    args += &self.expr(indent, depth + 1);
                }
                format!("{f}({args}{})", self.ws())
            }
            10 => {
                let (c, t, e) = (self.expr(indent, depth + 1), self.expr(indent, depth + 1), self.expr(indent, depth + 1));
                format!("{c}{}?{}{t}{}:{}{e}", self.ws(), self.ws(), self.ws(), self.ws())
            }
            11 => {
                let op = self.pick(&["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]);
                let (a, b) = (self.expr(indent, depth + 1), self.expr(indent, depth + 1));
                // `/` right before `/* … */` would start a line comment.
                format!("{a}{}{op} {}{b}", self.ws(), self.ws())
            }
            12 => {
                let coll = self.traversal(indent, depth);
                let val = self.expr(indent, depth + 1);
                if self.chance(50) {
                    format!("[for{}x{}in {coll}{}:{}{val}{}]", self.sp1(), self.sp1(), self.ws(), self.ws(), self.ws())
                } else {
                    format!("{{for k,{}v in {coll}{}:{}k{}=>{}{val}{}}}", self.ws(), self.ws(), self.ws(), self.ws(), self.ws(), self.ws())
                }
            }
            _ => {
                let e = self.expr(indent, depth + 1);
                format!("({}{e}{})", self.nl(&inner), self.nl(&inner))
            }
        }
    }

    fn sp1(&mut self) -> String {
        self.pick(&[" ", "  ", "\t"]).to_string()
    }

    fn traversal(&mut self, indent: &str, depth: u32) -> String {
        let mut s = self.pick(&["var", "local", "each", "module", "data"]).to_string();
        for _ in 0..self.below(4) {
            match self.below(5) {
                0 | 1 => {
                    s += ".";
                    s += &self.ident();
                }
                2 => s += &format!("[{}{}{}]", self.ws(), self.pick(&["0", "\"k\"", "var.i"]), self.ws()),
                3 if depth < 3 => {
                    // terraform fmt drops a bare `true`/`false`/`null` index (an hclwrite bug).
                    let e = self.expr(indent, depth + 2);
                    let e = if ["true", "false", "null"].contains(&e.as_str()) { "1".to_string() } else { e };
                    s += &format!("[{e}]");
                }
                _ => {
                    if !s.ends_with('*') {
                        s += self.pick(&["[*]", ".*"]);
                        s += ".";
                        s += &self.ident();
                    }
                }
            }
        }
        s
    }

    fn body(&mut self, indent: &str, depth: u32) -> String {
        let mut out = String::new();
        let mut used = std::collections::BTreeSet::new();
        for _ in 0..self.below(if depth == 0 { 8 } else { 5 }) + 1 {
            let lead = self.pick(&["", "", "  ", "\t", "     "]).to_string() + indent;
            match self.below(10) {
                0..=4 => {
                    let key = self.ident();
                    if !used.insert(key.clone()) {
                        continue;
                    }
                    if self.chance(8) {
                        // A heredoc (its content never changes).
                        let (dash, close) = if self.chance(50) { ("-", "    EOT") } else { ("", "EOT") };
                        let body = self.pick(&["text\n", "  indented ${var.x}\n", "a\n\tb ${ local.y }\n", "%{ if true }t%{ endif }\n"]);
                        out += &format!("{lead}{key}{}={}<<{dash}EOT\n{body}{close}\n", self.ws(), self.ws());
                        continue;
                    }
                    let v = self.expr(indent, 0);
                    out += &format!("{lead}{key}{}={}{v}", self.ws(), self.ws());
                    if self.chance(30) {
                        out += " ";
                        out += &self.comment(true);
                    } else {
                        out += &self.sp();
                        out += "\n";
                    }
                }
                5 | 6 if depth < 3 => {
                    let t = self.pick(&["resource", "locals", "dynamic", "lifecycle", "settings"]);
                    let labels = match self.below(3) {
                        0 => String::new(),
                        1 => format!("{}\"one\"", self.sp1()),
                        _ => format!("{}\"one\"{}\"two\"", self.sp1(), self.sp1()),
                    };
                    if self.chance(15) {
                        let v = self.pick(&["1", "\"s\"", "var.x", "[1, 2]", "{ a = 1 }"]);
                        out += &format!("{lead}{t}{labels}{}{{{}k{}={}{v}{}}}\n", self.sp(), self.sp(), self.ws(), self.ws(), self.sp());
                    } else {
                        out += &format!("{lead}{t}{labels}{}{{{}", self.ws(), self.sp());
                        if self.chance(25) {
                            out += &self.comment(true);
                        } else {
                            out += "\n";
                        }
                        out += &self.body(&format!("{indent}  "), depth + 1);
                        out += &format!("{}{indent}}}{}\n", self.pick(&["", "  ", "\t"]), self.sp());
                    }
                }
                7 => {
                    let line = self.chance(70);
                    let c = self.comment(line);
                    out += &format!("{lead}{c}{}", if line { "" } else { "\n" });
                }
                8 => out += &format!("{}\n", self.sp()),
                _ => out += "\n\n",
            }
        }
        out
    }

    fn file(&mut self) -> String {
        let mut s = self.body("", 0);
        if self.chance(15) {
            s = s.trim_end_matches('\n').to_string();
        }
        if self.chance(10) {
            s = s.replace('\n', "\r\n");
        }
        s
    }
}

// ---- structure of a parsed body, with templates parsed (so only meaning counts) ----

fn canon_body(b: &hcl::Body) -> String {
    let mut out = String::new();
    for s in b.iter() {
        match s {
            hcl::Structure::Attribute(a) => out += &format!("{} = {};", a.key, canon(&a.expr)),
            hcl::Structure::Block(b) => out += &format!("{} {:?} {{{}}}", b.identifier, b.labels, canon_body(&b.body)),
        }
    }
    out
}

fn canon(e: &hcl::Expression) -> String {
    use hcl::Expression as E;
    use hcl::expr::{Operation, TraversalOperator};
    let list = |xs: &[hcl::Expression]| xs.iter().map(canon).collect::<Vec<_>>().join(", ");
    match e {
        E::Array(xs) => format!("[{}]", list(xs)),
        E::Object(o) => {
            let items: Vec<String> = o
                .iter()
                .map(|(k, v)| {
                    let k = match k {
                        hcl::ObjectKey::Identifier(i) => i.to_string(),
                        hcl::ObjectKey::Expression(e) => canon(e),
                        other => format!("{other:?}"),
                    };
                    format!("{k}: {}", canon(v))
                })
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        E::TemplateExpr(t) => match hcl::Template::from_expr(t) {
            Ok(t) => format!("template({})", canon_template(&t)),
            Err(e) => format!("bad template {e}"),
        },
        E::Traversal(t) => {
            let mut s = format!("({})", canon(&t.expr));
            for op in &t.operators {
                s += &match op {
                    TraversalOperator::Index(i) => format!("[{}]", canon(i)),
                    other => format!("{other:?}"),
                };
            }
            s
        }
        E::FuncCall(f) => format!("{:?}({}{})", f.name, list(&f.args), if f.expand_final { "..." } else { "" }),
        E::Parenthesis(p) => format!("({})", canon(p)),
        E::Conditional(c) => format!("if({}, {}, {})", canon(&c.cond_expr), canon(&c.true_expr), canon(&c.false_expr)),
        E::Operation(op) => match op.as_ref() {
            Operation::Unary(u) => format!("{:?}({})", u.operator, canon(&u.expr)),
            Operation::Binary(b) => format!("{:?}({}, {})", b.operator, canon(&b.lhs_expr), canon(&b.rhs_expr)),
        },
        E::ForExpr(f) => format!(
            "for({:?}, {:?}, {}, {:?}, {}, {}, {:?})",
            f.key_var,
            f.value_var,
            canon(&f.collection_expr),
            f.key_expr.as_ref().map(canon),
            canon(&f.value_expr),
            f.grouping,
            f.cond_expr.as_ref().map(canon)
        ),
        other => format!("{other:?}"),
    }
}

fn canon_template(t: &hcl::Template) -> String {
    use hcl::template::{Directive, Element};
    let mut s = String::new();
    for el in t.elements() {
        s += &match el {
            Element::Literal(l) => format!("{l:?}"),
            Element::Interpolation(i) => format!("${{{:?} {}}}", i.strip, canon(&i.expr)),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => format!(
                    "%if({}, {}, {:?})",
                    canon(&d.cond_expr),
                    canon_template(&d.true_template),
                    d.false_template.as_ref().map(canon_template)
                ),
                Directive::For(d) => {
                    format!("%for({:?}, {:?}, {}, {})", d.key_var, d.value_var, canon(&d.collection_expr), canon_template(&d.template))
                }
            },
        };
    }
    s
}

/// The repository's own configuration is in canonical layout, as users of
/// `terraform fmt` expect of published examples and modules.
#[test]
fn examples_and_modules_are_formatted() {
    let w = Work::new("fmt-repo");
    let r = w.run(&["fmt", "--check", "--recursive", repo().join("examples").to_str().unwrap(), repo().join("modules").to_str().unwrap()]);
    assert_eq!(r.code(), 0, "run `hadr fmt --recursive examples modules`:\n{}", r.stdout());
}
