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
