//! Sentence boundaries within a paragraph.

use std::ops::Range;

use memchr::memchr3;

/// Words that end with a period without ending a sentence ("Inc.", "e.g.", "Jun."), lowercase.
/// A `match` on the lowercased word, not a walk of a list: it is asked at every full stop.
fn is_abbreviation_word(word: &[u8]) -> bool {
    let mut buf = [0u8; 6]; // none is longer
    let Some(lowered) = buf.get_mut(..word.len()) else {
        return false;
    };
    lowered.copy_from_slice(word);
    lowered.make_ascii_lowercase();
    matches!(
        &*lowered,
        b"inc"
            | b"co"
            | b"corp"
            | b"ltd"
            | b"llc"
            | b"no"
            | b"nos"
            | b"approx"
            | b"e.g"
            | b"i.e"
            | b"etc"
            | b"vs"
            | b"mr"
            | b"ms"
            | b"dr"
            | b"st"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"u.s"
            | b"fig"
            | b"ref"
            | b"para"
            | b"ibid"
            | b"al"
    )
}

/// Splits `span` of `text` into sentences: a `.`, `?` or `!` (maybe followed by a closing quote
/// or parenthesis) then white space and an uppercase letter, digit, quote or `(` ends one, unless
/// the word before it is an abbreviation or a single letter ("U.S.", "Inc.", "Jun.").
pub fn split_sentences(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_sentences_into(text, span, &mut out);
    out
}

/// [`split_sentences`] into `out` (cleared first), so that a caller may reuse one list.
pub(super) fn split_sentences_into(text: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    out.clear();
    let s = &text[span.clone()];
    let b = s.as_bytes();
    let mut start = 0;
    let mut from = 0;
    while let Some(found) = memchr3(b'.', b'?', b'!', &b[from..]) {
        let i = from + found;
        from = i + 1;
        // Most stops inside a sentence ("1.5", "U.S.", "e.g.") are followed by an ASCII
        // character that is neither white space nor a closing quote or parenthesis: no white
        // space comes after them, so they end nothing.
        if b.get(i + 1).is_some_and(|&n| {
            n.is_ascii() && !n.is_ascii_whitespace() && n != b'\x0B' && !matches!(n, b'"' | b'\'' | b')')
        }) {
            continue;
        }
        let mut end = i + 1;
        // Closing quotes and parentheses stay with the sentence.
        loop {
            let rest = &s[end..];
            if rest.starts_with(['"', '\'', ')']) {
                end += 1;
            } else if rest.starts_with(['”', '’']) {
                end += 3;
            } else {
                break;
            }
        }
        let after = s[end..].trim_start();
        let ws = s.len() - end - after.len();
        let boundary = ws > 0
            && after
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '‘' | '$'))
            && !(b[i] == b'.' && is_abbreviation(&s[start..i]));
        if boundary {
            out.push(trim(span.start + start, &s[start..end]));
            start = end + ws;
            from = start;
        }
    }
    if start < b.len() && !s[start..].trim().is_empty() {
        out.push(trim(span.start + start, &s[start..]));
    }
}

fn trim(offset: usize, s: &str) -> Range<usize> {
    let t = s.trim_start();
    let start = offset + s.len() - t.len();
    start..start + t.trim_end().len()
}

fn is_abbreviation(before: &str) -> bool {
    // The last word: after the last white space or `(` (ASCII bytes looked at directly).
    let split = |c: char| c.is_whitespace() || c == '(';
    let word = match before.bytes().rposition(|b| !b.is_ascii() || split(b as char)) {
        Some(k) if before.as_bytes()[k].is_ascii() => &before[k + 1..],
        None => before,
        Some(_) => before.rsplit(split).next().unwrap_or(""),
    };
    let w = word.trim_start_matches(['"', '“', '(']);
    let mut chars = w.chars();
    let one_letter = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    one_letter
        || is_abbreviation_word(w.as_bytes())
        // "U.S." and other dotted initials
        || (w.len() <= 4 && w.contains('.'))
}
