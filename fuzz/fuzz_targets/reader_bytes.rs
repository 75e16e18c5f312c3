//! Arbitrary bytes → (lossy) UTF-8 → `Document::read` and fact extraction, as plain text and as
//! Markdown. Besides not panicking, every span the reader and the extractor hand out must lie
//! inside the text on char boundaries: the rules and the server slice with them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revlint::{facts, Document};

fn check_span(text: &str, span: &std::ops::Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} span {span:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} not on char boundaries"
    );
}

fuzz_target!(|data: &[u8]| {
    // Valid UTF-8 as is; anything else as a file would be read leniently.
    let text = String::from_utf8_lossy(data);
    for markdown in [false, true] {
        let doc = Document::read(&text, markdown);
        check_span(&text, &doc.body, "body");
        for b in &doc.blocks {
            check_span(&text, &b.span, "block");
            for s in &b.sentences {
                check_span(&text, s, "sentence");
            }
            for r in &b.rows {
                check_span(&text, &r.span, "row");
                for c in &r.cells {
                    check_span(&text, c, "cell");
                }
            }
        }
        for s in &doc.sections {
            check_span(&text, &s.title, "section title");
            check_span(&text, &s.span, "section");
            assert!(s.heading_block < doc.blocks.len(), "heading_block out of range");
        }
        let period = doc.header_period.or(doc.text_period);
        let found = facts::extract(&text, &text.to_ascii_lowercase(), &doc, period.as_ref());
        for f in &found {
            check_span(&text, &f.span, "fact");
            let _ = f.text(&text);
            if let Some(p) = f.parent {
                assert!(p < found.len(), "fact parent {p} out of range");
            }
        }
    }
});
