//! End-to-end: what a broken or hostile client sends. Each gets the spec's answer or a logged
//! warning; the server keeps serving and keeps every open document's text. Any error-level log
//! (which is how a caught panic shows) fails the test.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{frame, uri, Client};

#[test]
fn request_before_initialize_is_refused() {
    let mut c = Client::spawn();
    let res = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(res["error"]["code"], -32002, "{res}");
    c.initialize();
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn malformed_messages_get_spec_errors_and_the_server_stays_up() {
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("hostile-revenue.md");
    c.open(&u, "markdown", 1, "# Revenue\n\nTBD.\n");
    assert_eq!(c.placeholders(&u, 1).len(), 1);

    // Invalid JSON: a parse error with a null id.
    c.send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": "));
    let err = c.wait("parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(err["id"], Value::Null);

    // Valid JSON that is not a request.
    c.send_raw(&frame("[1, 2, 3]"));
    let err = c.wait("invalid request", |m| {
        m["error"]["code"] == -32600 || m["error"]["code"] == -32700
    });
    assert_eq!(err["id"], Value::Null);

    // Unknown request method; unknown notification (ignored).
    let res = c.request("revlint/noSuchThing", json!({}));
    assert_eq!(res["error"]["code"], -32601, "{res}");
    c.notify("revlint/noSuchNotification", json!({}));

    // A hover with wrong params.
    let res = c.request("textDocument/hover", json!({"nope": 1}));
    assert_eq!(res["error"]["code"], -32602, "{res}");

    // didChange for a document that is not open: a logged warning.
    c.edit(&uri("never-opened.md"), 2, [0, 0, 0, 0], "x");
    let warned = c.wait("warning", |m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().unwrap_or("").contains("not open")
    });
    assert_eq!(warned["params"]["type"], 2);

    // Out-of-range positions: clamped.
    let h = c.hover(&u, 999, 999);
    assert!(h.get("error").is_none(), "{h}");
    c.edit(&u, 2, [500, 3, 900, 1], " More TBD.");
    let d = c.placeholders(&u, 2);
    assert_eq!(d.len(), 2, "{d:?}");

    // A version going backwards: applied in arrival order, with a warning.
    c.edit(&u, 1, [0, 0, 0, 0], "");
    c.placeholders(&u, 1);

    // The document's text is intact: one more edit lands where expected.
    c.edit(&u, 3, [2, 0, 2, 4], "Done.");
    let d = c.placeholders(&u, 3);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["range"]["start"]["line"], 3, "the appended TBD on the last line");

    c.drain(Duration::from_millis(50));
    assert!(c.error_logs().is_empty(), "{:?}", c.messages);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn a_huge_line_and_a_large_document_are_served() {
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("huge-revenue.txt");
    // 1 MB without a newline, then a placeholder.
    let text = format!("Revenue {} TBD", "word ".repeat(200_000));
    c.open(&u, "plaintext", 1, &text);
    let d = c.placeholders(&u, 1);
    assert_eq!(d.len(), 1);
    // Typing at the end of the long line.
    let end = text.encode_utf16().count() as u32;
    c.edit(&u, 2, [0, end, 0, end], " XX%");
    let d = c.placeholders(&u, 2);
    assert_eq!(d.len(), 2, "{d:?}");
    // A small document is still served while the large one is open.
    let small = uri("small-revenue.md");
    c.open(&small, "markdown", 1, "# Revenue\n\nTBD.\n");
    assert_eq!(c.placeholders(&small, 1).len(), 1);
    assert!(c.error_logs().is_empty(), "{:?}", c.messages);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn end_of_input_without_exit_ends_the_server() {
    let mut c = Client::spawn();
    c.initialize();
    c.close_stdin();
    assert_eq!(c.exit_code(), Some(1));
}

#[test]
fn shutdown_then_requests_are_refused_and_exit_is_0() {
    let mut c = Client::spawn();
    c.initialize();
    let res = c.request("shutdown", Value::Null);
    assert_eq!(res["result"], Value::Null);
    let res = c.hover(&uri("x.md"), 0, 0);
    assert_eq!(res["error"]["code"], -32600, "{res}");
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Broken frames, odd document sync and large inputs, each followed by a check that another open
// document still has exactly its text (its outline and a hover reveal it), and that no panic
// was ever caught and logged.

const NOTE_A: &str = "# Revenue from contracts with customers\n\n## Remaining performance obligations\n\nRemaining performance obligations were $791.4 million as of June 30, 2023, of which we expect to recognize 65% over the next 12 months.\n\n## Contract balances\n\nDeferred revenue was TBD as of June 30, 2023.\n";

/// What requests reveal of a document's text: its outline (section names and ranges, so line
/// lengths) and the hover on `$791.4 million` (line 4, character 39).
fn reveal(c: &mut Client, u: &str) -> Value {
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
    let hover = c.hover(u, 4, 40);
    json!([symbols["result"], hover["result"]])
}

/// Fails on any log line or stderr line that reports a panic, caught or not.
fn assert_no_panic(c: &mut Client) {
    c.drain(Duration::from_millis(100));
    let panics: Vec<&Value> = c
        .messages
        .iter()
        .filter(|m| {
            m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .to_lowercase()
                .contains("panic")
        })
        .collect();
    assert!(panics.is_empty(), "the server caught a panic: {panics:?}");
    let stderr: Vec<String> = c
        .stderr_lines()
        .into_iter()
        .filter(|l| l.contains("panicked"))
        .collect();
    assert!(stderr.is_empty(), "the server panicked: {stderr:?}");
}

fn open_note_a(c: &mut Client) -> (String, Value) {
    let a = uri("a-revenue.md");
    c.open(&a, "markdown", 1, NOTE_A);
    c.diagnostics(&a, 1);
    let before = reveal(c, &a);
    assert!(
        before[1]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("791,400,000"),
        "{before}"
    );
    (a, before)
}

fn warned(c: &mut Client, needle: &str) -> Value {
    c.wait(&format!("a warning about {needle:?}"), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["type"] == 2
            && m["params"]["message"].as_str().unwrap_or("").contains(needle)
    })
}

#[test]
fn broken_frames_get_answers_and_cost_no_document() {
    let mut c = Client::spawn();
    c.initialize();
    let (a, before) = open_note_a(&mut c);
    let parse_error = |m: &Value| m["error"]["code"] == -32700 && m["id"] == Value::Null;

    // Headers: a bad number, no Content-Length at all, an absurd length, a line without colon.
    c.send_raw(b"Content-Length: abc\r\n\r\n{}");
    c.wait("parse error for a bad Content-Length", parse_error);
    assert_eq!(reveal(&mut c, &a), before);
    c.send_raw(b"X-Junk: 1\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"shutdown\"}");
    assert_eq!(reveal(&mut c, &a), before, "a frame without Content-Length is skipped");
    warned(&mut c, "skipped");
    c.send_raw(b"Content-Length: 99999999999999999\r\n\r\n");
    c.wait("parse error for a huge Content-Length", parse_error);
    assert_eq!(reveal(&mut c, &a), before);
    c.send_raw(b"this is no header at all\r\n\r\n");
    c.wait("parse error for a line that is no header", parse_error);
    assert_eq!(reveal(&mut c, &a), before);

    // Wrong Content-Length, both ways: the message is answered with a parse error, and the
    // ones after it are served again (not read out of step forever).
    let body = json!({"jsonrpc": "2.0", "id": 78, "method": "textDocument/hover",
                      "params": {"textDocument": {"uri": a}, "position": {"line": 0, "character": 0}}})
    .to_string();
    for announced in [body.len() - 7, body.len() + 7] {
        let mut bytes = format!("Content-Length: {announced}\r\n\r\n").into_bytes();
        bytes.extend(body.as_bytes());
        c.send_raw(&bytes);
        if announced > body.len() {
            // The overlong body swallows the next message's header: that one is lost.
            c.notify("$/lostToTheOverlongBody", json!({}));
        }
        c.wait("parse error for a wrong Content-Length", parse_error);
        assert_eq!(reveal(&mut c, &a), before, "after Content-Length {announced}");
    }

    // Bodies: not JSON, not UTF-8, out-of-range number, JSON that is not JSON-RPC.
    c.send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 9"));
    c.wait("parse error for invalid JSON", parse_error);
    let not_utf8 = b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"junk\":\"\xff\xfe\"}";
    let mut bytes = format!("Content-Length: {}\r\n\r\n", not_utf8.len()).into_bytes();
    bytes.extend(not_utf8);
    c.send_raw(&bytes);
    c.wait("parse error for invalid UTF-8", parse_error);
    c.send_raw(&frame("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"junk\":1e999}"));
    c.wait("parse error for an out-of-range number", parse_error);
    c.send_raw(&frame("{\"hello\": \"world\"}"));
    let err = c.wait("invalid request", |m| m["error"]["code"] == -32600);
    assert_eq!(err["id"], Value::Null);
    assert_eq!(reveal(&mut c, &a), before);

    // Unknown methods: a request gets MethodNotFound; notifications are ignored.
    let res = c.request("workspace/noSuchRequest", json!(null));
    assert_eq!(res["error"]["code"], -32601, "{res}");
    c.notify("$/noSuchNotification", json!({"x": 1}));
    c.notify("$/cancelRequest", json!({"id": 123_456}));
    assert_eq!(reveal(&mut c, &a), before);

    assert_no_panic(&mut c);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn odd_document_sync_is_warned_about_and_applied_in_order() {
    let mut c = Client::spawn();
    c.initialize();
    let (a, before) = open_note_a(&mut c);

    // didChange and didClose for documents never opened; a didChange without changes.
    c.edit(&uri("ghost-revenue.md"), 5, [0, 0, 0, 0], "boo");
    warned(&mut c, "not open");
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri("ghost-revenue.md")}}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": []}),
    );
    c.diagnostics(&a, 2);
    assert_eq!(reveal(&mut c, &a), before);

    // Edits that split a surrogate pair and lie out of range are clamped.
    let b = uri("b-revenue.md");
    c.open(&b, "markdown", 1, "# Revenue\n\n😀 TBD\n");
    c.placeholders(&b, 1);
    // Character 1 is inside the emoji: the insert lands before it.
    c.edit(&b, 2, [2, 1, 2, 1], "x");
    let d = c.placeholders(&b, 2);
    assert_eq!(d[0]["range"]["start"], json!({"line": 2, "character": 4}), "{d:?}");
    // A range from far past the end to inside the emoji, given backwards.
    c.edit(&b, 3, [99, 99, 2, 2], "");
    let d = c.placeholders(&b, 3);
    assert!(d.is_empty(), "everything from the emoji on is gone: {d:?}");

    // A version going backwards: a warning, and the edit still applies in arrival order.
    c.edit(&b, 1, [2, 1, 2, 1], " TBD");
    warned(&mut c, "version went from 3 to 1");
    let d = c.placeholders(&b, 1);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["range"]["start"], json!({"line": 2, "character": 2}), "{d:?}");

    // Opening an open document again replaces its text.
    c.open(&b, "markdown", 7, "# Revenue\n\nAll TBD and TBD.\n");
    assert_eq!(c.placeholders(&b, 7).len(), 2);

    assert_eq!(reveal(&mut c, &a), before);
    assert_no_panic(&mut c);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Debug builds analyse a 10 MB note in tens of seconds on a busy machine.
const LARGE_TIMEOUT: Duration = Duration::from_secs(600);

#[test]
fn a_ten_megabyte_document_is_analysed_off_the_loop() {
    let mut c = Client::spawn();
    c.initialize();
    let (a, before) = open_note_a(&mut c);
    let unit = include_str!("../examples/revenue-note-10k.md");
    let mut big = String::with_capacity(10_100_000);
    while big.len() < 10_000_000 {
        big.push_str(unit);
        big.push('\n');
    }
    big.push_str("Remaining TBD.\n");
    let lines = big.lines().count() as u32;
    let large = uri("large-revenue.md");
    c.open(&large, "markdown", 1, &big);
    // While it is analysed, other documents are served and an edit to it is accepted.
    assert_eq!(reveal(&mut c, &a), before);
    let small = uri("small-revenue.md");
    c.open(&small, "markdown", 1, "# Revenue\n\nTBD.\n");
    assert_eq!(c.placeholders(&small, 1).len(), 1);
    c.edit(&large, 2, [lines - 1, 10, lines - 1, 13], "XX%");
    // Only the current version's findings are published.
    let published = c.wait_for("diagnostics of the 10 MB document", LARGE_TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == large
    });
    let published = if published["params"]["version"] == 1 {
        c.wait_for("diagnostics of version 2", LARGE_TIMEOUT, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == large
                && m["params"]["version"] == 2
        })
    } else {
        published
    };
    assert_eq!(published["params"]["version"], 2);
    let last_line: Vec<&Value> = published["params"]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "placeholder" && d["range"]["start"]["line"] == lines - 1)
        .collect();
    assert_eq!(
        last_line.len(),
        1,
        "the edit on the last line ('XX%') is found: {last_line:?}"
    );
    assert_eq!(last_line[0]["range"]["start"]["character"], 10);
    assert_eq!(reveal(&mut c, &a), before);
    assert_no_panic(&mut c);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn a_ten_thousand_line_table_and_a_megabyte_line_are_served() {
    let mut c = Client::spawn();
    c.initialize();
    let (a, before) = open_note_a(&mut c);
    let mut table = String::from("# Revenue\n\n(in thousands)\n\n| Product line | 2024 | 2023 |\n|---|---:|---:|\n");
    for i in 0..10_000 {
        table.push_str(&format!("| Line {i} | ${},{:03} | TBD |\n", i % 997 + 1, i % 1000));
    }
    let t = uri("table-revenue.md");
    c.open(&t, "markdown", 1, &table);
    let d = c.wait_for("diagnostics of the table", LARGE_TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == t && m["params"]["version"] == 1
    });
    let placeholders = d["params"]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "placeholder")
        .count();
    assert_eq!(placeholders, 10_000, "one TBD per row");
    // The last row's amount: "| Line 9999 | $29,999 | TBD |" (9999 % 997 + 1 = 29).
    let row = 6 + 9_999;
    let h = c.hover(&t, row, 15);
    assert!(h.get("error").is_none(), "{h}");
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": t}}));
    assert!(symbols["result"].is_array(), "{symbols}");

    // One line of 1 MB without a newline, edited at its end.
    let line = format!("Revenue {}", "of the period ".repeat(80_000));
    let l = uri("line-revenue.txt");
    c.open(&l, "plaintext", 1, &line);
    c.wait_for("diagnostics of the long line", LARGE_TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == l && m["params"]["version"] == 1
    });
    let end = line.len() as u32;
    c.edit(&l, 2, [0, end, 0, end + 5], " TBD");
    let d = c.wait_for("diagnostics after the edit", LARGE_TIMEOUT, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == l && m["params"]["version"] == 2
    });
    let found: Vec<&Value> = d["params"]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "placeholder")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["range"]["start"], json!({"line": 0, "character": end + 1}));

    assert_eq!(reveal(&mut c, &a), before);
    assert_no_panic(&mut c);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// Large texts reach the server by a side path (the transport's stash); a client cannot use
/// that path itself, and a large text the server drops (before `initialize`) is not served.
#[test]
fn large_texts_arrive_whole_and_the_internal_methods_are_refused() {
    let mut c = Client::spawn();
    let u = uri("stash-revenue.md");
    let body = support::example_note_of_size(100 * 1024);
    // Before `initialize`: dropped by the server.
    c.open(&u, "markdown", 1, &format!("{body}TBD\n"));
    c.initialize();
    let with_tbd = |n: usize| format!("{body}{}", "TBD\n".repeat(n));
    c.open(&u, "markdown", 1, &with_tbd(2));
    let base = c.placeholders(&u, 1).len();
    assert!(base >= 2, "{base}");
    // A full replacement and an incremental insert of large texts.
    c.replace_all(&u, 2, &with_tbd(3));
    assert_eq!(c.placeholders(&u, 2).len(), base + 1);
    let lines = with_tbd(3).lines().count() as u32;
    c.edit(&u, 3, [lines, 0, lines, 0], &with_tbd(1));
    let after = c.placeholders(&u, 3).len();
    assert!(after > base + 1, "{after} > {}", base + 1);

    // The internal methods, sent by the client: a request gets "method not found", a
    // notification a warning; neither opens anything.
    let other = uri("forged-revenue.md");
    let forged = json!({"textDocument": {"uri": other, "languageId": "markdown", "version": 1}, "stash": 0});
    let res = c.request("revlint/didOpenStashed", forged.clone());
    assert_eq!(res["error"]["code"], -32601, "{res}");
    c.notify("revlint/didOpenStashed", forged);
    c.notify(
        "revlint/didChangeStashed",
        json!({"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"stash": 1}]}),
    );
    warned(&mut c, "internal");
    let h = c.hover(&other, 0, 0);
    assert_eq!(h["result"], Value::Null, "{h}");
    // The document is as it was: one more small edit is applied to version 3's text.
    c.edit(&u, 4, [0, 0, 0, 0], "TBD ");
    assert_eq!(c.placeholders(&u, 4).len(), after + 1);
    assert_no_panic(&mut c);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
