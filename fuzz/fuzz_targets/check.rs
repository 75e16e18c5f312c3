//! The whole check as the shells use it: `analyze`, then every span turned into a position
//! (UTF-16 and UTF-8) and back, and the server's per-request features (hover, inlay hints,
//! symbols, code actions with their edits applied, the checklist) at every fact and finding and
//! at evenly spaced offsets. The first byte picks Markdown and the form; the rest is the note.
//! The JSON/text renderers live in the binary (`src/cli`), not the library, so they are reached
//! by the CLI tests; what they compute from, positions of every span, is covered here.
#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use revlint::config::Form;
use revlint::lsp::{actions, hover, inlay, lens, symbols};
use revlint::position::{floor_char_boundary, Encoding, LineIndex};
use revlint::{analyze, Config, Input};

fn round_trip(text: &str, index: &LineIndex, span: &Range<usize>) {
    assert!(text.get(span.clone()).is_some(), "span {span:?} not a valid slice");
    for enc in [Encoding::Utf16, Encoding::Utf8] {
        for offset in [span.start, span.end] {
            let pos = index.position(text, offset, enc);
            let back = index.offset(text, pos, enc);
            assert_eq!(back, offset, "{enc:?} {offset} → {pos:?} → {back}");
        }
    }
}

/// Where to ask for hovers and code actions: every fact and finding, and evenly spaced offsets
/// (as the server would after converting a position: on a char boundary).
fn probes(text: &str, analysis: &revlint::Analysis) -> Vec<usize> {
    let mut at: Vec<usize> = (0..=8).map(|k| floor_char_boundary(text, text.len() * k / 8)).collect();
    at.extend(analysis.facts.iter().flat_map(|f| [f.span.start, f.span.end]));
    at.extend(analysis.findings.iter().map(|f| f.span.start));
    at.truncate(64);
    at
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let markdown = flags & 1 != 0;
    let config = Config {
        form: match (flags >> 1) & 3 {
            1 => Some(Form::TenK),
            2 => Some(Form::TenQ),
            _ => None,
        },
        ..Config::default()
    };
    let analysis = analyze(text, Input { markdown }, &config);
    let index = LineIndex::new(text);
    for f in &analysis.facts {
        round_trip(text, &index, &f.span);
    }
    for f in &analysis.findings {
        round_trip(text, &index, &f.span);
        for r in &f.related {
            round_trip(text, &index, &r.span);
        }
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                round_trip(text, &index, &e.span);
            }
            let _ = actions::apply_edits(text, &fix.edits);
        }
    }
    for s in symbols::symbols(&analysis.document, text) {
        round_trip(text, &index, &s.span);
        round_trip(text, &index, &s.selection);
    }
    let _ = lens::checklist(&analysis, &config).title();
    let at = probes(text, &analysis);
    for pair in at.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let range = a.min(b)..a.max(b);
        if let Some(h) = hover::hover(&analysis, text, a) {
            round_trip(text, &index, &h.span);
        }
        for h in inlay::hints(&analysis, range.clone()) {
            assert!(text.is_char_boundary(h.offset.min(text.len())), "inlay at {}", h.offset);
        }
        for action in actions::actions(&analysis, text, range) {
            assert!(action.finding < analysis.findings.len());
            for e in &action.edits {
                round_trip(text, &index, &e.span);
            }
            let edited = actions::apply_edits(text, &action.edits);
            // A quick fix's result is a note like any other: it must analyse too.
            let _ = analyze(&edited, Input { markdown }, &config);
        }
    }
});
