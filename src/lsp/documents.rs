//! Open documents: ropes edited in place by incremental changes, with the version the client
//! gave them. Positions arrive as core [`Position`]s (UTF-16 or UTF-8 `character`) and are
//! clamped, never trusted: a line past the end means the end of the text, a character past the
//! end of its line means the line's end, and one inside a surrogate pair or a multi-byte
//! character means that character's start — the same rules as [`crate::position::LineIndex`].
//!
//! Ropey counts chars; the core counts bytes. Everything here stays in chars until
//! [`TextDocument::text`] hands the core a `String`, except [`TextEdit`], which says in bytes
//! what an edit changed (for re-reading only the changed part of the previous text).

use ropey::{Rope, RopeSlice};

use crate::position::{Encoding, Position, Range};
pub use crate::reader::TextEdit;

/// One content change of `textDocument/didChange`: a range edit, or the whole text when
/// `range` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub range: Option<Range>,
    pub text: String,
}

/// One version of a document's text, sharing the rope's storage (a clone costs no copy): taken
/// under the server's lock, and made into the `String` the core reads outside it.
#[derive(Clone, Debug)]
pub struct SharedText(Rope);

impl SharedText {
    pub fn into_string(self) -> String {
        rope_to_string(&self.0)
    }

    pub fn len_bytes(&self) -> usize {
        self.0.len_bytes()
    }
}

/// The rope's text in a `String` of exactly its length (`Rope::to_string` grows by doubling and
/// can leave a 1 MB document in a 2 MB allocation).
fn rope_to_string(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    for chunk in rope.chunks() {
        text.push_str(chunk);
    }
    text
}

#[derive(Clone, Debug)]
pub struct TextDocument {
    rope: Rope,
    pub version: i32,
}

impl TextDocument {
    pub fn new(text: &str, version: i32) -> TextDocument {
        TextDocument {
            rope: Rope::from_str(text),
            version,
        }
    }

    /// Applies one change; says what it changed in bytes. Range ends given in the wrong order
    /// are swapped.
    pub fn apply(&mut self, change: &Change, enc: Encoding) -> TextEdit {
        let new_len = change.text.len();
        match change.range {
            None => {
                let old = 0..self.rope.len_bytes();
                self.rope = Rope::from_str(&change.text);
                TextEdit { range: old, new_len }
            }
            Some(range) => {
                let a = self.char_of(range.start, enc);
                let b = self.char_of(range.end, enc);
                let (start, end) = if a <= b { (a, b) } else { (b, a) };
                let old = self.rope.char_to_byte(start)..self.rope.char_to_byte(end);
                if start < end {
                    self.rope.remove(start..end);
                }
                if !change.text.is_empty() {
                    self.rope.insert(start, &change.text);
                }
                TextEdit { range: old, new_len }
            }
        }
    }

    /// The char index of `pos`, clamped as the module explains.
    pub fn char_of(&self, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_chars();
        }
        let line_start = self.rope.line_to_char(line);
        let content = line_content(self.rope.line(line));
        let want = pos.character as usize;
        let within = match enc {
            Encoding::Utf16 => content.utf16_cu_to_char(want.min(content.len_utf16_cu())),
            Encoding::Utf8 => content.byte_to_char(want.min(content.len_bytes())),
        };
        line_start + within
    }

    /// The byte offset (into [`TextDocument::text`]) of `pos`, clamped.
    pub fn offset_of(&self, pos: Position, enc: Encoding) -> usize {
        self.rope.char_to_byte(self.char_of(pos, enc))
    }

    pub fn text(&self) -> String {
        rope_to_string(&self.rope)
    }

    pub fn shared_text(&self) -> SharedText {
        SharedText(self.rope.clone())
    }

    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }
}

/// A line without its line break (`\n`, `\r\n` or a lone `\r`).
fn line_content(line: RopeSlice) -> RopeSlice {
    let mut end = line.len_chars();
    if end > 0 && line.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > 0 && line.char(end - 1) == '\r' {
        end -= 1;
    }
    line.slice(..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::LineIndex;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    fn edit(doc: &mut TextDocument, start: Position, end: Position, text: &str, enc: Encoding) {
        doc.apply(
            &Change {
                range: Some(Range { start, end }),
                text: text.to_string(),
            },
            enc,
        );
    }

    #[test]
    fn utf16_edits_after_emoji_and_curly_quotes() {
        // "😀" is two UTF-16 units, "“" one; both are several bytes.
        let mut doc = TextDocument::new("a😀“b”\r\nsecond\u{0B}line\n", 1);
        edit(&mut doc, pos(0, 4), pos(0, 5), "B", Encoding::Utf16);
        assert_eq!(doc.text(), "a😀“B”\r\nsecond\u{0B}line\n");
        // The vertical tab is not a line break: line 1 runs to the `\n`.
        edit(&mut doc, pos(1, 7), pos(1, 11), "row", Encoding::Utf16);
        assert_eq!(doc.text(), "a😀“B”\r\nsecond\u{0B}row\n");
        // Past the end of line 0 clamps before the CRLF, so the line break survives.
        edit(&mut doc, pos(0, 99), pos(0, 99), "!", Encoding::Utf16);
        assert_eq!(doc.text(), "a😀“B”!\r\nsecond\u{0B}row\n");
    }

    #[test]
    fn utf8_counts_bytes() {
        let mut doc = TextDocument::new("a😀b", 1);
        edit(&mut doc, pos(0, 5), pos(0, 6), "c", Encoding::Utf8);
        assert_eq!(doc.text(), "a😀c");
        // Inside the emoji's bytes: its start.
        edit(&mut doc, pos(0, 3), pos(0, 3), "x", Encoding::Utf8);
        assert_eq!(doc.text(), "ax😀c");
    }

    #[test]
    fn split_surrogate_pair_and_out_of_range_are_clamped() {
        let mut doc = TextDocument::new("a😀b\nc", 1);
        // Character 2 is inside the surrogate pair: clamps to the emoji's start.
        edit(&mut doc, pos(0, 2), pos(0, 2), "x", Encoding::Utf16);
        assert_eq!(doc.text(), "ax😀b\nc");
        edit(&mut doc, pos(7, 0), pos(9, 9), "!", Encoding::Utf16);
        assert_eq!(doc.text(), "ax😀b\nc!");
        // Reversed range.
        edit(&mut doc, pos(1, 1), pos(0, 0), "", Encoding::Utf16);
        assert_eq!(doc.text(), "!");
    }

    /// Applies `edit` to `before`, with `replacement` the bytes that replaced its range.
    fn splice(before: &str, edit: &TextEdit, after: &str) -> String {
        let tail = before.len() - edit.range.end;
        let replacement = &after[edit.range.start..after.len() - tail];
        assert_eq!(replacement.len(), edit.new_len);
        format!(
            "{}{}{}",
            &before[..edit.range.start],
            replacement,
            &before[edit.range.end..]
        )
    }

    #[test]
    fn byte_edits_compose_into_one_covering_edit() {
        let start = "one “two” three\nfour 😀 five\n";
        let mut doc = TextDocument::new(start, 1);
        let steps = [
            (pos(1, 5), pos(1, 7), "emoji"),
            (pos(0, 0), pos(0, 3), "1"),
            (pos(1, 0), pos(1, 0), "x"),
            (pos(0, 2), pos(1, 3), ""),
            (pos(9, 0), pos(9, 0), "\nend"),
        ];
        let mut total: Option<TextEdit> = None;
        for (a, b, text) in steps {
            let before = doc.text();
            let e = doc.apply(
                &Change {
                    range: Some(Range { start: a, end: b }),
                    text: text.into(),
                },
                Encoding::Utf16,
            );
            assert_eq!(splice(&before, &e, &doc.text()), doc.text());
            total = Some(match total {
                Some(t) => t.then(&e),
                None => e,
            });
            // The composed edit, applied to the starting text, gives the current text.
            let t = total.as_ref().expect("set above");
            assert_eq!(&start[..t.range.start], &doc.text()[..t.range.start]);
            assert_eq!(splice(start, t, &doc.text()), doc.text());
        }
        let len_before = doc.len_bytes();
        let full = doc.apply(
            &Change {
                range: None,
                text: "new".into(),
            },
            Encoding::Utf16,
        );
        assert_eq!(
            full,
            TextEdit {
                range: 0..len_before,
                new_len: 3
            }
        );
        let t = total.expect("set above").then(&full);
        assert_eq!(splice(start, &t, "new"), "new");
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let mut doc = TextDocument::new("one\rtwo", 1);
        edit(&mut doc, pos(1, 0), pos(1, 3), "2", Encoding::Utf16);
        assert_eq!(doc.text(), "one\r2");
    }

    #[test]
    fn agrees_with_line_index_on_offsets() {
        let text = "“Q”\r\n😀😀 x\u{0B}y\u{2028}z\rend";
        let doc = TextDocument::new(text, 0);
        let idx = LineIndex::new(text);
        for line in 0..5 {
            for character in 0..12 {
                for enc in [Encoding::Utf16, Encoding::Utf8] {
                    let p = pos(line, character);
                    assert_eq!(doc.offset_of(p, enc), idx.offset(text, p, enc), "{p:?} {enc:?}");
                }
            }
        }
    }
}
