//! A stream of `didChange` content changes — range edits with arbitrary, reversed or
//! out-of-range positions, positions inside UTF-16 surrogate pairs or multi-byte characters,
//! edits that join or split `\r\n`, and full replacements — applied to the server's document
//! store (`lsp::documents::TextDocument`, a rope) and to a plain `String` model that clamps
//! positions as the LSP module documents it. After every change both texts must be equal.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use revlint::lsp::documents::{Change, TextDocument};
use revlint::position::{Encoding, Position, Range};

#[derive(Arbitrary, Debug)]
enum Pos {
    /// Near the text: small line and character numbers hit every line and split characters.
    Near(u8, u8),
    /// Far out of range.
    Far(u32, u32),
}

#[derive(Arbitrary, Debug)]
enum Op {
    Edit { start: Pos, end: Pos, text: String },
    Full(String),
}

#[derive(Arbitrary, Debug)]
struct Case {
    utf8: bool,
    initial: String,
    ops: Vec<Op>,
}

impl Pos {
    fn get(&self) -> Position {
        match *self {
            Pos::Near(line, character) => Position {
                line: u32::from(line % 16),
                character: u32::from(character % 64),
            },
            Pos::Far(line, character) => Position { line, character },
        }
    }
}

/// Byte offsets where each line starts: breaks at `\n`, `\r\n` and a lone `\r` (LSP's rule).
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 2;
            }
            b'\r' | b'\n' => {
                starts.push(i + 1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    starts
}

/// The reference: walk the line's characters, counting code units, and stop at the first
/// character that would pass `character` (so a position inside a character is its start); a
/// line past the end is the end of the text; a character past the end is the line's end.
fn model_offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let starts = line_starts(text);
    let line = pos.line as usize;
    if line >= starts.len() {
        return text.len();
    }
    let start = starts[line];
    let mut end = starts.get(line + 1).copied().unwrap_or(text.len());
    let b = text.as_bytes();
    while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
        end -= 1;
    }
    let want = pos.character as usize;
    let mut units = 0;
    for (i, ch) in text[start..end].char_indices() {
        units += match enc {
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf8 => ch.len_utf8(),
        };
        if units > want {
            return start + i;
        }
    }
    end
}

fn model_apply(text: &mut String, change: &Change, enc: Encoding) {
    match change.range {
        None => *text = change.text.clone(),
        Some(r) => {
            let a = model_offset(text, r.start, enc);
            let b = model_offset(text, r.end, enc);
            text.replace_range(a.min(b)..a.max(b), &change.text);
        }
    }
}

fuzz_target!(|case: Case| {
    let enc = if case.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    let mut doc = TextDocument::new(&case.initial, 0);
    let mut model = case.initial.clone();
    for (n, op) in case.ops.iter().take(64).enumerate() {
        let change = match op {
            Op::Edit { start, end, text } => Change {
                range: Some(Range {
                    start: start.get(),
                    end: end.get(),
                }),
                text: text.clone(),
            },
            Op::Full(text) => Change {
                range: None,
                text: text.clone(),
            },
        };
        if let Some(r) = change.range {
            for p in [r.start, r.end] {
                assert_eq!(
                    doc.offset_of(p, enc),
                    model_offset(&model, p, enc),
                    "offset of {p:?} ({enc:?}) in {model:?}"
                );
            }
        }
        doc.apply(&change, enc);
        model_apply(&mut model, &change, enc);
        assert_eq!(doc.text(), model, "after change {n}: {change:?}");
        assert_eq!(doc.len_bytes(), model.len());
    }
});
