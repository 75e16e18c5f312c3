//! Side by side: edit → publishDiagnostics round trip of revlint and of a peer language server
//! for prose (harper-ls, `cargo install harper-ls --locked`), driven with the same Markdown
//! document and the same single-character edits over stdio. Prints p50/p99 of each and the
//! ratio. Without harper-ls on PATH (or `REVLINT_PEER=/path/to/server`) it says so and stops.
//!
//! Run: `cargo bench --bench peer_latency` (optionally `-- EDITS`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::{example_note_of_size, percentile, uri, Client};

fn find_peer() -> Option<String> {
    if let Some(p) = std::env::var_os("REVLINT_PEER") {
        return Some(p.to_string_lossy().into_owned());
    }
    let path = std::env::var_os("PATH")?;
    let home_bin = std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo/bin"));
    std::env::split_paths(&path)
        .chain(home_bin)
        .map(|d| d.join("harper-ls"))
        .find(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
}

/// Round trips of `edits` single-character edits; a publish for the document after the edit
/// counts (peers may publish without a version).
fn drive(mut c: Client, text: &str, edits: usize) -> Vec<Duration> {
    c.initialize();
    let u = uri("peer-revenue.md");
    c.open(&u, "markdown", 0, text);
    let is_publish = |m: &Value, u: &str| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u;
    c.wait_for("first publish", Duration::from_secs(120), |m| is_publish(m, &u));
    let lines: Vec<&str> = text.split('\n').collect();
    let line = (lines.len() / 2..lines.len())
        .find(|&l| lines[l].len() > 40 && !lines[l].starts_with(['#', '|']))
        .unwrap_or(0) as u32;
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let col = 10 + (i % 20) as u32;
        let sent = Instant::now();
        if i % 2 == 0 {
            c.edit(&u, i as i64 + 1, [line, col, line, col], "x");
        } else {
            c.edit(&u, i as i64 + 1, [line, col - 1, line, col], "");
        }
        c.wait_for("publish after an edit", Duration::from_secs(60), |m| is_publish(m, &u));
        times.push(sent.elapsed());
    }
    let _ = c.shutdown_and_exit();
    times.sort();
    times
}

fn main() {
    // `cargo test --benches` runs this without `--bench`: a few edits only.
    let measuring = std::env::args().any(|a| a == "--bench");
    let default_edits = if measuring { 200 } else { 3 };
    let edits = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(default_edits);
    let Some(peer) = find_peer() else {
        println!("peer_latency: harper-ls not found (install: cargo install harper-ls --locked); nothing to compare");
        return;
    };
    let name = std::path::Path::new(&peer)
        .file_name()
        .map_or("peer".to_string(), |n| n.to_string_lossy().into_owned());
    let sizes: &[(&str, usize)] = if measuring {
        &[("10 KB", 10 * 1024), ("1 MB", 1024 * 1024)]
    } else {
        &[("10 KB", 10 * 1024)]
    };
    for &(label, size) in sizes {
        let text = example_note_of_size(size);
        let ours = drive(Client::spawn(), &text, edits);
        let theirs = drive(Client::spawn_program(&peer, &["--stdio"], &[]), &text, edits);
        let (o50, o99) = (percentile(&ours, 0.5), percentile(&ours, 0.99));
        let (t50, t99) = (percentile(&theirs, 0.5), percentile(&theirs, 0.99));
        println!(
            "{label:>6}, {edits} edits, round trip: revlint p50 {:.2} ms p99 {:.2} ms | {name} p50 {:.2} ms p99 {:.2} ms | {name}/revlint p50 {:.1}× p99 {:.1}×",
            o50.as_secs_f64() * 1e3,
            o99.as_secs_f64() * 1e3,
            t50.as_secs_f64() * 1e3,
            t99.as_secs_f64() * 1e3,
            t50.as_secs_f64() / o50.as_secs_f64().max(1e-9),
            t99.as_secs_f64() / o99.as_secs_f64().max(1e-9),
        );
    }
}
