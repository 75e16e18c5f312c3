//! Re-reading a 1 MB Markdown document after a one-character edit in its middle
//! (`Document::reread`) against reading it afresh (`Document::read`).
//!
//! `cargo bench --bench reread` prints the fastest of a few runs of each. Instruction counts:
//! `valgrind --tool=callgrind --toggle-collect='*reread::fresh_read*'` (or `*reread::re_read*`,
//! `*reread::re_read_owned*`) `target/release/deps/reread-HASH` counts the calls of one (without
//! `--bench`: three reads, two rereads, one owned reread).

use std::hint::black_box;
use std::time::{Duration, Instant};

use revlint::reader::{Document, TextEdit};

const NOTE_10K: &str = include_str!("../examples/revenue-note-10k.md");

/// The example note's lines repeated up to 1 MiB.
fn big_document() -> String {
    let mut out = String::new();
    for line in NOTE_10K.split_inclusive('\n').cycle() {
        if out.len() + line.len() > 1 << 20 {
            break;
        }
        out.push_str(line);
    }
    out
}

#[inline(never)]
fn fresh_read(text: &str) -> Document {
    Document::read(text, true)
}

#[inline(never)]
fn re_read(doc: &Document, old: &str, new: &str, edit: &TextEdit) -> Document {
    doc.reread(old, new, edit, true)
}

#[inline(never)]
fn re_read_owned(doc: Document, old: &str, new: &str, edit: &TextEdit) -> Document {
    doc.into_reread(old, new, edit, true)
}

fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let old = big_document();
    // One character typed into a sentence in the middle of the document.
    let mut at = old.len() / 2;
    while !old.is_char_boundary(at) || !old[at..].starts_with(' ') {
        at += 1;
    }
    let mut new = old.clone();
    new.insert(at, 'x');
    let edit = TextEdit {
        range: at..at,
        new_len: 1,
    };
    let doc = fresh_read(&old);
    let expected = fresh_read(&new);
    let got = re_read(&doc, &old, &new, &edit);
    assert!(got == expected, "reread differs from a fresh read");
    let got = re_read_owned(doc.clone(), &old, &new, &edit);
    assert!(got == expected, "into_reread differs from a fresh read");
    let runs = if std::env::args().any(|a| a == "--bench") {
        10
    } else {
        1
    };
    let read = fastest(runs, || {
        black_box(fresh_read(&new));
    });
    let reread = fastest(runs, || {
        black_box(re_read(&doc, &old, &new, &edit));
    });
    // The copy is made outside the timing.
    let mut owned = Duration::MAX;
    for _ in 0..runs {
        let copy = doc.clone();
        let t = Instant::now();
        black_box(re_read_owned(copy, &old, &new, &edit));
        owned = owned.min(t.elapsed());
    }
    println!(
        "1 MB Markdown, one character typed in the middle: read {read:.2?}, reread {reread:.2?}, \
         into_reread {owned:.2?} ({} blocks)",
        expected.blocks.len()
    );
}
