//! Money: "$791.4 million", "$1,135 million", "$0.5 billion", "$12.3M", and table cells ("$551",
//! "1,868", "(12)"), with the scale of a caption in scope ("(in thousands)", "$ in Millions").

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::ScaleSource;
use crate::reader::is_ascii_space;

/// An amount as found: its span, its value in dollars after scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    pub span: Range<usize>,
    pub value: f64,
    pub multiplier: f64,
    pub scale: ScaleSource,
}

/// `$` then a number, then maybe a scale word or letter.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(thousand|million|billion|trillion)s?(?-u:\b)|\s?(mm|mn|bn|k|m|b)(?-u:\b))?",
    )
    .unwrap()
});

/// "(in thousands)", "(dollars in millions)", "$ in Millions", "in millions of dollars",
/// "(In millions, except percentages)".
static SCALE_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\(\s*(?:(?:u\.s\.\s+)?dollars|amounts|\$|usd)?\s*,?\s*in\s+(thousands|millions|billions)(?-u:\b)|\$\s*in\s+(thousands|millions|billions)(?-u:\b)|(?-u:\b)in\s+(thousands|millions|billions)\s+of\s+(?:u\.s\.\s+)?dollars(?-u:\b)|(?-u:\b)(?:dollars|amounts)\s+in\s+(thousands|millions|billions)(?-u:\b))",
    )
    .unwrap()
});

/// The scale words of a caption as most are written: one search, where a `contains` per word
/// built a searcher each (a table looks for its caption in many short cells).
static SCALE_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(["housand", "illion", "HOUSAND", "ILLION"]).expect("scale words are plain literals")
});

fn word_multiplier(w: &str) -> f64 {
    const WORDS: &[(&str, f64)] = &[
        ("thousand", 1e3),
        ("thousands", 1e3),
        ("k", 1e3),
        ("million", 1e6),
        ("millions", 1e6),
        ("m", 1e6),
        ("mm", 1e6),
        ("mn", 1e6),
        ("billion", 1e9),
        ("billions", 1e9),
        ("b", 1e9),
        ("bn", 1e9),
        ("trillion", 1e12),
    ];
    WORDS
        .iter()
        .find(|(word, _)| word.eq_ignore_ascii_case(w))
        .map_or(1.0, |&(_, m)| m)
}

/// "1,135" and ".4" → 1135.4, without allocating.
fn parse_number(int: &str, frac: Option<&str>) -> Option<f64> {
    let mut value = 0f64;
    let mut digits = 0;
    for b in int.bytes() {
        match b {
            b'0'..=b'9' => {
                value = value * 10.0 + f64::from(b - b'0');
                digits += 1;
            }
            b',' => {}
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    if let Some(f) = frac {
        value += fraction_value(f.strip_prefix('.').unwrap_or(f).as_bytes())?;
    }
    Some(value)
}

/// The value of the digits after a decimal point (`None` if one is not a digit). Both readings
/// of a figure use it, so they agree to the bit.
fn fraction_value(digits: &[u8]) -> Option<f64> {
    let (mut fraction, mut scale) = (0f64, 1f64);
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        fraction = fraction * 10.0 + f64::from(c - b'0');
        scale *= 10.0;
    }
    Some(fraction / scale)
}

/// Every `$` amount of `span` in prose. Amounts without a scale word are taken as written.
///
/// Amounts that start in one of `skip` (tables, in order) are left out: the caller takes only
/// those inside sentences, and a match holds no `$` but its first, so leaving one out changes
/// no other. The text after each `$` is still read in full, so every match is the same.
pub fn scan(text: &str, span: Range<usize>, skip: &[Range<usize>], out: &mut Vec<Money>) {
    let s = &text[span.clone()];
    let mut in_skipped = super::InRanges::new(skip);
    // Every match of [`AMOUNT`] starts at a `$` and holds no other, so the matches are those
    // found at each `$` in turn. Most are read by hand ([`read_amount`]); where the regex's
    // Unicode classes could see more than ASCII, it reads the amount itself.
    let mut searched_to = 0;
    for dollar in memchr::memchr_iter(b'$', s.as_bytes()) {
        if dollar < searched_to {
            continue;
        }
        if in_skipped.contains(span.start + dollar) {
            continue;
        }
        let found = match read_amount(s, dollar) {
            Reading::Found(end) => Some(dollar..end),
            Reading::None => None,
            Reading::Unsure => AMOUNT
                .find_at(s, dollar)
                .filter(|m| m.start() == dollar)
                .map(|m| m.range()),
        };
        let Some(found) = found else { continue };
        searched_to = found.end;
        if let Some(money) = money_of(&s[found.clone()], span.start + found.start) {
            out.push(money);
        }
    }
}

/// A [`AMOUNT`] match, read: its value and scale.
fn money_of(found: &str, at: usize) -> Option<Money> {
    let figure = found.trim_start_matches('$').trim_start();
    let number_len = figure
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b',' || *b == b'.')
        .count();
    let (number_text, word) = figure.split_at(number_len);
    let (int, frac) = match number_text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number_text, None),
    };
    let number = parse_number(int, frac)?;
    let word = word.trim();
    let (multiplier, scale) = if word.is_empty() {
        (1.0, ScaleSource::Assumed)
    } else {
        (word_multiplier(word.trim_end_matches(['s', 'S'])), ScaleSource::Stated)
    };
    Some(Money {
        span: at..at + found.len(),
        value: number * multiplier,
        multiplier,
        scale,
    })
}

/// What [`read_amount`] made of the text after a `$`.
#[derive(Debug, PartialEq)]
enum Reading {
    /// [`AMOUNT`] matches from the `$` to this end.
    Found(usize),
    /// It does not match at the `$`.
    None,
    /// A byte the hand reading does not decide (non-ASCII, where `\s`, `\d` or a case-folded
    /// letter may match): the regex decides.
    Unsure,
}

/// [`AMOUNT`] at the `$` at `dollar`, read by hand over ASCII text.
fn read_amount(s: &str, dollar: usize) -> Reading {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let is_word = |i: usize| at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    let digits_from = |i: usize| (i..b.len()).take_while(|&k| b[k].is_ascii_digit()).count();
    let mut i = dollar + 1;
    // `\s?`
    match at(i) {
        Some(c) if !c.is_ascii() => return Reading::Unsure,
        Some(b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r') => i += 1,
        _ => {}
    }
    // `\d{1,3}(?:,\d{3})+|\d+`: the grouped form when it has a group, else all the digits.
    let lead = digits_from(i);
    if lead == 0 {
        return match at(i) {
            Some(c) if !c.is_ascii() => Reading::Unsure,
            _ => Reading::None,
        };
    }
    let mut end = i + lead;
    if lead <= 3 {
        while at(end) == Some(b',') {
            let group = digits_from(end + 1);
            if group >= 3 {
                end += 4;
            } else if at(end + 1 + group).is_some_and(|c| !c.is_ascii()) {
                // "1,2" then a character `\d` may read as a digit.
                return Reading::Unsure;
            } else {
                break;
            }
        }
    }
    // `(\.\d+)?`
    if at(end) == Some(b'.') && digits_from(end + 1) > 0 {
        end += 1 + digits_from(end + 1);
    }
    // A digit the regex reads as `\d` may follow, or start a fraction after the full stop.
    let next = if at(end) == Some(b'.') { end + 1 } else { end };
    if at(next).is_some_and(|c| !c.is_ascii()) || at(end).is_some_and(|c| !c.is_ascii()) {
        return Reading::Unsure;
    }
    // `(?:\s?(thousand|million|billion|trillion)s?\b|\s?(mm|mn|bn|k|m|b)\b)?`
    let mut word_at = end;
    match at(word_at) {
        Some(b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r') => word_at += 1,
        Some(c) if !c.is_ascii() => return Reading::Unsure,
        _ => {}
    }
    let letters = (word_at..b.len()).take_while(|&k| b[k].is_ascii_alphabetic()).count();
    // Past the letters a non-ASCII character could be a letter of the word (`\b` is ASCII,
    // but "ſ" or "K" fold to ASCII letters).
    if at(word_at + letters).is_some_and(|c| !c.is_ascii()) {
        return Reading::Unsure;
    }
    let word = &s[word_at..word_at + letters];
    let boundary = |k: usize| !is_word(k);
    for long in ["thousand", "million", "billion", "trillion"] {
        if word.len() >= long.len() && word[..long.len()].eq_ignore_ascii_case(long) {
            let mut k = word_at + long.len();
            if at(k).is_some_and(|c| c.eq_ignore_ascii_case(&b's')) && boundary(k + 1) {
                k += 1;
            }
            if boundary(k) {
                return Reading::Found(k);
            }
        }
    }
    for short in ["mm", "mn", "bn", "k", "m", "b"] {
        if word.len() >= short.len()
            && word[..short.len()].eq_ignore_ascii_case(short)
            && boundary(word_at + short.len())
        {
            return Reading::Found(word_at + short.len());
        }
    }
    Reading::Found(end)
}

/// The multiplier a caption states: "(in thousands)" → 1e3.
pub fn caption_scale(s: &str) -> Option<f64> {
    let first_in = scale_phrase_at(s)?;
    if !SCALE_WORDS.is_match(s) {
        return None;
    }
    let found = SCALE_CAPTION.find_at(s, search_start(s, first_in))?.as_str();
    // The scale word is the match's only "thousand", "million" or "billion" (the words before
    // it are "dollars", "amounts", "$", "usd", "u.s." and "in"); read it from the match, which
    // costs no captures, unless it is written with a letter that only folds to ASCII ("ſ").
    let read = [("thousand", 1e3), ("million", 1e6), ("billion", 1e9)]
        .into_iter()
        .find(|(word, _)| ascii_find_ignore_case(found, word).is_some())
        .map(|(_, m)| m);
    read.or_else(|| {
        let c = SCALE_CAPTION.captures(s)?;
        let w = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4))?;
        Some(word_multiplier(w.as_str()))
    })
}

/// Where [`SCALE_CAPTION`] may match `s` first: each of its forms has "in", white space and
/// "thousands", "millions" or "billions" (in any case); the first such "in", if any (`None`:
/// no match). That is looked for at each "i", where the checks before the pattern cost a pass
/// over every paragraph before a table, and the pattern's search another over those that state
/// amounts in millions. A non-ASCII character (`\s` and case folding see more there) counts as
/// white space, or in the word as any word.
fn scale_phrase_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // The shortest match, "(in millions" or "$ in billions" less its space, is 12 bytes (a
    // character only Unicode reads as space or as one of the letters takes more): a table's
    // cells ("$1,234", "2023") are mostly shorter.
    if b.len() < "(in millions".len() {
        return None;
    }
    let is_space = |c: &u8| c.is_ascii_whitespace() || *c == b'\x0B' || !c.is_ascii();
    memchr::memchr2_iter(b'i', b'I', b).find(|&i| {
        if !b.get(i + 1).is_some_and(|n| n.eq_ignore_ascii_case(&b'n')) {
            return false;
        }
        let after_in = &b[i + 2..];
        let space = after_in.iter().take_while(|c| is_space(c)).count();
        let word = &after_in[space..];
        // A non-ASCII character among the word's letters may fold to one of them ("ſ").
        let letters = &word[..word.len().min("thousands".len())];
        space > 0
            && (!letters.is_ascii()
                || ["thousands", "millions", "billions"].iter().any(|w| {
                    word.get(..w.len())
                        .is_some_and(|x| x.eq_ignore_ascii_case(w.as_bytes()))
                }))
    })
}

/// Where to search `s` for [`SCALE_CAPTION`] when its first phrase's "in" is at `first_in`
/// ([`scale_phrase_at`]): before it, no form has more than "(", "u.s. dollars", "amounts", "$" or
/// "usd", a comma and white space between them, so no match starts before those (every match
/// has such an "in", none earlier than the first). Searching from there spares the engine the
/// paragraph before it. Outside ASCII (`\s` and case folding see more there) the whole text.
fn search_start(s: &str, first_in: usize) -> usize {
    if !s.is_ascii() {
        return 0;
    }
    let b = s.as_bytes();
    let is_space = is_ascii_space;
    let mut at = first_in;
    let skip_space = |at: &mut usize| {
        while *at > 0 && is_space(b[*at - 1]) {
            *at -= 1;
        }
    };
    let ends_with =
        |at: usize, word: &str| at >= word.len() && b[at - word.len()..at].eq_ignore_ascii_case(word.as_bytes());
    skip_space(&mut at);
    if at > 0 && b[at - 1] == b',' {
        at -= 1;
    }
    skip_space(&mut at);
    if let Some(word) = ["dollars", "amounts", "usd", "$"]
        .into_iter()
        .find(|w| ends_with(at, w))
    {
        at -= word.len();
        if word == "dollars" {
            let mut before = at;
            skip_space(&mut before);
            if before < at && ends_with(before, "u.s.") {
                at = before - "u.s.".len();
            }
        }
    }
    skip_space(&mut at);
    if at > 0 && b[at - 1] == b'(' {
        at -= 1;
    }
    at
}

/// Whether `needle` (lowercase ASCII) occurs in `haystack`, in any ASCII case.
fn ascii_find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A table cell that is a number: "$551", "1,868", "(12)", "$ (1,188)", "12.5". Dashes (nil)
/// and text are not amounts. Returns (value as written, negative, span of the figure).
///
/// A table has thousands of cells: they are read byte by byte, where the `str` trims of
/// [`parse_any_cell`] decode characters and ask Unicode about white space. Only a cell the byte
/// reading turns down and that is not all ASCII is read again by [`parse_any_cell`]: every byte
/// of a figure the byte reading takes is ASCII, and it reads an ASCII cell as that does.
pub fn parse_cell(text: &str, cell: Range<usize>) -> Option<(f64, Range<usize>)> {
    let b = text[cell.clone()].as_bytes();
    let mut lead = 0;
    while lead < b.len() && is_ascii_space(b[lead]) {
        lead += 1;
    }
    // A figure starts with a digit, a sign, a "$" or "(": most labels stop here, in any reading
    // (white space other than ASCII's would come before an ASCII letter, not after).
    match b.get(lead) {
        None => None,
        Some(&c) if c.is_ascii_digit() || matches!(c, b'$' | b'(' | b'-') => read_ascii_cell(b, lead, cell.start)
            .or_else(|| if b.is_ascii() { None } else { parse_any_cell(text, cell) }),
        Some(c) if c.is_ascii() => None,
        Some(_) => parse_any_cell(text, cell),
    }
}

/// [`parse_cell`]'s byte reading of the cell `b` (at `offset` in the text), whose figure starts
/// at `lead`; `None` for anything else, such as a byte that is not ASCII.
fn read_ascii_cell(b: &[u8], lead: usize, offset: usize) -> Option<(f64, Range<usize>)> {
    let is_space = is_ascii_space;
    let skip_space = |mut i: usize, end: usize| {
        while i < end && is_space(b[i]) {
            i += 1;
        }
        i
    };
    let mut end = b.len();
    while end > lead && is_space(b[end - 1]) {
        end -= 1;
    }
    let figure_len = end - lead;
    let skip_dollars = |mut i: usize, end: usize| {
        while i < end && b[i] == b'$' {
            i += 1;
        }
        skip_space(i, end)
    };
    let mut negative = false;
    let mut i = skip_dollars(lead, end);
    if i < end && b[i] == b'(' {
        // "(1,188)": the closing parenthesis ends the figure.
        if end - i < 2 || b[end - 1] != b')' {
            return None;
        }
        end -= 1;
        while end > i + 1 && is_space(b[end - 1]) {
            end -= 1;
        }
        i = skip_space(i + 1, end);
        negative = true;
    }
    i = skip_dollars(i, end);
    if i < end && b[i] == b'-' {
        i = skip_space(i + 1, end);
        negative = true;
    }
    let v = figure_value(&b[i..end])?;
    let start = offset + lead;
    Some((if negative { -v } else { v }, start..start + figure_len))
}

/// [`parse_cell`] of any text: Unicode white space, the minus sign "−".
fn parse_any_cell(text: &str, cell: Range<usize>) -> Option<(f64, Range<usize>)> {
    let s = &text[cell.clone()];
    let from_figure = s.trim_start();
    let t = from_figure.trim_end();
    // A figure starts with a digit, a sign, a "$" or "(": most labels stop here.
    if !t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '(' | '-' | '−')) {
        return None;
    }
    let lead = s.len() - from_figure.len();
    let mut body = t;
    let mut negative = false;
    body = body.trim_start_matches('$').trim_start();
    if let Some(inner) = body.strip_prefix('(') {
        body = inner.strip_suffix(')')?.trim();
        negative = true;
    }
    body = body.trim_start_matches('$').trim_start();
    if let Some(inner) = body.strip_prefix('-').or_else(|| body.strip_prefix('−')) {
        body = inner.trim_start();
        negative = true;
    }
    let v = figure_value(body.as_bytes())?;
    let start = cell.start + lead;
    Some((if negative { -v } else { v }, start..start + t.len()))
}

/// The value of a cell figure's digits, commas and full stop, `body`, in one pass: it starts
/// with a digit, digits after a thousands comma come in threes ("1,868", not "12,34"), and the
/// fraction after the full stop is digits only. The same sums as [`parse_number`], in the same
/// order.
fn figure_value(body: &[u8]) -> Option<f64> {
    if !body.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut value = 0f64;
    let mut since_comma: Option<usize> = None;
    let mut i = 0;
    while let Some(&c) = body.get(i).filter(|&&c| c != b'.') {
        match (c, since_comma.as_mut()) {
            (b'0'..=b'9', group) => {
                value = value * 10.0 + f64::from(c - b'0');
                if let Some(n) = group {
                    *n += 1;
                }
            }
            (b',', Some(3) | None) => since_comma = Some(0),
            _ => return None,
        }
        i += 1;
    }
    if since_comma.is_some_and(|n| n != 3) {
        return None;
    }
    if i < body.len() {
        // As `parse_number` reads it: one more full stop may open the fraction ("0..5").
        let after_stop = &body[i + 1..];
        value += fraction_value(after_stop.strip_prefix(b".").unwrap_or(after_stop))?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(s: &str) -> Vec<(String, f64, ScaleSource)> {
        let mut out = Vec::new();
        scan(s, 0..s.len(), &[], &mut out);
        out.into_iter()
            .map(|m| (s[m.span].to_string(), m.value, m.scale))
            .collect()
    }

    #[test]
    fn stated_scales() {
        let a = amounts("RPO was $791.4 million; $1.2 billion, $54.0 million, $1,135 million and $12M.");
        assert_eq!(a[0], ("$791.4 million".into(), 791_400_000.0, ScaleSource::Stated));
        assert_eq!(a[1].1, 1_200_000_000.0);
        assert_eq!(a[2].1, 54_000_000.0);
        assert_eq!(a[3].1, 1_135_000_000.0);
        assert_eq!(a[4].1, 12_000_000.0);
        let plain = amounts("a fee of $1,868 was paid");
        assert_eq!(plain[0], ("$1,868".into(), 1868.0, ScaleSource::Assumed));
    }

    /// The regex's own search over the whole text, as `scan` read amounts before.
    fn amounts_by_regex(s: &str) -> Vec<Money> {
        AMOUNT
            .find_iter(s)
            .filter_map(|m| money_of(m.as_str(), m.start()))
            .collect()
    }

    #[test]
    fn hand_reading_matches_the_regex() {
        let cases = [
            "$791.4 million, $1,135 millions, $12M, $5mm $5 mn $5bn $3 k $3K $4 B $4b. $9 trillion",
            "$1,2345 $1234,567 $1,234,56 $12,345.67 $1. $1.x $.5 $ 5 $  5 $\t5 $\n5 millionaire $5 thousands_",
            "$5\u{a0}million $\u{a0}5 $5 \u{212a} $5 \u{212a}x $5 thousand\u{17f} $5 million\u{17f}x $1,2\u{663}4",
            "$1\u{663} $1.\u{663} $1.5\u{663} $\u{663}5 $5 \u{e9}t\u{e9} $5 m\u{e9} $5 mm\u{e9} $$5 $5$6 million$",
            "$5 billionS $5 BILLIONS $5 bnx $5 kk $5 k_ $5 m- $5,000,000 $5, $5,00 $005 $0.00",
        ];
        for s in cases {
            let mut got = Vec::new();
            scan(s, 0..s.len(), &[], &mut got);
            assert_eq!(got, amounts_by_regex(s), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn hand_reading_matches_the_regex_on_any_pieces(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "$", "1", "23", "456", ",", ".", " ", "\t", "\u{a0}", "\u{663}", "m", "M", "mm", "n", "b",
                "bn", "k", "K", "\u{212a}", "s", "\u{17f}", "thousand", "Million", "billion", "TRILLION",
                "x", "_", "-", "é",
            ]),
            0..14,
        )) {
            let s: String = pieces.concat();
            let mut got = Vec::new();
            scan(&s, 0..s.len(), &[], &mut got);
            proptest::prop_assert_eq!(got, amounts_by_regex(&s));
        }
    }

    #[test]
    fn captions() {
        assert_eq!(
            caption_scale("The following table presents revenue (in thousands):"),
            Some(1e3)
        );
        assert_eq!(caption_scale("(dollars in thousands)"), Some(1e3));
        assert_eq!(caption_scale("Revenue - USD ($) $ in Millions"), Some(1e6));
        assert_eq!(caption_scale("(In millions)"), Some(1e6));
        assert_eq!(caption_scale("millions of customers"), None);
    }

    /// The scale read from the match is the one its captures give.
    #[test]
    fn caption_scale_matches_the_captures() {
        let by_captures = |s: &str| {
            if !SCALE_WORDS.is_match(s) {
                return None;
            }
            let c = SCALE_CAPTION.captures(s)?;
            let w = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4))?;
            Some(word_multiplier(w.as_str()))
        };
        let cases = [
            "(in thousands)",
            "(Dollars in Millions, except per share)",
            "(U.S. dollars, in billions)",
            "$ in Thousands",
            "in millions of U.S. dollars",
            "amounts in BILLIONS",
            "(in thouſands)",
            "(in thouſands), millions",
            "amounts in thousands (in millions)",
            "in millions of customers; dollars in thousands",
        ];
        for s in cases {
            assert_eq!(caption_scale(s), by_captures(s), "{s}");
        }
    }

    /// Text [`scale_phrase_at`] turns away is text [`SCALE_CAPTION`] does not match.
    fn assert_scale_gate_keeps_every_match(s: &str) {
        if scale_phrase_at(s).is_none() {
            assert!(!SCALE_CAPTION.is_match(s), "{s:?}");
        }
    }

    #[test]
    fn scale_gate_keeps_every_match() {
        for s in [
            "(in thousands)",
            "(Dollars In\x0bMillions, except per share)",
            "$ IN BILLIONS",
            "in millions of U.S. dollars",
            "amounts in\tthousands",
        ] {
            assert!(scale_phrase_at(s).is_some() && SCALE_CAPTION.is_match(s), "{s:?}");
        }
        for s in [
            "$791.4 million",
            "in million",
            "millions of customers",
            "within millions",
            "inmillions",
        ] {
            assert!(scale_phrase_at(s).is_none() || s == "within millions", "{s:?}");
            assert_scale_gate_keeps_every_match(s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn scale_gate_keeps_every_match_of_any_pieces(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "(", ")", "$", "in", "IN", "In", "iN", " ", "  ", "\t", "\x0b", ",", "dollars", "amounts", "usd",
                "u.s.", "thousands", "Millions", "BILLIONS", "million", "of", "x", "thouſands", "\u{a0}", "’",
                "\u{2003}", "milli", "ons", "\u{17f}", "Dollars", "U.S.", "AMOUNTS", "USD", "sales", "\n",
            ]),
            0..12,
        )) {
            let s: String = pieces.concat();
            // The search from the first phrase finds what the search of the whole text finds.
            let from = scale_phrase_at(&s).map_or(0, |at| search_start(&s, at));
            proptest::prop_assert_eq!(SCALE_CAPTION.find_at(&s, from), SCALE_CAPTION.find(&s), "{:?}", s);
            if scale_phrase_at(&s).is_none() {
                proptest::prop_assert!(!SCALE_CAPTION.is_match(&s), "{:?}", s);
            }
        }
    }

    #[test]
    fn cells() {
        let t = "$551|1,868|(12)|—|$ (1,188)|12,34|Total";
        let cells: Vec<Range<usize>> = {
            let mut v = Vec::new();
            let mut start = 0;
            for (i, ch) in t.char_indices() {
                if ch == '|' {
                    v.push(start..i);
                    start = i + 1;
                }
            }
            v.push(start..t.len());
            v
        };
        let vals: Vec<Option<f64>> = cells.iter().map(|c| parse_cell(t, c.clone()).map(|x| x.0)).collect();
        assert_eq!(
            vals,
            vec![Some(551.0), Some(1868.0), Some(-12.0), None, Some(-1188.0), None, None]
        );
    }

    /// How a cell figure's body was read before [`figure_value`]: checked, then its commas, then
    /// [`parse_number`].
    fn figure_value_by_parts(body: &str) -> Option<f64> {
        let valid = !body.is_empty()
            && body.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && body.as_bytes()[0].is_ascii_digit();
        if !valid {
            return None;
        }
        let (int, frac) = match body.bytes().position(|b| b == b'.') {
            Some(dot) => (&body[..dot], Some(&body[dot + 1..])),
            None => (body, None),
        };
        let mut since_comma: Option<usize> = None;
        for b in int.bytes() {
            match (b, since_comma.as_mut()) {
                (b',', Some(3) | None) => since_comma = Some(0),
                (b',', Some(_)) => return None,
                (_, Some(n)) => *n += 1,
                (_, None) => {}
            }
        }
        if since_comma.is_some_and(|n| n != 3) {
            return None;
        }
        parse_number(int, frac)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The one-pass reading of a figure is the reading by parts, to the bit.
        #[test]
        fn figure_value_is_the_reading_by_parts(body in "[0-9,.x ]{0,14}") {
            let by_parts = figure_value_by_parts(&body).map(f64::to_bits);
            proptest::prop_assert_eq!(figure_value(body.as_bytes()).map(f64::to_bits), by_parts, "{:?}", body);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The byte reading of a cell is the general one's, whatever its characters.
        #[test]
        fn ascii_cells_read_as_any_cell(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "$", "(", ")", "-", "−", " ", "\t", "\x0b", "\x0c", "\r\n", "\u{a0}", "1", "23", "456", ",", ".",
                "1,868", "12,34", "0.5", "..", "%", "Total", "a", "—", "\u{2003}", "é", "\u{661}",
            ]),
            0..8,
        )) {
            let s: String = pieces.concat();
            // Inside a longer text, as cells are.
            let text = format!("x|{s}|y");
            let cell = 2..2 + s.len();
            proptest::prop_assert_eq!(parse_cell(&text, cell.clone()), parse_any_cell(&text, cell), "{:?}", s);
        }
    }
}
