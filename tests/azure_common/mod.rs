//! A `hadr emulator` child process for the azure tests, and a raw HTTP client.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `hadr emulator` on a free loopback port.
pub struct Emulator {
    child: Child,
    /// Kept open: the emulator must be able to write to its stdout.
    _stdout: BufReader<std::process::ChildStdout>,
    pub addr: String,
    pub data: PathBuf,
}

impl Emulator {
    pub fn start(data: &Path, op_ms: u64, flags: &[&str]) -> Emulator {
        std::fs::create_dir_all(data).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_hadr"))
            .args(["emulator", "--data", data.to_str().unwrap()])
            .args(flags)
            .env("HADR_SIM_OP_MS", op_ms.to_string())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        let addr = first.trim().rsplit("http://").next().unwrap().to_string();
        assert!(addr.starts_with("127.0.0.1:"), "first line names the address: {first}");
        Emulator { child, _stdout: stdout, addr, data: data.to_path_buf() }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// One raw HTTP/1.1 request; (status, headers, body).
    pub fn request(&self, method: &str, path: &str, body: Option<&str>, headers: &[(&str, &str)]) -> (u16, String, String) {
        http(&self.addr, method, path, body, headers)
    }

    /// Objects in the simulated cloud behind the emulator.
    pub fn objects(&self) -> usize {
        let out = Command::new(env!("CARGO_BIN_EXE_hadr")).args(["sim", "list", self.data.to_str().unwrap()]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn http(addr: &str, method: &str, path: &str, body: Option<&str>, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let body = body.unwrap_or("");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer test\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_ascii_lowercase(), rest.to_string())
}
