//! Scale: does anything grow faster than the input?
//!
//! 1. `analyze` time for 1×, 10×, 100× and 1000× a note (the example 10-K note repeated, ~10 KB
//!    up to ~10 MB), and for shapes that stress one part: a table of 100 → 100,000 rows, one
//!    line without a newline, and a document of headings. Each step is 10× the input, so a
//!    linear step takes ~10× the time; the ratio column says how far from that each step is.
//! 2. The CLI (`revlint check --format json`, the built release binary) over a generated
//!    workspace of 1,000 notes (the example and seed notes, and corpus notes when present), with
//!    the cores it may use.
//!
//! Run: `cargo bench --bench scale` (optionally `-- --quick` for fewer repetitions, and words
//! picking curves: `-- headings table`). The
//! figures go to stdout; README.md quotes them.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use revlint::{analyze, Config, Input};

const NOTE_10K: &str = include_str!("../examples/revenue-note-10k.md");
const NOTE_10Q: &str = include_str!("../examples/revenue-note-10q-draft.md");

/// The fastest of `runs` analyses (the least disturbed by other work on a shared machine).
fn time_analyze(text: &str, markdown: bool, runs: usize) -> Duration {
    let config = Config::default();
    (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            let a = analyze(text, Input { markdown }, &config);
            std::hint::black_box(&a);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn repeat_to(unit: &str, times: usize) -> String {
    let mut s = String::with_capacity(unit.len() * times + 1);
    for _ in 0..times {
        s.push_str(unit);
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

fn table(rows: usize) -> String {
    let mut s = String::from("# Revenue\n\n(in thousands)\n\n| Product line | 2024 | 2023 |\n|---|---:|---:|\n");
    for i in 0..rows {
        s.push_str(&format!(
            "| Line {i} | ${},{:03} | ${},000 |\n",
            i % 997 + 1,
            i % 1000,
            i % 991 + 2
        ));
    }
    s
}

fn long_line(bytes: usize) -> String {
    let sentence = "Revenue of $12.5 million was recognized from deferred revenue as of June 30, 2024, and 65% of the remaining obligations in the next 12 months. ";
    let mut s = String::from("Revenue ");
    while s.len() < bytes {
        s.push_str(sentence);
    }
    s
}

fn headings(count: usize) -> String {
    let mut s = String::from("# Revenue\n\n");
    for i in 0..count {
        s.push_str(&format!(
            "## Section {i}\n\nContract liabilities were ${i}.5 million as of December 31, 2024.\n\n"
        ));
    }
    s
}

fn curve(name: &str, make: &dyn Fn(usize) -> String, steps: &[usize], markdown: bool, quick: bool) {
    if !selected(name) {
        return;
    }
    println!("\n{name}");
    println!(
        "{:>10} {:>12} {:>12} {:>10} {:>14}",
        "scale", "bytes", "time", "MB/s", "× previous"
    );
    let mut previous: Option<Duration> = None;
    for &n in steps {
        let text = make(n);
        let runs = match text.len() {
            0..=100_000 => {
                if quick {
                    5
                } else {
                    20
                }
            }
            100_001..=2_000_000 => 3,
            _ => 1,
        };
        let t = time_analyze(&text, markdown, runs);
        let mbs = text.len() as f64 / 1e6 / t.as_secs_f64().max(1e-9);
        let ratio = previous
            .map(|p| format!("{:.1}×", t.as_secs_f64() / p.as_secs_f64().max(1e-9)))
            .unwrap_or_else(|| "-".into());
        println!(
            "{:>10} {:>12} {:>12} {:>10.1} {:>14}",
            format!("{n}×"),
            text.len(),
            format!("{:.2?}", t),
            mbs,
            ratio
        );
        previous = Some(t);
        if text.len() > 100_000 {
            phases(&text, markdown);
        }
    }
}

/// Where the time of one analysis goes: reading, fact extraction, rules.
fn phases(text: &str, markdown: bool) {
    let config = Config::default();
    let t = Instant::now();
    let doc = revlint::Document::read(text, markdown);
    let read = t.elapsed();
    let period = revlint::resolve_period(&doc, &config);
    let t = Instant::now();
    let lowered = text.to_ascii_lowercase();
    let facts = revlint::facts::extract(text, &lowered, &doc, period.as_ref());
    let extract = t.elapsed();
    let cx = revlint::rules::Context::new(text, &lowered, &doc, &facts, period.as_ref(), &config);
    let t = Instant::now();
    let findings = revlint::rules::run(&cx);
    let rules = t.elapsed();
    // The slowest rules, to point at one that grows faster than the input.
    let mut per_rule: Vec<(Duration, &str)> = revlint::rules::REGISTRY
        .iter()
        .map(|r| {
            let t = Instant::now();
            let mut out = Vec::new();
            r.check(&cx, &mut out);
            (t.elapsed(), r.meta().id)
        })
        .collect();
    per_rule.sort_by_key(|r| std::cmp::Reverse(r.0));
    let slowest: Vec<String> = per_rule.iter().take(3).map(|(t, id)| format!("{id} {t:.2?}")).collect();
    println!(
        "{:>10} read {read:.2?}, facts {extract:.2?} ({} facts), rules {rules:.2?} ({} findings; slowest: {})",
        "",
        facts.len(),
        findings.len(),
        slowest.join(", ")
    );
}

/// The notes a workspace is made of: examples, seeds, corpus notes (when present).
fn source_notes() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut notes = vec![
        ("md".to_string(), NOTE_10K.to_string()),
        ("md".to_string(), NOTE_10Q.to_string()),
    ];
    let shared = root.join("../shared");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["seeds"] {
        if let Ok(entries) = std::fs::read_dir(shared.join(dir)) {
            files.extend(entries.flatten().map(|e| e.path()));
        }
    }
    if let Ok(entries) = std::fs::read_dir(shared.join("corpus")) {
        files.extend(entries.flatten().map(|e| e.path().join("note.txt")));
    }
    if files.is_empty() {
        println!("notice: ../shared not found; the workspace repeats the example notes only");
    }
    files.sort();
    for f in files {
        if let Ok(text) = std::fs::read_to_string(&f) {
            notes.push(("txt".to_string(), text));
        }
    }
    notes
}

fn workspace(dir: &Path, count: usize) -> usize {
    let notes = source_notes();
    let mut bytes = 0;
    for i in 0..count {
        let (ext, text) = &notes[i % notes.len()];
        // Ten folders of a hundred notes, as a reporting team's archive might be.
        let folder = dir.join(format!("q{}", i / 100));
        let _ = std::fs::create_dir_all(&folder);
        let path = folder.join(format!("revenue-{i:04}.{ext}"));
        if std::fs::write(&path, text).is_ok() {
            bytes += text.len();
        }
    }
    bytes
}

fn cli_workspace(count: usize) {
    let dir = std::env::temp_dir().join(format!("revlint-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bytes = workspace(&dir, count);
    let exe = env!("CARGO_BIN_EXE_revlint");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\nCLI over a workspace of {count} notes ({:.1} MB), {cores} cores available",
        bytes as f64 / 1e6
    );
    let mut best: Option<Duration> = None;
    for _ in 0..3 {
        let t = Instant::now();
        let out = Command::new(exe).args(["check", "--format", "json"]).arg(&dir).output();
        let elapsed = t.elapsed();
        match out {
            Ok(o) if o.status.code().is_some_and(|c| c <= 1) => {
                let files = serde_json::from_slice::<serde_json::Value>(&o.stdout)
                    .ok()
                    .and_then(|v| v["files"].as_array().map(Vec::len))
                    .unwrap_or(0);
                if files != count {
                    println!("  warning: the JSON lists {files} files, not {count}");
                }
                best = Some(best.map_or(elapsed, |b| b.min(elapsed)));
            }
            Ok(o) => println!(
                "  revlint check failed: {:?} {}",
                o.status,
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => println!("  cannot run {exe}: {e}"),
        }
    }
    if let Some(t) = best {
        println!(
            "  wall time {:.2?} (best of 3): {:.0} notes/s, {:.1} MB/s",
            t,
            count as f64 / t.as_secs_f64(),
            bytes as f64 / 1e6 / t.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A word given on the command line (other than flags) picks the curves whose name has it.
fn selected(name: &str) -> bool {
    let words: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    words.is_empty() || words.iter().any(|w| name.contains(w.as_str()))
}

fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

/// The server's peak memory with one document of 1, 10 and 100 × 100 KB open (analysed).
fn server_memory(smoke: bool) {
    println!("\nserver peak RSS with one document open (after its diagnostics)");
    println!("{:>12} {:>12} {:>12}", "document", "peak RSS", "time");
    let sizes: &[usize] = if smoke { &[1] } else { &[1, 10, 100] };
    for &n in sizes {
        let text = repeat_to(NOTE_10K, 20 * n);
        let mut c = support::Client::spawn();
        c.initialize();
        let u = support::uri("scale-revenue.md");
        let t = Instant::now();
        c.open(&u, "markdown", 1, &text);
        c.wait_for("diagnostics", Duration::from_secs(600), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u
        });
        let took = t.elapsed();
        let rss = peak_rss_mb(c.pid()).map_or("?".into(), |mb| format!("{mb:.1} MB"));
        println!(
            "{:>12} {:>12} {:>12}",
            format!("{:.1} MB", text.len() as f64 / 1e6),
            rss,
            format!("{took:.2?}")
        );
        let _ = c.shutdown_and_exit();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --benches` runs this without `--bench`: a smoke run of the smallest sizes.
    let smoke = !args.iter().any(|a| a == "--bench");
    let quick = smoke || args.iter().any(|a| a == "--quick");
    let sizes = |full: &'static [usize]| if smoke { &full[..2] } else { full };
    println!("revlint scale (one thread for analyze; fastest of several runs)");
    curve(
        "analyze: the example 10-K note repeated",
        &|n| repeat_to(NOTE_10K, n),
        sizes(&[1, 10, 100, 1000]),
        true,
        quick,
    );
    curve(
        "analyze: a table of 100 × N rows",
        &|n| table(100 * n),
        sizes(&[1, 10, 100, 1000]),
        true,
        quick,
    );
    curve(
        "analyze: one line of 10 KB × N, no newline",
        &|n| long_line(10_000 * n),
        sizes(&[1, 10, 100]),
        false,
        quick,
    );
    curve(
        "analyze: 100 × N headings, each with a paragraph",
        &|n| headings(100 * n),
        sizes(&[1, 10, 100]),
        true,
        quick,
    );
    if selected("server memory") {
        server_memory(smoke);
    }
    if selected("CLI workspace") {
        cli_workspace(if smoke { 20 } else { 1000 });
    }
}
