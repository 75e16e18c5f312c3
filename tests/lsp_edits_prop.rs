//! Property: any sequence of incremental edits (ranges in UTF-16 or UTF-8 positions, including
//! ones that split characters or lie out of range) leaves the same text as the clamping model
//! of `LineIndex`, and the same findings and facts as opening the final text fresh; and the
//! edits' byte ranges, composed, turn the starting text into the final one (what an incremental
//! re-read is given).

use proptest::prelude::*;
use revlint::lsp::documents::{Change, TextDocument, TextEdit};
use revlint::position::{Encoding, LineIndex, Position, Range};
use revlint::{analyze, Config, Input};

fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a",
        "Revenue",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\u{0B}",
        "\u{0C}",
        "\u{2028}",
        "😀",
        "“",
        "”",
        "é",
        "TBD",
        "XX%",
        "$791.4 million",
        "65%",
        "June 30, 2023",
        "# ",
        "| 1 | 2 |",
        "(in thousands)",
        ".",
    ])
    .prop_map(str::to_string)
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..30).prop_map(|v| v.concat())
}

fn edit() -> impl Strategy<Value = (u32, u32, u32, u32, String)> {
    (0u32..8, 0u32..40, 0u32..8, 0u32..40, text())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn incremental_edits_match_a_fresh_open(
        start in text(),
        edits in prop::collection::vec(edit(), 0..12),
        utf8 in any::<bool>(),
        markdown in any::<bool>(),
    ) {
        let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let mut doc = TextDocument::new(&start, 0);
        let mut model = start.clone();
        let mut composed: Option<TextEdit> = None;
        for (l1, c1, l2, c2, insert) in edits {
            let a = Position { line: l1, character: c1 };
            let b = Position { line: l2, character: c2 };
            let idx = LineIndex::new(&model);
            let (x, y) = (idx.offset(&model, a, enc), idx.offset(&model, b, enc));
            let (lo, hi) = (x.min(y), x.max(y));
            model.replace_range(lo..hi, &insert);
            let edit = doc.apply(&Change { range: Some(Range { start: a, end: b }), text: insert }, enc);
            prop_assert_eq!(edit.range.clone(), lo..hi);
            composed = Some(match composed {
                Some(before) => before.then(&edit),
                None => edit,
            });
            prop_assert_eq!(doc.text(), model.clone());
        }
        if let Some(e) = composed {
            // Outside the composed range, the final text is the starting text.
            let tail = start.len() - e.range.end;
            prop_assert_eq!(e.range.start + e.new_len + tail, model.len());
            prop_assert_eq!(&model[..e.range.start], &start[..e.range.start]);
            prop_assert_eq!(&model[model.len() - tail..], &start[e.range.end..]);
        }
        let cfg = Config::default();
        let input = Input { markdown };
        let edited = analyze(&doc.text(), input, &cfg);
        let fresh = analyze(&TextDocument::new(&model, 1).text(), input, &cfg);
        prop_assert_eq!(&edited.findings, &fresh.findings);
        prop_assert_eq!(&edited.facts, &fresh.facts);
    }
}
