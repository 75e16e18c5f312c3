//! Money: "$791.4 million", "$1,135 million", "$0.5 billion", "$12.3M", and table cells ("$551",
//! "1,868", "(12)"), with the scale of a caption in scope ("(in thousands)", "$ in Millions").

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::ScaleSource;

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

fn word_multiplier(w: &str) -> f64 {
    match w.to_ascii_lowercase().as_str() {
        "thousand" | "thousands" | "k" => 1e3,
        "million" | "millions" | "m" | "mm" | "mn" => 1e6,
        "billion" | "billions" | "b" | "bn" => 1e9,
        "trillion" => 1e12,
        _ => 1.0,
    }
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
        let f = f.strip_prefix('.').unwrap_or(f);
        let mut scale = 1f64;
        let mut fraction = 0f64;
        for b in f.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            fraction = fraction * 10.0 + f64::from(b - b'0');
            scale *= 10.0;
        }
        value += fraction / scale;
    }
    Some(value)
}

/// Every `$` amount of `span` in prose. Amounts without a scale word are taken as written.
pub fn scan(text: &str, span: Range<usize>, out: &mut Vec<Money>) {
    let s = &text[span.clone()];
    if !s.contains('$') {
        return;
    }
    // `find_iter` and a hand parse of the match: captures would cost a slower engine per figure.
    for m in AMOUNT.find_iter(s) {
        let figure = m.as_str().trim_start_matches('$').trim_start();
        let number_len = figure
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b',' || *b == b'.')
            .count();
        let (number_text, word) = figure.split_at(number_len);
        let (int, frac) = match number_text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (number_text, None),
        };
        let Some(number) = parse_number(int, frac) else {
            continue;
        };
        let word = word.trim();
        let (multiplier, scale) = if word.is_empty() {
            (1.0, ScaleSource::Assumed)
        } else {
            (word_multiplier(word.trim_end_matches(['s', 'S'])), ScaleSource::Stated)
        };
        out.push(Money {
            span: span.start + m.start()..span.start + m.end(),
            value: number * multiplier,
            multiplier,
            scale,
        });
    }
}

/// The multiplier a caption states: "(in thousands)" → 1e3.
pub fn caption_scale(s: &str) -> Option<f64> {
    if !(s.contains("housand") || s.contains("illion") || s.contains("HOUSAND") || s.contains("ILLION")) {
        return None;
    }
    let c = SCALE_CAPTION.captures(s)?;
    let w = c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4))?;
    Some(word_multiplier(w.as_str()))
}

/// A table cell that is a number: "$551", "1,868", "(12)", "$ (1,188)", "12.5". Dashes (nil)
/// and text are not amounts. Returns (value as written, negative, span of the figure).
pub fn parse_cell(text: &str, cell: Range<usize>) -> Option<(f64, Range<usize>)> {
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
    let valid = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && body.as_bytes()[0].is_ascii_digit();
    if !valid {
        return None;
    }
    // `body` is ASCII from here.
    let (int, frac) = match body.bytes().position(|b| b == b'.') {
        Some(dot) => (&body[..dot], Some(&body[dot + 1..])),
        None => (body, None),
    };
    // Digits after a thousands comma come in threes: "1,868", not "12,34".
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
    let v = parse_number(int, frac)?;
    let start = cell.start + lead;
    Some((if negative { -v } else { v }, start..start + t.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(s: &str) -> Vec<(String, f64, ScaleSource)> {
        let mut out = Vec::new();
        scan(s, 0..s.len(), &mut out);
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
}
