//! Sentence boundaries within a paragraph.

use std::ops::Range;

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "co", "corp", "ltd", "llc", "no", "nos", "approx", "e.g", "i.e", "etc", "vs", "mr", "ms", "dr", "st", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "fig", "ref", "para", "ibid",
    "al",
];

/// Splits `span` of `text` into sentences: a `.`, `?` or `!` (maybe followed by a closing quote
/// or parenthesis) then white space and an uppercase letter, digit, quote or `(` ends one, unless
/// the word before it is an abbreviation or a single letter ("U.S.", "Inc.", "Jun.").
pub fn split_sentences(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[span.clone()];
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' || c == b'?' || c == b'!' {
            let mut end = i + 1;
            // Closing quotes and parentheses stay with the sentence.
            while end < b.len() {
                let rest = &s[end..];
                if rest.starts_with(['"', '\'', ')']) {
                    end += 1;
                } else if rest.starts_with(['”', '’']) {
                    end += 3;
                } else {
                    break;
                }
            }
            let ws = s[end..].len() - s[end..].trim_start().len();
            let next = s[end + ws..].chars().next();
            let boundary = ws > 0
                && next.is_some_and(|n| {
                    n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '‘' | '$')
                })
                && !(c == b'.' && is_abbreviation(&s[start..i]));
            if boundary {
                out.push(trim(span.start + start, &s[start..end]));
                start = end + ws;
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < b.len() && !s[start..].trim().is_empty() {
        out.push(trim(span.start + start, &s[start..]));
    }
    out
}

fn trim(offset: usize, s: &str) -> Range<usize> {
    let lead = s.len() - s.trim_start().len();
    offset + lead..offset + lead + s.trim().len()
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let w = word.trim_start_matches(['"', '“', '(']).to_ascii_lowercase();
    (w.chars().count() == 1 && w.chars().all(char::is_alphabetic)) || ABBREVIATIONS.contains(&w.as_str())
        // "U.S." and other dotted initials
        || (w.len() <= 4 && w.contains('.'))
}
