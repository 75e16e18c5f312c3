//! SEC "R" page text: the header that states the period and the trailer that is not the note.
//! Also the period a note's own phrases imply when no header or configuration gives it.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;
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
/// The words are compared in any ASCII case in place, not through a lowercased copy (an
/// allocation for every word a period heading or phrase is read by); lowercasing changes no
/// digit, so a number parses as it did.
pub(crate) fn months_from_word(w: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 4] = [("three", 3), ("six", 6), ("nine", 9), ("twelve", 12)];
    match WORDS.iter().find(|(word, _)| w.eq_ignore_ascii_case(word)) {
        Some(&(_, months)) => Some(months),
        None => w.parse().ok(),
    }
}

/// [`months_from_word`] as it read before: through a lowercased copy.
#[cfg(test)]
pub(super) fn months_from_word_by_copy(w: &str) -> Option<u32> {
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
            // (Copied only when there is a pipe to replace: most notes' first lines have none.)
            let cells = if memchr::memchr(b'|', line.as_bytes()).is_some() {
                std::borrow::Cow::Owned(line.replace('|', " "))
            } else {
                std::borrow::Cow::Borrowed(line)
            };
            let t = cells.trim();
            if t.len() > 120 || t.ends_with(['.', ':']) {
                break;
            }
            // The line holds nothing but column headings: `6 Months Ended | 12 Months Ended`.
            if MONTHS_ENDED.is_match(t)
                && MONTHS_ENDED
                    .replace_all(t, "")
                    .trim_matches(|c: char| c.is_whitespace() || c == '-')
                    .is_empty()
            {
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

/// `six months ended June 30, 2025`, `year ended December 31, 2024`, `quarter ended ...`: the
/// reference definition of a period phrase. [`period_from_text`] finds the same matches without
/// running it over the whole text (tests check the two agree).
#[cfg(test)]
pub(super) static PERIOD_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(three|six|nine|twelve|\d{1,2})[- ]months?|(fiscal\s+)?years?|quarters?)\s+ended\s+((?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[a-zA-Z]*\.?\s+\d{1,2},\s*\d{4})",
    )
    .unwrap()
});

/// Where "ended" starts, in any case (as `(?i)ended` finds it), in order: every period phrase
/// turns on that word, so the search looks only around it. The common spellings ("ended",
/// "Ended") are found by their lower-case "nded"; the rare ones with a capital among those
/// letters, from the capitals N, D and E (rarer in prose than any one lower-case letter). Both
/// searches go no further than the next hit: a re-read that stops early scans little.
struct EndedWords<'a> {
    s: &'a [u8],
    /// Where the search started: no hit starts before it.
    from: usize,
    lower: memmem::FindIter<'a, 'static>,
    next_lower: Option<usize>,
    /// Capitals before this were looked at.
    capitals_from: usize,
}

impl<'a> EndedWords<'a> {
    fn new(s: &'a str, from: usize) -> Self {
        let s = s.as_bytes();
        let mut words = EndedWords {
            s,
            from,
            lower: memmem::find_iter(&s[from..], b"nded"),
            next_lower: None,
            capitals_from: from,
        };
        words.next_lower = words.find_lower();
        words
    }

    fn find_lower(&mut self) -> Option<usize> {
        self.lower.by_ref().map(|k| self.from + k).find_map(|nded| {
            let start = nded.checked_sub(1).filter(|&k| k >= self.from)?;
            matches!(self.s[start], b'e' | b'E').then_some(start)
        })
    }

    /// The next "ended" with a capital among its last four letters that starts before
    /// `limit`, found from its first such capital.
    fn find_capital_before(&mut self, limit: usize) -> Option<usize> {
        let s = self.s;
        // A word starting before `limit` has its capitals before `limit + 4`.
        let window = self.capitals_from..(limit + 4).min(s.len());
        for capital in memchr::memchr3_iter(b'N', b'D', b'E', s.get(window.clone())?).map(|k| window.start + k) {
            self.capitals_from = capital + 1;
            // Inside "ended", a letter of "end" comes before the capital (most capitals start a word).
            let Some(&before) = capital.checked_sub(1).and_then(|k| s.get(k)) else {
                continue;
            };
            if !matches!(before.to_ascii_lowercase(), b'e' | b'n' | b'd') {
                continue;
            }
            let start = (1..=4).find_map(|offset| {
                let start = capital.checked_sub(offset).filter(|&k| k >= self.from)?;
                let word = s.get(start..start + 5)?;
                (word.eq_ignore_ascii_case(b"ended") && s[start + 1..capital].iter().all(u8::is_ascii_lowercase))
                    .then_some(start)
            });
            match start {
                Some(start) if start < limit => return Some(start),
                // After the next lower-case hit: found again when it is the next.
                Some(_) => {
                    self.capitals_from = capital;
                    return None;
                }
                None => {}
            }
        }
        self.capitals_from = self.capitals_from.max(window.end);
        None
    }
}

#[cfg(test)]
pub(super) fn ended_words(s: &str, from: usize) -> Vec<usize> {
    EndedWords::new(s, from).collect()
}

impl Iterator for EndedWords<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let limit = self.next_lower.unwrap_or(self.s.len());
        if let Some(capital) = self.find_capital_before(limit) {
            return Some(capital);
        }
        let lower = self.next_lower?;
        self.next_lower = self.find_lower();
        Some(lower)
    }
}

/// A match of `PERIOD_PHRASE` in the body.
struct Phrase {
    span: Range<usize>,
    /// The months word or number (group 1).
    months: Option<Range<usize>>,
    /// The date (group 3).
    date: Range<usize>,
}

/// A period phrase ("six months ended June 30, 2025") and the period it states: its date (when
/// that is a date) and months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodPhrase {
    pub span: Range<usize>,
    pub period: Option<(Date, u32)>,
}

/// The period phrases of `text[body]` that start at or after `from`, in order, until the body's
/// end or a phrase for which `stop` says so (that phrase is left out). Says whether it stopped.
pub fn period_phrases(
    text: &str,
    body: Range<usize>,
    from: usize,
    mut stop: impl FnMut(&PeriodPhrase) -> bool,
) -> (Vec<PeriodPhrase>, bool) {
    let s = &text[body.clone()];
    let mut out = Vec::new();
    // Matches do not overlap: the next one starts at or after the end of the last.
    let mut from = from - body.start;
    for ended in EndedWords::new(s, from) {
        if ended < from {
            continue;
        }
        let Some(phrase) = phrase_around(s, ended, from) else {
            continue;
        };
        from = phrase.span.end;
        let period = phrase_date(&s[phrase.date.clone()]).map(|date| {
            let months = match phrase.months {
                Some(m) => months_from_word(&s[m]).unwrap_or(12),
                None if contains_ignore_ascii_case(&s[phrase.span.clone()], "quarter") => 3,
                None => 12,
            };
            (date, months)
        });
        let found = PeriodPhrase {
            span: body.start + phrase.span.start..body.start + phrase.span.end,
            period,
        };
        if stop(&found) {
            return (out, true);
        }
        out.push(found);
    }
    (out, false)
}

/// The period the text's own phrases imply: the latest "N months ended" / "year ended" date,
/// and the longest period ending on it.
pub fn period_of(phrases: &[PeriodPhrase]) -> Option<Period> {
    let (end, months) = phrases.iter().filter_map(|p| p.period).max()?;
    Some(Period {
        months: Some(months),
        end: Some(end),
        kind: Some(kind_of_months(months)),
        source: PeriodSource::Text,
    })
}

/// The period the text's own phrases imply (see [`period_of`]).
#[cfg(test)]
pub fn period_from_text(text: &str, body: Range<usize>) -> Option<Period> {
    period_of(&period_phrases(text, body.clone(), body.start, |_| false).0)
}

/// The period phrase whose "ended" starts at `ended`, starting at or after `from`, as
/// `PERIOD_PHRASE` (leftmost-first, case-insensitive with Unicode folding, ASCII `\b`) finds it.
fn phrase_around(s: &str, ended: usize, from: usize) -> Option<Phrase> {
    let ok_start = |at: usize| at >= from && ascii_boundary(s, at);
    // Before: `(three|six|nine|twelve|\d{1,2})[- ]months?`, `(fiscal\s+)?years?` or
    // `quarters?`, then white space.
    let word_end = s[..ended].trim_end().len();
    if word_end == ended {
        return None;
    }
    let before = &s[..word_end];
    let (start, months) = if let Some(unit) = suffix_folded(before, "months").or_else(|| suffix_folded(before, "month"))
    {
        let sep = unit
            .checked_sub(1)
            .filter(|&k| matches!(s.as_bytes()[k], b'-' | b' '))?;
        let number = &s[..sep];
        let word = ["three", "six", "nine", "twelve"]
            .iter()
            .find_map(|w| suffix_folded(number, w))
            .filter(|&k| ok_start(k));
        let start = word.or_else(|| {
            let mut digits = number.char_indices().rev().take(2).take_while(|&(_, c)| is_digit(c));
            let one = digits.next().map(|(k, _)| k);
            let two = digits.next().map(|(k, _)| k);
            two.filter(|&k| ok_start(k)).or(one.filter(|&k| ok_start(k)))
        })?;
        (start, Some(start..sep))
    } else if let Some(year) = suffix_folded(before, "years").or_else(|| suffix_folded(before, "year")) {
        let gap = s[..year].trim_end().len();
        let fiscal = Some(gap)
            .filter(|&g| g < year)
            .and_then(|g| suffix_folded(&s[..g], "fiscal"))
            .filter(|&k| ok_start(k));
        (fiscal.or(Some(year).filter(|&k| ok_start(k)))?, None)
    } else {
        let quarter = suffix_folded(before, "quarters").or_else(|| suffix_folded(before, "quarter"))?;
        (Some(quarter).filter(|&k| ok_start(k))?, None)
    };
    // After: white space, then `Mon[a-zA-Z]*\.?\s+\d{1,2},\s*\d{4}`.
    let after = ended + "ended".len();
    let date_start = s.len() - s[after..].trim_start().len();
    if date_start == after {
        return None;
    }
    let date_end = date_end(s, date_start)?;
    Some(Phrase {
        span: start..date_end,
        months,
        date: date_start..date_end,
    })
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Where `Mon[a-zA-Z]*\.?\s+\d{1,2},\s*\d{4}` (the month's case as written, or all capitals;
/// the letters after it folded) starting at `at` ends.
fn date_end(s: &str, at: usize) -> Option<usize> {
    let month = s.get(at..at + 3)?;
    let capitals = month.bytes().all(|b| b.is_ascii_uppercase());
    if !MONTHS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(month) && (*m == month || capitals))
    {
        return None;
    }
    let rest = &s[at + 3..];
    let letters = rest.trim_start_matches(is_folded_letter);
    let rest = letters.strip_prefix('.').unwrap_or(letters);
    let digits = rest.trim_start();
    if digits.len() == rest.len() {
        return None;
    }
    let mut chars = digits.char_indices();
    let day_end = match (chars.next(), chars.next(), chars.next()) {
        (Some((_, a)), Some((_, b)), Some((k, ','))) if is_digit(a) && is_digit(b) => k,
        (Some((_, a)), Some((k, ',')), _) if is_digit(a) => k,
        _ => return None,
    };
    let year = digits[day_end + 1..].trim_start();
    let mut len = 0;
    for (n, (k, c)) in year.char_indices().enumerate() {
        if !is_digit(c) {
            return None;
        }
        if n == 3 {
            len = k + c.len_utf8();
            break;
        }
    }
    (len > 0).then(|| s.len() - year.len() + len)
}

/// The date of a phrase, as `DATE` reads it: a title-case month whose name goes on in lower
/// case (`June`, `Dec.`) with ASCII digits is read directly; anything else goes through `DATE`.
fn phrase_date(date: &str) -> Option<Date> {
    let title = MONTHS.iter().position(|m| date.starts_with(m));
    let simple = title.map(|i| i as u32 + 1).filter(|_| {
        let rest = date[3..].trim_start_matches(|c: char| c.is_ascii_lowercase());
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        rest.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_whitespace() || b == b',')
    });
    match simple {
        Some(month) => {
            let (day, year) = date[3..].split_once(',')?;
            let day = day.trim_start_matches(|c: char| !c.is_ascii_digit());
            Date::new(year.trim_start().parse().ok()?, month, day.parse().ok()?)
        }
        None => DATE.captures(date).and_then(|d| date_from_captures(&d)),
    }
}

/// ASCII `\b`: a word byte on exactly one side.
fn ascii_boundary(s: &str, at: usize) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let b = s.as_bytes();
    word(at.checked_sub(1).and_then(|k| b.get(k))) != word(b.get(at))
}

/// A letter of `[a-zA-Z]` under `(?i)`: Unicode folding adds the long s and the Kelvin sign.
fn is_folded_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == 'ſ' || c == 'K'
}

/// Whether `c` matches `word_byte` (lower case ASCII) under `(?i)`.
fn folds_to(c: char, word_byte: u8) -> bool {
    (c.is_ascii() && c.to_ascii_lowercase() as u8 == word_byte)
        || (word_byte == b's' && c == 'ſ')
        || (word_byte == b'k' && c == 'K')
}

/// Where `s` ends with `word` (lower case ASCII) under `(?i)`.
fn suffix_folded(s: &str, word: &str) -> Option<usize> {
    let mut chars = s.char_indices().rev();
    let mut start = s.len();
    for w in word.bytes().rev() {
        let (k, c) = chars.next()?;
        if !folds_to(c, w) {
            return None;
        }
        start = k;
    }
    Some(start)
}

/// `\d`: a Unicode decimal digit.
fn is_digit(c: char) -> bool {
    static UNICODE_DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d$").unwrap());
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && UNICODE_DIGIT.is_match(c.encode_utf8(&mut [0; 4])))
}

fn contains_ignore_ascii_case(s: &str, word: &str) -> bool {
    s.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}
