//! The acceptance scenario on seed 004 (an SEC R page), through the built server.
//! Needs `../shared/seeds/` (skips with a notice when absent), the facts extraction and, for the
//! delete/restore half, the `rpo-amount` rule.

mod support;

use serde_json::{json, Value};
use support::{uri, Client};

fn seed004() -> Option<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("004_"))?;
    std::fs::read_to_string(entry.path()).ok()
}

/// (line, UTF-16 character) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u32;
    (line, text[line_start..at].encode_utf16().count() as u32)
}

fn hover_text(c: &mut Client, u: &str, text: &str, needle: &str) -> String {
    let (line, character) = position_of(text, needle);
    let h = c.hover(u, line, character + 1);
    h["result"]["contents"]["value"].as_str().unwrap_or("").to_string()
}

fn rules(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn seed004_hovers_show_normalized_rpo_and_implied_amount() {
    let Some(text) = seed004() else {
        eprintln!("notice: ../shared/seeds absent; seed 004 acceptance skipped");
        return;
    };
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("seed-004.txt");
    c.open(&u, "plaintext", 1, &text);
    // Findings (possibly none) arrive on open.
    let _ = c.diagnostics(&u, 1);
    let md = hover_text(&mut c, &u, &text, "$791.4 million");
    assert!(md.contains("$791,400,000"), "{md}");
    assert!(md.contains("remaining performance obligations"), "{md}");
    assert!(md.contains("June 30, 2023"), "{md}");
    let md = hover_text(&mut c, &u, &text, "65%");
    assert!(md.contains("$514.4 million"), "{md}");
    assert!(md.contains("12 months"), "{md}");
    // Inlay hints: the normalized RPO and the implied amount.
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    let res = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": u}, "range": all}),
    );
    let labels: Vec<String> = res["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|h| h["label"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(labels.iter().any(|l| l.contains("$791,400,000")), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("$514.4 million")), "{labels:?}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}

#[test]
fn seed004_deleting_the_rpo_paragraph_raises_rpo_amount_and_restoring_clears_it() {
    let Some(text) = seed004() else {
        eprintln!("notice: ../shared/seeds absent; seed 004 acceptance skipped");
        return;
    };
    let mut c = Client::spawn();
    c.initialize();
    let u = uri("seed-004.txt");
    c.open(&u, "plaintext", 1, &text);
    let before = c.diagnostics(&u, 1);
    assert!(!rules(&before).contains(&"rpo-amount".to_string()), "{before:?}");

    // Delete the RPO heading and paragraph (two whole lines) by an incremental edit.
    let (heading, _) = position_of(&text, "Remaining Performance Obligations (“RPO”)");
    let (paragraph, _) = position_of(&text, "RPO represent");
    assert_eq!(paragraph, heading + 1);
    let lines: Vec<&str> = text.split('\n').collect();
    let removed = format!("{}\n{}\n", lines[heading as usize], lines[paragraph as usize]);
    c.edit(&u, 2, [heading, 0, heading + 2, 0], "");
    let after = c.diagnostics(&u, 2);
    let rpo = after
        .iter()
        .find(|d| d["code"] == "rpo-amount")
        .unwrap_or_else(|| panic!("no rpo-amount after deleting the RPO paragraph: {after:?}"));
    let res = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": rpo["range"], "context": {"diagnostics": [rpo]}}),
    );
    let actions = res["result"].as_array().cloned().unwrap_or_default();
    assert!(
        actions
            .iter()
            .any(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == "rpo-amount"),
        "a quick fix offering the template: {res}"
    );

    // Restore it with an emoji earlier on the paragraph's line.
    let restored_paragraph = format!("📈 {}", lines[paragraph as usize]);
    let restored = format!("{}\n{restored_paragraph}\n", lines[heading as usize]);
    assert_ne!(restored, removed);
    c.edit(&u, 3, [heading, 0, heading, 0], &restored);
    let d = c.diagnostics(&u, 3);
    assert!(!rules(&d).contains(&"rpo-amount".to_string()), "{d:?}");
    let now = text.replacen("RPO represent", "📈 RPO represent", 1);
    let md = hover_text(&mut c, &u, &now, "$791.4 million");
    assert!(md.contains("$791,400,000"), "{md}");
    let md = hover_text(&mut c, &u, &now, "65%");
    assert!(md.contains("$514.4 million"), "{md}");
    assert_eq!(c.shutdown_and_exit(), Some(0));
}
