//! SEC "R" page text: the header that states the period and the trailer that is not the note.
//! Also the period a note's own phrases imply when no header or configuration gives it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{kind_of_months, Period, PeriodSource};
use crate::date::Date;

pub struct Header {
    pub body: Range<usize>,
    pub period: Option<Period>,
}

/// `12 Months Ended`, `6 Months Ended`, `Three Months Ended`.
static MONTHS_ENDED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(\d{1,2}|three|six|nine|twelve)\s+months?\s+ended(?-u:\b)").unwrap());

/// `Jun. 30, 2025`, `Sep. 30, 2022`, `December 31, 2024`.
pub static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),\s*(\d{4})(?-u:\b)",
    )
    .unwrap()
});

pub fn date_from_captures(c: &regex::Captures) -> Option<Date> {
    let m = Date::month_from_name(&c[1])?;
    Date::new(c[3].parse().ok()?, m, c[2].parse().ok()?)
}

/// Months in a period heading: "three", "six", "nine", "twelve" or digits.
pub(crate) fn months_from_word(w: &str) -> Option<u32> {
    match w.to_ascii_lowercase().as_str() {
        "three" => Some(3),
        "six" => Some(6),
        "nine" => Some(9),
        "twelve" => Some(12),
        n => n.parse().ok(),
    }
}

/// Recognises an R page by a `N Months Ended` line among its first lines, followed by a
/// period-end date; the body starts after the `[Abstract]` line (or the date line).
pub fn header(text: &str) -> Option<Header> {
    let mut offset = 0;
    let mut months: Option<u32> = None;
    let mut end: Option<Date> = None;
    let mut body_start = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i >= 12 {
            break;
        }
        let next = offset + line.len();
        if months.is_none() {
            // The months line must come first; a note's own text does not start this way. A
            // sentence before it (a table's caption) means this is a note, not an R page.
            // R pages pad their cells with long runs of `|`: measure the line without them.
            let cells = line.replace('|', " ");
            let t = cells.trim();
            if t.len() > 120 || t.ends_with(['.', ':']) {
                break;
            }
            // The line holds nothing but column headings: `6 Months Ended | 12 Months Ended`.
            let rest = MONTHS_ENDED.replace_all(t, "");
            if MONTHS_ENDED.is_match(t) && rest.trim_matches(|c: char| c.is_whitespace() || c == '-').is_empty() {
                // Several columns (3 and 6 months): the longest is the period to date.
                months = MONTHS_ENDED
                    .captures_iter(t)
                    .filter_map(|c| months_from_word(&c[1]))
                    .max();
            }
        } else if end.is_none() {
            end = DATE.captures_iter(line).filter_map(|c| date_from_captures(&c)).max();
            if end.is_some() {
                body_start = Some(next);
            }
        } else if line.contains("[Abstract]") {
            body_start = Some(next);
            break;
        } else if !line.trim().is_empty() && !line.trim().starts_with('|') {
            break;
        }
        offset = next;
    }
    let (months, end, start) = (months?, end?, body_start?);
    let body_end = trailer_start(text, start);
    let period = Period {
        months: Some(months),
        end: Some(end),
        kind: Some(kind_of_months(months)),
        source: PeriodSource::Header,
    };
    Some(Header {
        body: start..body_end,
        period: Some(period),
    })
}

/// Where the `|X - References ... Definition` trailer starts (or the text's end).
fn trailer_start(text: &str, from: usize) -> usize {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("|X") || t.starts_with("| X") {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// `six months ended June 30, 2025`, `year ended December 31, 2024`, `quarter ended ...`.
static PERIOD_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(three|six|nine|twelve|\d{1,2})[- ]months?|(fiscal\s+)?years?|quarters?)\s+ended\s+((?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[a-zA-Z]*\.?\s+\d{1,2},\s*\d{4})",
    )
    .unwrap()
});

/// The period the text's own phrases imply: the latest "N months ended" / "year ended" date,
/// and the longest period ending on it.
pub fn period_from_text(text: &str, body: Range<usize>) -> Option<Period> {
    let mut best: Option<(Date, u32)> = None;
    for c in PERIOD_PHRASE.captures_iter(&text[body]) {
        let Some(date) = DATE.captures(&c[3]).and_then(|d| date_from_captures(&d)) else {
            continue;
        };
        let months = match c.get(1) {
            Some(m) => months_from_word(m.as_str()).unwrap_or(12),
            None if c[0].to_ascii_lowercase().contains("quarter") => 3,
            None => 12,
        };
        best = match best {
            Some((d, m)) if d > date || (d == date && m >= months) => Some((d, m)),
            _ => Some((date, months)),
        };
    }
    let (end, months) = best?;
    Some(Period {
        months: Some(months),
        end: Some(end),
        kind: Some(kind_of_months(months)),
        source: PeriodSource::Text,
    })
}
