//! Percentages: "65%", "58 percent", "12.5 %", as fractions.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::classify::Word;

static PERCENT_SIGN: Word = Word::new("percent");
static PER_CENT: Word = Word::new("per cent");
static CENT: Word = Word::new("cent");

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,3}(?:\.\d+)?)\s?(?:%|percent(?-u:\b)|per\s+cent(?-u:\b))").unwrap()
});

/// Every percentage of `span`: (span, fraction). `lower` is the span's text in ASCII lowercase.
///
/// [`PERCENT`] starts with a digit, which no prefilter can look for: run over a whole note it
/// steps through every byte. A percentage ends in a sign ("%", "percent", "per cent"), with only
/// digits, a full stop and white space between its start and the sign; so the pattern runs
/// only from the start of that run to just past the sign (the text before it kept as context
/// for `\b`). That finds the matches one search of the span finds: none can start before the
/// run (it would hold a character of the sign) or end after the sign.
///
/// Signs in one of `skip` (tables, in order) are left out: their matches start in the table or
/// end there, so no sentence takes them, and each ends just past its sign, before the run of any
/// later one.
pub fn scan(text: &str, span: Range<usize>, lower: &str, skip: &[Range<usize>], out: &mut Vec<(Range<usize>, f64)>) {
    let s = &text[span.clone()];
    let mut in_skipped = super::InRanges::new(skip);
    // (memchr's search, the vector one, where `contains(char)` reads a word at a time.)
    let has_sign = memchr::memchr(b'%', s.as_bytes()).is_some() || PERCENT_SIGN.is_in(s) || PER_CENT.is_in(s);
    if !has_sign {
        return;
    }
    let mut searched_to = 0;
    for (sign, sign_end) in signs(lower) {
        if sign < searched_to {
            continue;
        }
        if in_skipped.contains(span.start + sign) {
            continue;
        }
        // The run of digits, full stops and white space before the sign: where it starts, and
        // whether it has a digit (without collecting it).
        let (mut run_start, mut has_digit) = (sign, false);
        for (i, c) in s[..sign].char_indices().rev() {
            if !(c.is_numeric() || c == '.' || c.is_whitespace()) {
                break;
            }
            run_start = i;
            has_digit |= c.is_numeric();
        }
        // No digit before the sign: nothing ends there.
        if !has_digit {
            continue;
        }
        let from = run_start.max(searched_to);
        // One character past the sign, which `\b` looks at.
        let to = sign_end + s[sign_end..].chars().next().map_or(0, char::len_utf8);
        let Some(m) = PERCENT.find_at(&s[..to], from) else {
            continue;
        };
        searched_to = m.end();
        push(m, span.start, out);
    }
}

/// Where each sign starts and ends, in order: "%", "percent" and "per cent" (with any white
/// space between), in any case.
fn signs(lower: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut percents = memchr::memchr_iter(b'%', lower.as_bytes())
        .map(|i| (i, i + 1))
        .peekable();
    let mut cents = CENT
        .finder()
        .find_iter(lower.as_bytes())
        .filter_map(|c| {
            let before = lower[..c].trim_end();
            before.ends_with("per").then(|| (before.len() - 3, c + 4))
        })
        .peekable();
    std::iter::from_fn(move || match (percents.peek(), cents.peek()) {
        (Some(p), Some(c)) if c.0 < p.0 => cents.next(),
        (Some(_), _) => percents.next(),
        (None, _) => cents.next(),
    })
}

/// A match as a fraction, `offset` being where the searched text starts.
fn push(m: regex::Match, offset: usize, out: &mut Vec<(Range<usize>, f64)>) {
    let t = m.as_str();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if let Ok(v) = t[..digits].parse::<f64>() {
        out.push((offset + m.start()..offset + m.end(), v / 100.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions() {
        let s = "approximately 65% of which, 58 percent of these, and 12.5 % thereafter";
        let mut out = Vec::new();
        scan(s, 0..s.len(), &s.to_ascii_lowercase(), &[], &mut out);
        let got: Vec<(&str, f64)> = out.iter().map(|(r, v)| (&s[r.clone()], *v)).collect();
        assert_eq!(got, vec![("65%", 0.65), ("58 percent", 0.58), ("12.5 %", 0.125)]);
    }

    /// The windowed search finds what one search of the whole text finds.
    #[test]
    fn same_as_one_search() {
        let cases = [
            "65% of which, 58 percent of these, 12.5 % thereafter, 7 per cent and 8 PER  CENT",
            "a1% b 2% c_3% 1234% 12.34.5% 100.% .5% 5 %% 9 percentage 9 percent. 9 per centum",
            "performance 10 per\ncent, period 3 Percent, 45\u{a0}% and 50%\u{2003}per cent 1 pér",
            "x 12 per cent9 12 percent_ 4 per centé ٣% 12\u{663}% 7.7.7 percent",
            "recent 5 cents, 5 per\u{2003}\u{2003}cent, 6 perCENT and 7 Per Cent, 8 per per cent 9 percent",
        ];
        for s in cases {
            let mut got = Vec::new();
            scan(s, 0..s.len(), &s.to_ascii_lowercase(), &[], &mut got);
            let mut want = Vec::new();
            for m in PERCENT.find_iter(s) {
                push(m, 0, &mut want);
            }
            assert_eq!(got, want, "{s}");
        }
    }
}
