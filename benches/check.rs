//! Throughput of `analyze` (read → facts → rules) on real notes: the corpus in
//! `../shared/corpus/*/note.txt` (each with the form and period end of its facts.json, as a user
//! would pass them; skipped with a notice when absent) and the example notes.
//!
//! `cargo bench --bench check` reports bytes/s through criterion and prints notes/s. It runs on
//! one thread: the figures are per core.
//!
//! Wall-clock on a shared machine is noisy; instruction counts are not:
//! `REVLINT_BENCH_PASSES=2 valgrind --tool=callgrind --toggle-collect='*analyze_all*'
//! target/release/deps/check-HASH --bench` counts two steady-state passes over the corpus (the
//! regexes are compiled before, outside `analyze_all`); `REVLINT_BENCH_FILE=big.md` analyses one
//! Markdown document instead. Without valgrind the same mode prints the time per pass, for
//! alternating runs of two builds (`taskset -c 1`) when comparing their wall-clock time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use revlint::config::{Config, Form};
use revlint::date::Date;
use revlint::{analyze, Input};

struct Note {
    text: String,
    input: Input,
    config: Config,
}

fn corpus_notes() -> Vec<Note> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "notice: {} not found; benchmarking the example notes only",
            dir.display()
        );
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    folders
        .iter()
        .filter_map(|folder| {
            let text = std::fs::read_to_string(folder.join("note.txt")).ok()?;
            Some(Note {
                text,
                input: Input { markdown: false },
                config: config_from_facts(&folder.join("facts.json")),
            })
        })
        .collect()
}

/// The form and period end a user would pass for this filing.
fn config_from_facts(path: &Path) -> Config {
    let facts: serde_json::Value = std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    Config {
        form: facts["document_type"].as_str().and_then(Form::parse),
        period_end: facts["period_end"].as_str().and_then(Date::parse_iso),
        ..Config::default()
    }
}

fn example_notes() -> Vec<Note> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .filter_map(|p| {
            Some(Note {
                text: std::fs::read_to_string(p).ok()?,
                input: Input {
                    markdown: p.extension().is_some_and(|e| e == "md"),
                },
                config: Config::default(),
            })
        })
        .collect()
}

#[inline(never)]
fn analyze_all(notes: &[Note]) -> usize {
    notes
        .iter()
        .map(|n| {
            let a = analyze(black_box(&n.text), n.input, &n.config);
            a.facts.len() + a.findings.len()
        })
        .sum()
}

/// Notes per second and MB/s over at least `budget`, printed as one line.
fn print_rates(name: &str, notes: &[Note], budget: Duration) {
    let bytes: usize = notes.iter().map(|n| n.text.len()).sum();
    let start = Instant::now();
    let mut passes = 0u32;
    while start.elapsed() < budget || passes == 0 {
        black_box(analyze_all(notes));
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {} notes, {:.1} KB: {:.0} notes/s, {:.1} MB/s (one core, {passes} passes)",
        notes.len(),
        bytes as f64 / 1e3,
        notes.len() as f64 * passes as f64 / secs,
        bytes as f64 * passes as f64 / secs / 1e6,
    );
}

fn bench(c: &mut Criterion) {
    // `REVLINT_BENCH_PASSES=N`: N plain passes over the corpus and nothing else, for profilers
    // (`valgrind --tool=callgrind`), whose instruction counts are stable on a loaded machine.
    if let Some(passes) = std::env::var("REVLINT_BENCH_PASSES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    {
        // `REVLINT_BENCH_FILE=PATH` (Markdown): that one document instead of the corpus.
        let notes = match std::env::var("REVLINT_BENCH_FILE") {
            Ok(path) => vec![Note {
                text: std::fs::read_to_string(&path).unwrap_or_default(),
                input: Input { markdown: true },
                config: Config::default(),
            }],
            Err(_) => corpus_notes(),
        };
        let bytes: usize = notes.iter().map(|n| n.text.len()).sum();
        // Compiles the lazily built regexes outside `analyze_all`, so that
        // `--toggle-collect='*analyze_all*'` counts the steady state only.
        for n in &notes {
            black_box(analyze(&n.text, n.input, &n.config));
        }
        let start = Instant::now();
        for _ in 0..passes {
            black_box(analyze_all(&notes));
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{passes} passes over {} notes, {bytes} bytes: {:.3} ms per pass, {:.1} MB/s",
            notes.len(),
            secs * 1e3 / f64::from(passes.max(1)),
            bytes as f64 * f64::from(passes) / secs / 1e6,
        );
        return;
    }
    // Under `cargo test --benches` criterion runs each benchmark once; skip the timing loop then.
    let measuring = std::env::args().any(|a| a == "--bench");
    let sets = [("corpus", corpus_notes()), ("examples", example_notes())];
    let mut group = c.benchmark_group("analyze");
    for (name, notes) in &sets {
        if notes.is_empty() {
            continue;
        }
        let bytes: usize = notes.iter().map(|n| n.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| b.iter(|| analyze_all(notes)));
    }
    group.finish();
    if measuring {
        for (name, notes) in &sets {
            if !notes.is_empty() {
                print_rates(name, notes, Duration::from_secs(2));
            }
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
