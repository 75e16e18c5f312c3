//! Byte offsets ↔ (line, character) positions. The core speaks byte offsets; this is the one
//! place that converts them to the positions editors and JSON output use.
//!
//! Lines break at `\n`, `\r\n` and a lone `\r`, as LSP defines them (not at VT, FF, NEL or
//! U+2028/2029). `character` counts UTF-16 code units by default, or bytes for UTF-8.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// How `Position::character` counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    len: usize,
    /// Whether the text is all ASCII: then every count is the byte count.
    ascii: bool,
    /// For non-ASCII text, every [`MARK_SPACING`] bytes (at a char boundary): the UTF-16 units
    /// before that byte. A position on a long line then costs at most one stretch, not the line.
    utf16_marks: Vec<(usize, usize)>,
}

const MARK_SPACING: usize = 1024;

/// UTF-16 code units in `s`: one per char, two for chars outside the BMP (4-byte UTF-8).
fn utf16_units(s: &str) -> usize {
    s.bytes().filter(|&b| (b & 0xC0) != 0x80).count() + s.bytes().filter(|&b| b >= 0xF0).count()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(off) = memchr_cr_lf(&bytes[i..]) {
            let at = i + off;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        let ascii = text.is_ascii();
        let mut utf16_marks = Vec::new();
        if !ascii {
            let (mut at, mut units) = (0, 0);
            while at < text.len() {
                utf16_marks.push((at, units));
                let mut next = floor_char_boundary(text, at + MARK_SPACING);
                if next <= at {
                    next = text.len();
                }
                units += utf16_units(&text[at..next]);
                at = next;
            }
        }
        LineIndex {
            starts,
            len: text.len(),
            ascii,
            utf16_marks,
        }
    }

    /// UTF-16 units before byte `offset` (a char boundary) in the whole text.
    fn utf16_before(&self, text: &str, offset: usize) -> usize {
        let k = self.utf16_marks.partition_point(|m| m.0 <= offset);
        match k.checked_sub(1).map(|k| self.utf16_marks[k]) {
            Some((at, units)) => units + utf16_units(&text[at..offset]),
            None => utf16_units(&text[..offset]),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset of the start of `line` (the text length past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Byte range of `line` without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1).min(text.len());
        let b = text.as_bytes();
        while end > start && (b[end - 1] == b'\n' || b[end - 1] == b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Position of byte `offset`. An offset inside a character counts as that character's start;
    /// one past the end is clamped to the end.
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let character = if self.ascii || enc == Encoding::Utf8 {
            offset - start
        } else {
            self.utf16_before(text, offset) - self.utf16_before(text, start)
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    pub fn range(&self, text: &str, span: std::ops::Range<usize>, enc: Encoding) -> Range {
        Range {
            start: self.position(text, span.start, enc),
            end: self.position(text, span.end, enc),
        }
    }

    /// Byte offset of `pos`, clamped: a line past the end gives the text's end, a character past
    /// the line's end gives the line's end, and a position inside a UTF-16 surrogate pair or a
    /// multi-byte character gives that character's start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let span = self.line_span(text, line);
        let want = pos.character as usize;
        if self.ascii || enc == Encoding::Utf8 {
            return floor_char_boundary(text, span.start + want.min(span.len()));
        }
        // Start from the last mark inside the line at or before the wanted unit.
        let line_units = self.utf16_before(text, span.start);
        let target = line_units + want;
        let k = self.utf16_marks.partition_point(|m| m.0 <= span.end && m.1 <= target);
        let (mut at, mut units) = match k.checked_sub(1).map(|k| self.utf16_marks[k]) {
            Some((m_at, m_units)) if m_at > span.start => (m_at, m_units),
            _ => (span.start, line_units),
        };
        for ch in text[at..span.end].chars() {
            let next = units + ch.len_utf16();
            if next > target {
                return at;
            }
            units = next;
            at += ch.len_utf8();
        }
        span.end
    }
}

fn memchr_cr_lf(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n' || c == b'\r')
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs_and_crlf() {
        let text = "a😀b\r\n“c”\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let b = text.find('b').unwrap();
        assert_eq!(
            idx.position(text, b, Encoding::Utf16),
            Position { line: 0, character: 3 }
        );
        assert_eq!(
            idx.position(text, b, Encoding::Utf8),
            Position { line: 0, character: 5 }
        );
        let c = text.find('c').unwrap();
        assert_eq!(
            idx.position(text, c, Encoding::Utf16),
            Position { line: 1, character: 1 }
        );
        assert_eq!(idx.offset(text, Position { line: 1, character: 1 }, Encoding::Utf16), c);
        // Inside the surrogate pair: clamps to the emoji's start.
        assert_eq!(idx.offset(text, Position { line: 0, character: 2 }, Encoding::Utf16), 1);
        // Out of range: line end, text end.
        assert_eq!(
            idx.offset(text, Position { line: 0, character: 99 }, Encoding::Utf16),
            b + 1
        );
        assert_eq!(
            idx.offset(text, Position { line: 9, character: 0 }, Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn vertical_tab_and_form_feed_are_not_line_breaks() {
        let text = "a\u{0B}b\u{0C}c\u{2028}d\ne";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 2);
    }
}

#[cfg(test)]
mod long_line_tests {
    use super::*;

    /// Positions on a long non-ASCII line agree with counting from the line start.
    #[test]
    fn marks_agree_with_counting_on_long_lines() {
        let unit = "ab“c😀d ";
        let text = format!("first line\r\n{}\nlast", unit.repeat(2000));
        let idx = LineIndex::new(&text);
        let line_start = idx.line_start(1);
        for (offset, _) in text.char_indices().step_by(7) {
            let pos = idx.position(&text, offset, Encoding::Utf16);
            let line = idx.line_of(offset);
            let counted: usize = text[idx.line_start(line)..offset].chars().map(char::len_utf16).sum();
            assert_eq!(pos.character as usize, counted, "offset {offset}");
            assert_eq!(idx.offset(&text, pos, Encoding::Utf16), offset, "{pos:?}");
        }
        // Inside a surrogate pair: the emoji's start.
        let emoji = line_start + text[line_start..].find('😀').unwrap();
        let pos = idx.position(&text, emoji, Encoding::Utf16);
        let inside = Position {
            line: pos.line,
            character: pos.character + 1,
        };
        assert_eq!(idx.offset(&text, inside, Encoding::Utf16), emoji);
    }
}
