//! End-to-end: multi-byte edits, code actions, symbols, inlay hints, configuration, which
//! documents get findings, and ordering under many rapid edits.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{uri, Client};

/// UTF-16 column of byte `offset` in its line.
fn utf16_col(text: &str, offset: usize) -> u32 {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    text[line_start..offset].encode_utf16().count() as u32
}

fn start_of(d: &Value) -> (u64, u64) {
    (
        d["range"]["start"]["line"].as_u64().unwrap(),
        d["range"]["start"]["character"].as_u64().unwrap(),
    )
}

#[test]
fn incremental_edits_with_emoji_curly_quotes_crlf_and_vertical_tab() {
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("emoji-revenue.md");
    let line2 = "“Quoted” 😀 text TBD here.";
    let text = format!("# Revenue\r\n\r\n{line2}\r\nSecond\u{0B}line XX%.\n");
    c.open(&u, "markdown", 1, &text);
    let d = c.placeholders(&u, 1);
    assert_eq!(d.len(), 2, "{d:?}");
    let tbd = utf16_col(line2, line2.find("TBD").unwrap());
    assert_eq!(start_of(&d[0]), (2, tbd as u64));
    // The vertical tab does not break the line: XX% is on line 3.
    assert_eq!(start_of(&d[1]).0, 3);
    let xx = "Second\u{0B}line ".encode_utf16().count() as u64;
    assert_eq!(start_of(&d[1]).1, xx);

    // Insert an emoji at the start of line 2: the finding moves by two UTF-16 units.
    c.edit(&u, 2, [2, 0, 2, 0], "🎉");
    let d = c.placeholders(&u, 2);
    assert_eq!(start_of(&d[0]), (2, tbd as u64 + 2));
    // Delete the emoji we inserted and the curly-quoted word: "“Quoted” " is 9 UTF-16 units.
    c.edit(&u, 3, [2, 0, 2, 2 + 9], "");
    let d = c.placeholders(&u, 3);
    assert_eq!(start_of(&d[0]), (2, tbd as u64 - 9));
    // Replace TBD (3 units, after "😀 text ") by a figure across the emoji: finding gone.
    let line2_now = "😀 text TBD here.";
    let at = utf16_col(line2_now, line2_now.find("TBD").unwrap());
    c.edit(&u, 4, [2, at, 2, at + 3], "$5.0 million");
    let d = c.placeholders(&u, 4);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(start_of(&d[0]).0, 3);
    // An edit whose range splits the emoji's surrogate pair is clamped, not a crash.
    c.edit(&u, 5, [2, 1, 2, 1], "x");
    let d = c.placeholders(&u, 5);
    assert_eq!(d.len(), 1);
    assert!(c.error_logs().is_empty(), "{:?}", c.messages);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let mut c = Client::spawn();
    let init = c.initialize_with(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        Value::Null,
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let u = uri("utf8-revenue.txt");
    let line = "Revenue “note” 😀 TBD";
    c.open(&u, "plaintext", 1, line);
    let d = c.placeholders(&u, 1);
    assert_eq!(start_of(&d[0]), (0, line.find("TBD").unwrap() as u64));
    // Insert by byte column, right after the emoji.
    let after_emoji = (line.find('😀').unwrap() + 4) as u32;
    c.edit(&u, 2, [0, after_emoji, 0, after_emoji], "é");
    let d = c.placeholders(&u, 2);
    assert_eq!(start_of(&d[0]), (0, line.find("TBD").unwrap() as u64 + 2));
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn code_action_disables_the_rule_for_the_document() {
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("actions-revenue.md");
    let text = "# Revenue\n\nRPO was $[X] million.\n";
    c.open(&u, "markdown", 1, text);
    let d = c.placeholders(&u, 1);
    assert_eq!(d.len(), 1);
    let res = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d[0]["range"], "context": {"diagnostics": d}}),
    );
    let actions = res["result"].as_array().expect("actions");
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable placeholder for this document")
        .unwrap_or_else(|| panic!("{res}"));
    assert_eq!(disable["kind"], "quickfix");
    assert_eq!(disable["diagnostics"][0]["code"], "placeholder");
    let edit = &disable["edit"]["changes"][&u][0];
    assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 0}));
    assert_eq!(edit["newText"], "<!-- revlint-disable placeholder -->\n");
    // Apply it as the editor would: the finding goes.
    c.edit(&u, 2, [0, 0, 0, 0], edit["newText"].as_str().unwrap());
    assert!(c.placeholders(&u, 2).is_empty());
    // No actions where nothing is found.
    let res = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "context": {"diagnostics": []}}),
    );
    assert_eq!(res["result"], json!([]), "{res}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn document_symbols_inlay_hints_and_checklist_lens() {
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("symbols-revenue.md");
    let text = "# Revenue\n\n## Disaggregation of Revenue\n\nText.\n\n## Contract Balances\n\nMore text.\n\n### Deferred revenue\n\nX.\n";
    c.open(&u, "markdown", 1, text);
    c.placeholders(&u, 1);
    let res = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
    let roots = res["result"].as_array().expect("symbols");
    assert_eq!(roots.len(), 1, "{res}");
    assert_eq!(roots[0]["name"], "Revenue");
    let kids: Vec<&str> = roots[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["Disaggregation of Revenue", "Contract Balances"]);
    assert_eq!(roots[0]["children"][1]["children"][0]["name"], "Deferred revenue");
    assert_eq!(
        roots[0]["children"][1]["selectionRange"]["start"],
        json!({"line": 6, "character": 3})
    );

    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}});
    let res = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": u}, "range": whole}),
    );
    assert!(res["result"].is_array(), "{res}");

    let res = c.request("textDocument/codeLens", json!({"textDocument": {"uri": u}}));
    let lens = &res["result"][0];
    assert_eq!(lens["range"]["start"], json!({"line": 0, "character": 0}));
    let title = lens["command"]["title"].as_str().unwrap();
    assert!(
        title.starts_with("ASC 606: ") && title.ends_with(" elements"),
        "{title}"
    );
    let res = c.request(
        "workspace/executeCommand",
        json!({"command": "revlint.checklist", "arguments": [u]}),
    );
    assert_eq!(res["result"]["title"], title);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn settings_change_severity_and_inlay_hints_and_bad_settings_keep_the_last_good() {
    let mut c = Client::spawn();
    c.initialize_with(
        json!({}),
        json!({"rules": {"placeholder": "warning"}, "inlayHints": false}),
    );
    let u = uri("settings-revenue.md");
    c.open(&u, "markdown", 1, "# Revenue\n\nTBD.\n");
    assert_eq!(c.placeholders(&u, 1)[0]["severity"], 2);
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    let res = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": u}, "range": whole}),
    );
    assert_eq!(res["result"], Value::Null, "inlay hints are off: {res}");

    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"revlint": {"rules": {"placeholder": "info"}}}}),
    );
    assert_eq!(c.placeholders(&u, 1)[0]["severity"], 3);

    // A broken value: a message, and the previous settings stay.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"revlint": {"form": "8-K"}}}),
    );
    let shown = c.wait("showMessage", |m| m["method"] == "window/showMessage");
    assert!(shown["params"]["message"].as_str().unwrap().contains("form"), "{shown}");
    c.edit(&u, 2, [2, 0, 2, 0], " ");
    assert_eq!(c.placeholders(&u, 2)[0]["severity"], 3);

    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"revlint": {"rules": {"placeholder": "off"}}}}),
    );
    assert!(c.placeholders(&u, 2).is_empty());
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn revlint_toml_is_reread_and_a_broken_one_keeps_the_last_good() {
    let dir = std::env::temp_dir().join(format!("revlint-lsp-toml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let toml = dir.join("revlint.toml");
    std::fs::write(&toml, "[rules]\nplaceholder = \"hint\"\n").unwrap();
    let note = dir.join("q2-revenue.md");
    let u = format!("file://{}", note.display());
    let toml_uri = format!("file://{}", toml.display());

    let mut c = Client::spawn();
    c.initialize();
    c.open(&u, "markdown", 1, "# Revenue\n\nTBD.\n");
    assert_eq!(c.placeholders(&u, 1)[0]["severity"], 4);

    std::fs::write(&toml, "[rules]\nplaceholder = \"loud\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    let shown = c.wait("showMessage", |m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"].as_str().unwrap().contains("revlint.toml"),
        "{shown}"
    );
    assert_eq!(c.placeholders(&u, 1)[0]["severity"], 4, "last good config");

    std::fs::write(&toml, "[rules]\nplaceholder = \"off\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    assert!(c.placeholders(&u, 1).is_empty());
    assert_eq!(c.shutdown_and_exit(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_revenue_notes_get_findings_unless_checked_on_request() {
    let mut c = Client::spawn();
    c.initialize();
    // A README with a revenue heading: nothing.
    let readme = uri("README.md");
    c.open(&readme, "markdown", 1, "# Revenue tools\n\nTBD.\n");
    assert!(c.diagnostics(&readme, 1).is_empty());
    // Not named for revenue, no revenue heading: nothing.
    let other = uri("leases.md");
    c.open(&other, "markdown", 1, "# Leases\n\nTBD.\n");
    assert!(c.diagnostics(&other, 1).is_empty());
    // Not named for revenue, but the note's heading is: findings.
    let titled = uri("note-3.md");
    c.open(&titled, "markdown", 1, "# Note 3 — Revenue Recognition\n\nTBD.\n");
    assert_eq!(c.placeholders(&titled, 1).len(), 1);
    // An R page, whatever its name.
    let rpage = uri("R9.htm.txt");
    c.open(
        &rpage,
        "plaintext",
        1,
        "|\nRevenue\n|6 Months Ended\nJun. 30, 2023\n|\n10. Revenue\nAmounts are TBD.\n",
    );
    assert_eq!(c.placeholders(&rpage, 1).len(), 1);
    // Checked on request.
    let res = c.request(
        "workspace/executeCommand",
        json!({"command": "revlint.checkDocument", "arguments": [other]}),
    );
    assert!(res.get("error").is_none(), "{res}");
    assert_eq!(c.placeholders(&other, 1).len(), 1);
    // No hover for documents that are not checked.
    assert_eq!(c.hover(&readme, 0, 3)["result"], Value::Null);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn many_rapid_edits_then_a_hover_see_the_final_text() {
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("rapid-revenue.md");
    c.open(&u, "markdown", 0, "# Revenue\n\nA\n");
    // 300 single-character edits sent without waiting, each typed at the end of line 2.
    let typed: String = "😀é“x” TBD ".chars().cycle().take(300).collect();
    let mut col = 1u32;
    for (i, ch) in typed.chars().enumerate() {
        c.edit(&u, i as i64 + 1, [2, col, 2, col], &ch.to_string());
        col += ch.len_utf16() as u32;
    }
    // The heading hover is answered after every edit is applied (requests are in order).
    let h = c.hover(&u, 0, 3);
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("Revenue"));
    let last = typed.chars().count() as i64;
    let d = c.placeholders(&u, last);
    let tbd = typed.matches("TBD").count();
    assert_eq!(d.len(), tbd, "one finding per TBD typed");
    // Every TBD at the right UTF-16 column of the final line.
    let line = format!("A{typed}");
    let cols: Vec<u64> = line
        .match_indices("TBD")
        .map(|(i, _)| utf16_col(&line, i) as u64)
        .collect();
    let got: Vec<u64> = d.iter().map(|x| start_of(x).1).collect();
    assert_eq!(got, cols);
    // Publishes came in version order, and nothing after the last version.
    c.drain(Duration::from_millis(100));
    let versions = c.published_versions(&u);
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(versions.iter().all(|&v| v < last), "{versions:?}");
    assert!(c.error_logs().is_empty(), "{:?}", c.messages);
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

/// What the server sends follows what the client declared: a client that renders only plain
/// text gets plain-text hovers, and only a client that can register file watchers is asked to.
#[test]
fn hovers_and_watchers_follow_the_client_capabilities() {
    let note = "# Revenue\n\nAs of June 30, 2023, remaining performance obligations were $791.4 million.\n";
    let hover_at = |c: &mut Client, u: &str| {
        let col = note.lines().nth(2).unwrap().find("$791.4").unwrap() + 2;
        c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": col}}),
        )["result"]
            .clone()
    };

    let mut plain = Client::spawn();
    plain.initialize_with(
        json!({"textDocument": {"hover": {"contentFormat": ["plaintext"]}}}),
        Value::Null,
    );
    let u = uri("plain-revenue.md");
    plain.open(&u, "markdown", 1, note);
    plain.diagnostics(&u, 1);
    let h = hover_at(&mut plain, &u);
    assert_eq!(h["contents"]["kind"], "plaintext", "{h}");
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("$791,400,000") && !value.contains("**") && !value.contains('`'),
        "{value}"
    );
    assert!(
        !plain
            .server_requests
            .iter()
            .any(|r| r["method"] == "client/registerCapability"),
        "{:?}",
        plain.server_requests
    );

    let mut rich = Client::spawn();
    rich.initialize_with(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
               "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}}),
        Value::Null,
    );
    let u = uri("rich-revenue.md");
    rich.open(&u, "markdown", 1, note);
    rich.diagnostics(&u, 1);
    let h = hover_at(&mut rich, &u);
    assert_eq!(h["contents"]["kind"], "markdown", "{h}");
    // The registration is sent beside the message loop: give it time to arrive.
    for _ in 0..50 {
        if rich
            .server_requests
            .iter()
            .any(|r| r["method"] == "client/registerCapability")
        {
            break;
        }
        rich.drain(Duration::from_millis(100));
    }
    let registration = rich
        .server_requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .expect("a client with dynamic registration is asked to watch revlint.toml");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
}
