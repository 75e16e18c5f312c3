//! Edit → diagnostics latency of the built server, driven over stdio like an editor:
//! single-character edits on a 10 KB note and a 1 MB document. Prints p50/p99 server-side (from
//! the message's arrival to the publish, as `REVLINT_LSP_TIMING` reports it on stderr) and
//! round trip (send → publishDiagnostics received), the server-side time outside the core
//! analysis (edit, scheduling, text copy, publish), and the server's peak RSS (VmHWM).
//!
//! Run: `cargo bench --bench lsp_latency` (optionally `-- EDITS_SMALL EDITS_LARGE`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{example_note_of_size, percentile, uri, Client};

fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The microseconds after `name` in a `revlint-lsp timing: version V server N us (text N,
/// analysis N, rest N, diagnostics N us)` line.
fn timing_field(line: &str, name: &str) -> Option<Duration> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| w.trim_start_matches('(') == name)?;
    let us = words.get(at + 1)?.trim_end_matches(',').parse().ok()?;
    Some(Duration::from_micros(us))
}

fn run(label: &str, size: usize, edits: usize) {
    let text = example_note_of_size(size);
    let mut c = Client::spawn_with(&["lsp", "--stdio"], &[("REVLINT_LSP_TIMING", "1")]);
    c.initialize();
    let u = uri("bench-revenue.md");
    let opened = Instant::now();
    c.open(&u, "markdown", 0, &text);
    c.diagnostics(&u, 0);
    let open_time = opened.elapsed();
    let _ = c.stderr_line("revlint-lsp timing");
    // Type characters into the middle of the text, on a prose line.
    let lines: Vec<&str> = text.split('\n').collect();
    let line = (lines.len() / 2..lines.len())
        .find(|&l| lines[l].len() > 40 && !lines[l].starts_with(['#', '|']))
        .unwrap_or(0) as u32;
    let mut server = Vec::with_capacity(edits);
    let mut round_trip = Vec::with_capacity(edits);
    let mut outside_core = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 1;
        let col = 10 + (i % 20) as u32;
        let sent = Instant::now();
        if i % 2 == 0 {
            c.edit(&u, version, [line, col, line, col], "x");
        } else {
            c.edit(&u, version, [line, col - 1, line, col], "");
        }
        c.diagnostics(&u, version);
        round_trip.push(sent.elapsed());
        if let Some(l) = c.stderr_line("revlint-lsp timing") {
            if let Some(total) = timing_field(&l, "server") {
                server.push(total);
                if let Some(analysis) = timing_field(&l, "analysis") {
                    outside_core.push(total.saturating_sub(analysis));
                }
            }
        }
    }
    let rss = peak_rss_kb(c.pid());
    server.sort();
    round_trip.sort();
    outside_core.sort();
    let ms = |sorted: &[Duration], p: f64| percentile(sorted, p).as_secs_f64() * 1e3;
    println!(
        "{label:>6} ({:>7} bytes, {edits} edits): server p50 {:>8.3} ms  p99 {:>8.3} ms (outside the analysis p50 {:.3}, p99 {:.3}) | round trip p50 {:>8.3} ms  p99 {:>8.3} ms | open {:>7.1} ms | peak RSS {} MB",
        text.len(),
        ms(&server, 0.50),
        ms(&server, 0.99),
        ms(&outside_core, 0.50),
        ms(&outside_core, 0.99),
        ms(&round_trip, 0.50),
        ms(&round_trip, 0.99),
        open_time.as_secs_f64() * 1e3,
        rss.map_or("?".to_string(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
    );
    let _ = c.shutdown_and_exit();
}

fn main() {
    // `cargo test --benches` runs this without `--bench`: a smoke run that the harness works.
    if !std::env::args().any(|a| a == "--bench") {
        run("10 KB (smoke run)", 10 * 1024, 5);
        return;
    }
    // `cargo bench` passes `--bench`; numbers are the edit counts.
    let counts: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let small = counts.first().copied().unwrap_or(1000);
    let large = counts.get(1).copied().unwrap_or(200);
    run("10 KB", 10 * 1024, small);
    run("1 MB", 1024 * 1024, large);
}
