//! Percentages: "65%", "58 percent", "12.5 %", as fractions.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,3}(?:\.\d+)?)\s?(?:%|percent(?-u:\b)|per\s+cent(?-u:\b))").unwrap()
});

/// Every percentage of `span`: (span, fraction).
pub fn scan(text: &str, span: Range<usize>, out: &mut Vec<(Range<usize>, f64)>) {
    let s = &text[span.clone()];
    if !(s.contains('%') || s.contains("percent") || s.contains("per cent")) {
        return;
    }
    for m in PERCENT.find_iter(s) {
        let t = m.as_str();
        let digits = t.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let Ok(v) = t[..digits].parse::<f64>() else { continue };
        out.push((span.start + m.start()..span.start + m.end(), v / 100.0));
    }
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
}
