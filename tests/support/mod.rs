//! A small LSP test client: spawns the built `revlint lsp`, frames JSON-RPC over its stdio and
//! waits with timeouts, so a hung server fails the test instead of blocking it. Requests the
//! server sends (`client/registerCapability`, ...) are answered with `null`.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages received but not yet asked for, in arrival order.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// Every `window/logMessage` and `window/showMessage` seen so far.
    pub messages: Vec<Value>,
    /// Requests the server sent the client (`client/registerCapability`, ...), answered `null`.
    pub server_requests: Vec<Value>,
    stderr: Receiver<String>,
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    pub fn spawn() -> Client {
        Client::spawn_with(&["lsp"], &[])
    }

    pub fn spawn_with(args: &[&str], env: &[(&str, &str)]) -> Client {
        Client::spawn_program(env!("CARGO_BIN_EXE_revlint"), args, env)
    }

    /// Any language server over stdio (e.g. a peer server for a side-by-side benchmark).
    pub fn spawn_program(program: &str, args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {program}: {e}"));
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let stdin = child.stdin.take();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let (etx, erx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        Client {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
            messages: Vec::new(),
            server_requests: Vec::new(),
            stderr: erx,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&frame(&msg.to_string()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("response to {id}"), |m| {
            m.get("method").is_none() && m["id"] == json!(id)
        })
    }

    /// The next message (from the backlog first) that `pred` accepts; others stay in the backlog.
    pub fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(what, TIMEOUT, pred)
    }

    /// [`Client::wait`] with its own time limit (e.g. for a 10 MB document in a debug build).
    pub fn wait_for(&mut self, what: &str, timeout: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).expect("present");
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) => {
                    if let Some(msg) = self.note(msg) {
                        if pred(&msg) {
                            return msg;
                        }
                        self.backlog.push_back(msg);
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}; backlog: {:?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "server closed its output while waiting for {what}; backlog: {:?}",
                        self.backlog
                    )
                }
            }
        }
    }

    /// Answers server requests and records log messages; returns what is left to look at.
    fn note(&mut self, msg: Value) -> Option<Value> {
        let method = msg.get("method").and_then(Value::as_str).map(str::to_string);
        if let (Some(_), Some(id)) = (&method, msg.get("id")) {
            let id = id.clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
            self.server_requests.push(msg);
            return None;
        }
        if matches!(method.as_deref(), Some("window/logMessage" | "window/showMessage")) {
            self.messages.push(msg.clone());
        }
        Some(msg)
    }

    /// Takes in whatever has arrived within `wait`, without blocking longer.
    pub fn drain(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        while let Ok(msg) = self
            .incoming
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            if let Some(msg) = self.note(msg) {
                self.backlog.push_back(msg);
            }
        }
    }

    pub fn initialize_with(&mut self, capabilities: Value, options: Value) -> Value {
        let res = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": options, "workspaceFolders": null,
                   "clientInfo": {"name": "revlint-tests"}}),
        );
        self.notify("initialized", json!({}));
        res
    }

    pub fn initialize(&mut self) -> Value {
        self.initialize_with(json!({}), Value::Null)
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    /// An incremental change: replace `(l1,c1)-(l2,c2)` by `text`.
    pub fn edit(&mut self, uri: &str, version: i64, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [
                {"range": {"start": {"line": range[0], "character": range[1]},
                           "end": {"line": range[2], "character": range[3]}}, "text": text}]}),
        );
    }

    pub fn replace_all(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The diagnostics published for `uri` at `version` (earlier publishes are skipped).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// The `placeholder` findings published for `uri` at `version` (the rule the tests drive;
    /// other rules' findings on the small test notes are left out).
    pub fn placeholders(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let all = self.diagnostics(uri, version);
        all.into_iter().filter(|d| d["code"] == "placeholder").collect()
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    /// `shutdown` then `exit`; the exit code.
    pub fn shutdown_and_exit(mut self) -> Option<i32> {
        let res = self.request("shutdown", Value::Null);
        assert!(res.get("error").is_none(), "shutdown failed: {res}");
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    /// Waits for the process to end; `None` if it does not within the timeout.
    pub fn exit_code(&mut self) -> Option<i32> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Versions of the publishes for `uri` still in the backlog, in arrival order.
    pub fn published_versions(&self, uri: &str) -> Vec<i64> {
        self.backlog
            .iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect()
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// The next stderr line containing `needle`, waiting up to the timeout.
    pub fn stderr_line(&mut self, needle: &str) -> Option<String> {
        let deadline = Instant::now() + TIMEOUT;
        while let Ok(line) = self
            .stderr
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            if line.contains(needle) {
                return Some(line);
            }
        }
        None
    }

    /// stderr lines that have arrived so far.
    pub fn stderr_lines(&mut self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }

    /// Log messages at error level (type 1), e.g. a caught panic.
    pub fn error_logs(&self) -> Vec<&Value> {
        self.messages.iter().filter(|m| m["params"]["type"] == 1).collect()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A `file://` URI for a made-up path.
pub fn uri(name: &str) -> String {
    format!("file:///tmp/revlint-lsp-tests/{name}")
}

/// The example 10-K note's whole lines, repeated up to `bytes`: the document the latency
/// benchmarks edit.
pub fn example_note_of_size(bytes: usize) -> String {
    const NOTE: &str = include_str!("../../examples/revenue-note-10k.md");
    let mut text = String::with_capacity(bytes);
    for line in NOTE.split_inclusive('\n').cycle() {
        if text.len() + line.len() > bytes {
            break;
        }
        text.push_str(line);
    }
    text
}

/// The `p` quantile (0..=1) of sorted durations; zero for none.
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}
