//! Properties of the engine on any text: `analyze` never panics, and every span it returns
//! (facts, findings, related places, fix edits, blocks, sections) lies inside the text on char
//! boundaries, so shells can slice and convert it without checks.

use std::ops::Range;

use proptest::prelude::*;
use revlint::config::{Config, Form};
use revlint::date::Date;
use revlint::position::{Encoding, LineIndex};
use revlint::{analyze, analyze_edited, Analysis, Earlier, Input, TextEdit};

fn span_ok(text: &str, span: &Range<usize>) -> Result<(), String> {
    if span.start > span.end || span.end > text.len() {
        return Err(format!("span {span:?} out of bounds (len {})", text.len()));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(format!("span {span:?} not on char boundaries"));
    }
    Ok(())
}

fn check_spans(text: &str, a: &Analysis) -> Result<(), String> {
    let lines = LineIndex::new(text);
    span_ok(text, &a.document.body)?;
    for b in &a.document.blocks {
        span_ok(text, &b.span)?;
        for s in &b.sentences {
            span_ok(text, s)?;
        }
        for row in &b.rows {
            span_ok(text, &row.span)?;
            for cell in &row.cells {
                span_ok(text, cell)?;
            }
        }
    }
    for s in &a.document.sections {
        span_ok(text, &s.title)?;
        span_ok(text, &s.span)?;
    }
    for f in &a.facts {
        span_ok(text, &f.span).map_err(|e| format!("fact {f:?}: {e}"))?;
        if let Some(p) = f.parent {
            if p >= a.facts.len() {
                return Err(format!("fact parent {p} out of range"));
            }
        }
    }
    for f in &a.findings {
        span_ok(text, &f.span).map_err(|e| format!("finding {}: {e}", f.rule))?;
        for r in &f.related {
            span_ok(text, &r.span).map_err(|e| format!("related of {}: {e}", f.rule))?;
        }
        if let Some(fix) = &f.fix {
            for edit in &fix.edits {
                span_ok(text, &edit.span).map_err(|e| format!("fix of {}: {e}", f.rule))?;
            }
        }
        // Positions round-trip to the same byte offset, as an editor would send them back.
        let range = lines.range(text, f.span.clone(), Encoding::Utf16);
        if lines.offset(text, range.start, Encoding::Utf16) != f.span.start {
            return Err(format!("finding {} start does not round-trip", f.rule));
        }
    }
    Ok(())
}

fn configs() -> impl Strategy<Value = Config> {
    (
        prop_oneof![Just(None), Just(Some(Form::TenK)), Just(Some(Form::TenQ))],
        prop_oneof![Just(None), Just(Date::new(2025, 6, 30)), Just(Date::new(2024, 12, 31))],
    )
        .prop_map(|(form, period_end)| Config {
            form,
            period_end,
            ..Config::default()
        })
}

/// Pieces of real notes and of the things that break readers: scales, percentages, dates, period
/// phrases, bands, pipes, headings, comments, directives, CRLF, lone CR, vertical tabs, curly
/// quotes, emoji and combining marks.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("$791.4 million".to_string()),
        Just("$[•]".to_string()),
        Just("$ 1,234".to_string()),
        Just("(in thousands)".to_string()),
        Just("(dollars in millions)".to_string()),
        Just("65%".to_string()),
        Just("XX%".to_string()),
        Just("150%".to_string()),
        Just("June 30, 2023".to_string()),
        Just("Dec. 31, 2024".to_string()),
        Just("six months ended June 30, 2025".to_string()),
        Just("3 Months Ended".to_string()),
        Just("next 12 months".to_string()),
        Just("13 to 36 months".to_string()),
        Just("thereafter".to_string()),
        Just("respectively".to_string()),
        Just("remaining performance obligations".to_string()),
        Just("deferred revenue".to_string()),
        Just("The following table".to_string()),
        Just(" | ".to_string()),
        Just("|---|---:|".to_string()),
        Just("|X - References".to_string()),
        Just("\n# ".to_string()),
        Just("\n## Contract Balances\n".to_string()),
        Just("<!-- revlint-disable placeholder".to_string()),
        Just(" -->".to_string()),
        Just("\nrevlint-disable: rpo-timing\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("\u{0B}".to_string()),
        Just("\u{2028}".to_string()),
        Just("“".to_string()),
        Just("😀".to_string()),
        Just("e\u{301}".to_string()),
        Just(". ".to_string()),
        "[a-zA-Z0-9 ,.;:()$%-]{0,12}",
        any::<char>().prop_map(String::from),
    ]
}

fn note_like() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn analyze_never_panics_on_arbitrary_unicode(text in "\\PC{0,400}|(.|\n|\r){0,200}", markdown: bool, config in configs()) {
        let a = analyze(&text, Input { markdown }, &config);
        if let Err(e) = check_spans(&text, &a) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn analyze_never_panics_on_note_like_text(text in note_like(), markdown: bool, config in configs()) {
        let a = analyze(&text, Input { markdown }, &config);
        if let Err(e) = check_spans(&text, &a) {
            return Err(TestCaseError::fail(e));
        }
    }
}

/// The start of an edit sequence: an example note or generated note-like text.
fn starting_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(include_str!("../examples/revenue-note-10k.md").to_string()),
        Just(include_str!("../examples/revenue-note-10q-draft.md").to_string()),
        note_like(),
    ]
}

/// `text` with the bytes from `at` (a fraction of its length) for `len` bytes replaced by
/// `insert`, on character boundaries; and that edit.
fn edited(text: &str, at: f64, len: usize, insert: &str) -> (String, TextEdit) {
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = boundary((text.len() as f64 * at) as usize);
    let end = boundary(start + len).max(start);
    let new = format!("{}{insert}{}", &text[..start], &text[end..]);
    (
        new,
        TextEdit {
            range: start..end,
            new_len: insert.len(),
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Re-analysis after edits (the language server's path) gives exactly what a fresh
    /// analysis of the final text gives: the same reading, facts and findings.
    #[test]
    fn analysis_after_edits_equals_a_fresh_analysis(
        start in starting_text(),
        edits in prop::collection::vec((0.0..1.0f64, 0usize..80, prop::collection::vec(fragment(), 0..4)), 1..6),
        markdown: bool,
    ) {
        let config = Config::default();
        let input = Input { markdown };
        let mut text = start;
        let mut analysis = analyze(&text, input, &config);
        for (at, len, parts) in edits {
            let (new, edit) = edited(&text, at, len, &parts.concat());
            let earlier = Earlier::of(&text, analysis, edit);
            analysis = analyze_edited(earlier, &new, input, &config);
            let fresh = analyze(&new, input, &config);
            prop_assert!(analysis == fresh, "after an edit to {:?}\nre-analysed: {:?}\nfresh: {:?}", new, analysis.findings, fresh.findings);
            text = new;
        }
    }
}

/// Each example note round-trips too (a fixed, realistic input the generators may miss).
#[test]
fn example_notes_have_valid_spans() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(dir).expect("examples/").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).expect("read example");
            let a = analyze(&text, Input { markdown: true }, &Config::default());
            check_spans(&text, &a).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
