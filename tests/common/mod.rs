//! Helpers for tests that run the real `hadr` binary in a scratch directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub mod tfcase;

pub struct Work {
    pub dir: PathBuf,
    /// What is removed at the end (the dir, or the copy of the repository layout around it).
    root: PathBuf,
}

impl Work {
    /// A fresh directory under the target dir (removed on drop).
    pub fn new(name: &str) -> Work {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Work { root: dir.clone(), dir }
    }

    /// A scratch copy of `examples/NAME` that keeps the repository's layout,
    /// so `source = "../../modules/…"` resolves to a copy of `modules/`.
    pub fn example(name: &str, example: &str) -> Work {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&repo().join("modules"), &root.join("modules"));
        let dir = root.join("examples").join(example);
        std::fs::create_dir_all(&dir).unwrap();
        let w = Work { dir, root };
        w.copy_tf(&repo().join("examples").join(example));
        w
    }

    /// A scratch copy of a directory (an example, a test case step).
    pub fn copy_of(name: &str, src: &Path) -> Work {
        let w = Work::new(name);
        w.copy_tf(src);
        w
    }

    /// Replaces the .tf / .tfvars files with those of `src` (state and the simulated cloud stay).
    pub fn copy_tf(&self, src: &Path) {
        for e in std::fs::read_dir(&self.dir).unwrap().flatten() {
            let p = e.path();
            if p.is_file() && p.extension().is_some_and(|x| x == "tf" || x == "tfvars" || x == "json") && !p.ends_with("hadr.state.json") {
                std::fs::remove_file(p).unwrap();
            }
        }
        for e in std::fs::read_dir(src).unwrap().flatten() {
            let p = e.path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            // Configuration only: never a state a developer left in an example.
            if p.is_file() && (name.ends_with(".tf") || name.ends_with(".tfvars") || name.ends_with(".tfvars.json") || name == "vars.txt") {
                std::fs::copy(&p, self.dir.join(p.file_name().unwrap())).unwrap();
            }
        }
    }

    pub fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join(file), text).unwrap();
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hadr"));
        c.args(args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .env("HADR_SIM_OP_MS", "0")
            .env_remove("HADR_PROVIDER")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run(self.cmd(args).output().unwrap())
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut c = self.cmd(args);
        for (k, v) in env {
            c.env(k, v);
        }
        Run(c.output().unwrap())
    }

    pub fn state(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.dir.join("hadr.state.json")).unwrap()).unwrap()
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else if p.extension().is_some_and(|x| x == "tf") {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

pub struct Run(pub Output);

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    /// Asserts the exit code, showing the output when it differs.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code(), code, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout(), self.stderr());
        self
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Collapses runs of spaces, so assertions do not depend on `=` alignment.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(c);
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    out
}
