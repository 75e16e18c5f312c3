//! End-to-end: the built binary as a language server over stdio.

mod support;

use serde_json::{json, Value};
use support::{uri, Client};

const NOTE: &str = "# Revenue\n\nRemaining performance obligations were $[X] million as of June 30, 2023.\n";

#[test]
fn initialize_open_publish_hover_shutdown() {
    let mut c = Client::spawn();
    let init = c.initialize();
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync: {caps}");
    assert_eq!(caps["hoverProvider"], true);

    let u = uri("q2-revenue.md");
    c.open(&u, "markdown", 1, NOTE);
    let diags = c.placeholders(&u, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "placeholder");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "revlint");
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/placeholder.md"));
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 40}));
    assert_eq!(d["range"]["end"], json!({"line": 2, "character": 43}));

    // Fill the placeholder with an incremental edit: the finding goes.
    c.edit(&u, 2, [2, 40, 2, 43], "791.4");
    assert!(c.placeholders(&u, 2).is_empty());

    // A full-text change brings it back.
    c.replace_all(&u, 3, NOTE);
    assert_eq!(c.placeholders(&u, 3).len(), 1);

    // Hover on the heading answers (with what the section covers); on plain words, null.
    let h = c.hover(&u, 0, 3);
    assert!(
        h["result"]["contents"]["value"].as_str().unwrap().contains("Revenue"),
        "{h}"
    );
    let h = c.hover(&u, 2, 5);
    assert_eq!(h["result"], Value::Null, "{h}");

    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut c = Client::spawn();
    c.initialize();
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(1));
}

#[test]
fn stdio_flag_and_set_trace_are_accepted() {
    let mut c = Client::spawn_with(&["lsp", "--stdio"], &[]);
    c.initialize();
    c.notify("$/setTrace", json!({"value": "verbose"}));
    let u = uri("revenue.txt");
    c.open(&u, "plaintext", 0, "Revenue\n\nAll TBD.\n");
    assert_eq!(c.placeholders(&u, 0).len(), 1);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
