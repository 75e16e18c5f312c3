//! Percentages: "65%", "58 percent", "12.5 %", as fractions.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,3}(?:\.\d+)?)\s?(?:%|percent(?-u:\b)|per\s+cent(?-u:\b))").unwrap()
});

/// Where a percentage can end: "%", or "per" starting "percent" or "per cent", in any case.
static SIGN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)%|per").unwrap());

/// Every percentage of `span`: (span, fraction).
///
/// [`PERCENT`] starts with a digit, which no prefilter can look for: run over a whole note it
/// steps through every byte. Each percentage ends in a sign ([`SIGN`]) with only digits, a full
/// stop and white space between its start and the sign, so the search runs from the start of
/// that run to just past the sign, with the text before it as context for `\b`. It finds the
/// matches a search of the whole span would: none can start before the run (it would have to
/// hold the sign's letter) or end after the sign's phrase.
pub fn scan(text: &str, span: Range<usize>, out: &mut Vec<(Range<usize>, f64)>) {
    let s = &text[span.clone()];
    if !(s.contains('%') || s.contains("percent") || s.contains("per cent")) {
        return;
    }
    let mut searched_to = 0;
    for sign in SIGN.find_iter(s) {
        if sign.start() < searched_to {
            continue;
        }
        let run = s[..sign.start()]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_numeric() || c == '.' || c.is_whitespace())
            .last()
            .map_or(sign.start(), |(i, _)| i);
        let from = run.max(searched_to);
        let to = end_of_sign(s, sign.start(), sign.as_str());
        let Some(m) = PERCENT.find_at(&s[..to], from) else {
            continue;
        };
        searched_to = m.end();
        push(m, span.start, out);
    }
}

/// A match as a fraction, `offset` being where the searched text starts.
fn push(m: regex::Match, offset: usize, out: &mut Vec<(Range<usize>, f64)>) {
    let t = m.as_str();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if let Ok(v) = t[..digits].parse::<f64>() {
        out.push((offset + m.start()..offset + m.end(), v / 100.0));
    }
}

/// Past the end of the phrase a sign at `at` can start ("%", "percent", "per  cent") and one
/// more character, which `\b` looks at.
fn end_of_sign(s: &str, at: usize, sign: &str) -> usize {
    let mut end = at + sign.len();
    if sign != "%" {
        let after = &s[end..];
        let spaced = after.trim_start();
        let cent = if after.len() - spaced.len() > 0 { spaced } else { after };
        if cent.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("cent")) {
            end = s.len() - cent.len() + 4;
        }
    }
    end + s[end..].chars().next().map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions() {
        let s = "approximately 65% of which, 58 percent of these, and 12.5 % thereafter";
        let mut out = Vec::new();
        scan(s, 0..s.len(), &mut out);
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
        ];
        for s in cases {
            let mut got = Vec::new();
            scan(s, 0..s.len(), &mut got);
            let mut want = Vec::new();
            for m in PERCENT.find_iter(s) {
                push(m, 0, &mut want);
            }
            assert_eq!(got, want, "{s}");
        }
    }
}
