//! Dates ("June 30, 2023", "Dec. 31, 2022 and 2021") and period phrases ("six months ended June
//! 30, 2025", "three and six months ended ...", "years ended December 31, 2023 and 2022", "first
//! six months of 2023", "second quarter of 2023", "In 2023, 2022 and 2021").

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::classify::Word;

use crate::date::Date;
use crate::reader::{is_ascii_space, Period};

#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    pub span: Range<usize>,
    pub date: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PeriodMention {
    pub span: Range<usize>,
    pub start: Date,
    pub end: Date,
    /// "ending" a date after the note's period end: a future period (a time band), not a flow.
    pub future: bool,
}

/// Month names as filings print them ("June", "Sept.", "DECEMBER"); case-sensitive, so that
/// "market" or "decrease" are not candidates.
const MONTH: &str = r"(?-i:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[a-zA-Z]*\.?)";

/// A date, and the years of a list that shares its month and day ("June 30, 2023 and 2022").
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b){MONTH}\s+(\d{{1,2}})(?:,\s*|\s+)(\d{{4}})(?-u:\b)((?:\s*,\s*(?:and\s+)?\d{{4}}(?-u:\b)|\s+and\s+\d{{4}}(?-u:\b))*)"
    ))
    .unwrap()
});

/// "three and six months ended", "quarter and six months ended", "fiscal years ended", "year
/// ending", then a date (with its list of years).
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)((?:(?:three|six|nine|twelve|fifty[- ]two|fifty[- ]three|\d{{1,2}})(?:\s*(?:,|and|or)\s*(?:three|six|nine|twelve|\d{{1,2}}))*[- ](?:months?|weeks?))|(?:(?:fiscal\s+)?(?:quarters?|years?)(?:\s+and\s+(?:three|six|nine|twelve|\d{{1,2}})[- ]months?)?))\s+(ended|ending)\s+{MONTH}\s+(\d{{1,2}})(?:,\s*|\s+)(\d{{4}})(?-u:\b)((?:\s*,\s*(?:and\s+)?\d{{4}}(?-u:\b)|\s+and\s+\d{{4}}(?-u:\b))*)"
    ))
    .unwrap()
});

/// "first six months of 2023", "second quarter of 2023", "second quarter and first six months
/// of 2023".
static PART_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(first|second|third|fourth)\s+quarter(?:\s+and\s+(?:the\s+)?first\s+(three|six|nine)\s+months)?|first\s+(three|six|nine)\s+months)\s+of\s+(?:fiscal\s+(?:year\s+)?)?(\d{4})(?-u:\b)",
    )
    .unwrap()
});

/// "in 2024", "during fiscal 2023", "In 2023, 2022 and 2021".
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|during|for)\s+(?:fiscal\s+(?:year\s+)?)?(\d{4})(?-u:\b)((?:\s*,\s*(?:and\s+)?\d{4}(?-u:\b)|\s+and\s+\d{4}(?-u:\b))*)")
        .unwrap()
});

/// The month names [`MONTH`] starts with: where a [`DATE`] match may start. (No name overlaps
/// another, so leftmost-first finds each; it is the kind the SIMD searcher serves.)
static MONTH_STARTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build([
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "JAN", "FEB", "MAR",
            "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ])
        .expect("month names are plain literals")
});

/// What [`read_date`] made of the text at a month name.
#[derive(Debug, PartialEq)]
enum DateReading {
    /// [`DATE`] matches from the month name to `end`; the day and the first year are there.
    Found {
        end: usize,
        day: Range<usize>,
        year: Range<usize>,
    },
    /// It does not match there.
    None,
    /// A character the hand reading does not decide (non-ASCII, where `\s` or `\d` may
    /// match): the regex decides.
    Unsure,
}

/// [`DATE`] at the month name at `at`, read by hand over ASCII text: the name, its letters and
/// full stop, white space, a day of one or two digits, a comma or white space, a year of four
/// digits, then the list of further years (", 2021", ", and 2020", " and 2019"). Each part has
/// one way to match, so no backtracking is needed.
fn read_date(s: &str, at: usize) -> DateReading {
    let b = s.as_bytes();
    let byte = |i: usize| b.get(i).copied();
    let is_space = |i: usize| byte(i).is_some_and(is_ascii_space);
    let is_word = |i: usize| byte(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    let unsure = |i: usize| byte(i).is_some_and(|c| !c.is_ascii());
    let spaces = |mut i: usize| {
        while is_space(i) {
            i += 1;
        }
        i
    };
    let digits = |i: usize| (i..b.len()).take_while(|&k| b[k].is_ascii_digit()).count();
    if at > 0 && is_word(at - 1) {
        return DateReading::None;
    }
    let mut i = at + 3;
    while byte(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        i += 1;
    }
    if byte(i) == Some(b'.') {
        i += 1;
    }
    let day = spaces(i);
    if unsure(day) {
        return DateReading::Unsure;
    }
    if day == i {
        return DateReading::None;
    }
    // The day: one or two digits, then a comma or white space.
    let day_digits = digits(day);
    if unsure(day + day_digits) {
        return DateReading::Unsure;
    }
    if !(1..=2).contains(&day_digits) {
        return DateReading::None;
    }
    i = day + day_digits;
    let year = match byte(i) {
        Some(b',') => spaces(i + 1),
        _ if is_space(i) => spaces(i),
        _ => return DateReading::None,
    };
    // A four-digit year at a word boundary (ASCII: a non-ASCII character after it is no word
    // character to `(?-u:\b)`, but may be a digit to `\d`).
    let year_end = |at: usize| {
        let n = digits(at);
        if n < 4 && unsure(at + n) {
            return Err(());
        }
        Ok((n == 4 && !is_word(at + 4)).then_some(at + 4))
    };
    let Ok(first_end) = year_end(year) else {
        return DateReading::Unsure;
    };
    let Some(mut end) = first_end else {
        return DateReading::None;
    };
    let (day, year) = (day..day + day_digits, year..end);
    // More years: `\s*,\s*(?:and\s+)?\d{4}\b` or `\s+and\s+\d{4}\b`, as often as they follow.
    loop {
        let after_space = spaces(end);
        if unsure(after_space) {
            return DateReading::Unsure;
        }
        let next = if byte(after_space) == Some(b',') {
            let k = spaces(after_space + 1);
            if unsure(k) {
                return DateReading::Unsure;
            }
            if b[k..].starts_with(b"and") && unsure(k + 3) {
                return DateReading::Unsure;
            }
            let with_and = (b[k..].starts_with(b"and") && is_space(k + 3)).then(|| spaces(k + 3));
            match with_and.map(|y| (y, year_end(y))) {
                Some((_, Err(()))) => return DateReading::Unsure,
                Some((_, Ok(Some(e)))) => Some(e),
                _ => match year_end(k) {
                    Err(()) => return DateReading::Unsure,
                    Ok(e) => e,
                },
            }
        } else if after_space > end && b[after_space..].starts_with(b"and") && unsure(after_space + 3) {
            return DateReading::Unsure;
        } else if after_space > end && b[after_space..].starts_with(b"and") && is_space(after_space + 3) {
            let y = spaces(after_space + 3);
            match year_end(y) {
                Err(()) => return DateReading::Unsure,
                Ok(e) => e,
            }
        } else {
            None
        };
        match next {
            Some(e) => end = e,
            None => return DateReading::Found { end, day, year },
        }
    }
}

/// The matches of [`DATE`] in `s`, as `find_iter` gives them, with their parts: read by hand at
/// each month name ([`read_date`]), where the regex's search cost a restart of its prefilter at
/// each.
fn date_matches(s: &str) -> impl Iterator<Item = (Range<usize>, DateParts<'_>)> + '_ {
    date_matches_starting_in(s, std::iter::once(0..s.len()))
}

/// The matches of [`date_matches`] that start in one of `parts` (ranges of `s`, in order): the
/// month names are looked for only there, but each date is read in the whole of `s`.
///
/// A name is three letters, and each part starts and ends at white space or at an end of `s`
/// (as the text outside a table does), so no name the whole search finds straddles a part's
/// edge. A match holds no month name after its first (only white space, digits, commas and
/// "and" follow it), so one that starts before a part hides none of the part's names.
fn date_matches_starting_in<'t>(
    s: &'t str,
    parts: impl Iterator<Item = Range<usize>> + 't,
) -> impl Iterator<Item = (Range<usize>, DateParts<'t>)> + 't {
    let mut searched_to = 0;
    let names = parts.flat_map(move |part| MONTH_STARTS.find_iter(aho_corasick::Input::new(s).span(part)));
    names.filter_map(move |name| {
        let at = name.start();
        if at < searched_to {
            return None;
        }
        let found = match read_date(s, at) {
            DateReading::Found { end, day, year } => Some((
                at..end,
                DateParts {
                    month: month_number(&s[at..]),
                    day: &s[day],
                    year: &s[year.clone()],
                    more_years: &s[year.end..end],
                },
            )),
            DateReading::None => None,
            DateReading::Unsure => DATE
                .find_at(s, at)
                .filter(|m| m.start() == at)
                .map(|m| (m.range(), date_parts(m.as_str()))),
        }?;
        searched_to = found.0.end;
        Some(found)
    })
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{4}").unwrap());

/// The month a name starts with: "Jun", "JUNE", "Sept." → 6, 6, 9 (its first three letters).
pub fn month_number(name: &str) -> Option<u32> {
    const PREFIXES: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
    ];
    let prefix = name.as_bytes().get(..3)?;
    PREFIXES
        .iter()
        .position(|p| p.eq_ignore_ascii_case(prefix))
        .map(|i| i as u32 + 1)
}

fn years_of(list: &str) -> impl Iterator<Item = i32> + '_ {
    // Most dates have no list: skip the search then.
    let list = if list.is_empty() { None } else { Some(list) };
    list.into_iter()
        .flat_map(|list| YEAR.find_iter(list))
        .filter_map(|m| m.as_str().parse().ok())
}

/// The text up to the first comma or white space, and the rest.
fn until_separator(s: &str) -> (&str, &str) {
    s.split_at(s.find(|c: char| c == ',' || c.is_whitespace()).unwrap_or(s.len()))
}

/// A date as [`DATE`] matched it (also the date that ends a [`PERIOD`] match), read from the
/// matched text instead of captures, which cost a slower regex engine per date: the month's
/// first three letters, the day and the year (each followed by a comma or white space), and
/// the list of further years after it.
struct DateParts<'t> {
    month: Option<u32>,
    day: &'t str,
    year: &'t str,
    more_years: &'t str,
}

fn date_parts(found: &str) -> DateParts<'_> {
    let month = month_number(found);
    // The month's name and its full stop, then white space.
    let rest = found.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let rest = rest.strip_prefix('.').unwrap_or(rest).trim_start();
    let (day, rest) = until_separator(rest);
    let rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    let (year, more_years) = until_separator(rest);
    DateParts {
        month,
        day,
        year,
        more_years,
    }
}

/// The same month and day in another year (a month end stays a month end).
fn with_year(d: Date, year: i32) -> Date {
    d.add_months((year - d.year) * 12)
}

fn start_of(end: Date, months: u32) -> Date {
    Date::from_days(end.add_months(-(months as i32)).days() + 1)
}

/// The words a period window is looked at for, each searched for in many windows.
static END: Word = Word::new("end");
static OF: Word = Word::new(" of ");
static QUARTER: Word = Word::new("quarter");
static MONTH_WORD: Word = Word::new("month");
static IN: Word = Word::new("in ");
static DURING: Word = Word::new("during ");
static FOR: Word = Word::new("for ");

/// Whether `s` has four ASCII digits in a row (a note is read a quarter byte at a time: see
/// [`digit_runs`]; this gate runs over whole parts).
fn has_year(s: &str) -> bool {
    digit_runs(s.as_bytes()).next().is_some()
}

/// The runs of four or more ASCII digits in `b`, in order. Every such run covers one of the
/// bytes 3, 7, 11, ..., so only those are looked at first, and only around a digit there
/// further.
fn digit_runs(b: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut probe = 3;
    std::iter::from_fn(move || {
        while probe < b.len() {
            if !b[probe].is_ascii_digit() {
                probe += 4;
                continue;
            }
            // The run of digits through the probe.
            let start = probe - b[..probe].iter().rev().take_while(|c| c.is_ascii_digit()).count();
            let end = probe + b[probe..].iter().take_while(|c| c.is_ascii_digit()).count();
            // The next probe past the run (one in it was looked at).
            probe = end.max(probe + 1);
            probe += 3 - probe % 4;
            if end - start >= 4 {
                return Some(start..end);
            }
        }
        None
    })
}

/// The first date of `s`: what [`scan_dates`] finds first there, without its list.
pub fn first_date(s: &str) -> Option<Date> {
    if !has_year(s) {
        return None;
    }
    date_matches(s).find_map(|(_, parts)| {
        let (Some(month), Ok(day), Ok(year)) = (parts.month, parts.day.parse(), parts.year.parse()) else {
            return None;
        };
        Date::new(year, month, day)
    })
}

/// Every date of `span` that is not part of a period phrase in `periods`, nor starts in one of
/// `skip` (tables, in order: no sentence takes their dates, and a table's own dates are read from
/// its cells).
pub fn scan_dates(
    text: &str,
    span: Range<usize>,
    periods: &[PeriodMention],
    skip: &[Range<usize>],
    out: &mut Vec<DateMention>,
) {
    let s = &text[span.clone()];
    if !has_year(s) {
        return;
    }
    // The text between the tables, relative to `s`.
    let mut between = Vec::with_capacity(skip.len() + 1);
    let mut from = 0;
    for t in skip {
        let (start, end) = (
            t.start.saturating_sub(span.start),
            t.end.saturating_sub(span.start).min(s.len()),
        );
        if start >= from {
            between.push(from..start.min(s.len()));
        }
        from = from.max(end);
    }
    if from < s.len() {
        between.push(from..s.len());
    }
    // Period phrases by start, with the furthest end of each prefix: a date lies inside one
    // when, of those starting at or before it, one ends at or after it. A binary search per
    // date, where checking every phrase was quadratic on a long note (the whole note is one
    // scan).
    let mut by_start: Vec<(usize, usize)> = periods.iter().map(|p| (p.span.start, p.span.end)).collect();
    by_start.sort_unstable();
    let furthest_end: Vec<usize> = by_start
        .iter()
        .scan(0, |max, &(_, end)| {
            *max = end.max(*max);
            Some(*max)
        })
        .collect();
    let inside_period = |abs: &Range<usize>| {
        let started = by_start.partition_point(|&(start, _)| start <= abs.start);
        started > 0 && furthest_end[started - 1] >= abs.end
    };
    for (m, parts) in date_matches_starting_in(s, between.into_iter()) {
        let abs = span.start + m.start..span.start + m.end;
        if inside_period(&abs) {
            continue;
        }
        let (Some(month), Ok(day), Ok(year)) = (parts.month, parts.day.parse(), parts.year.parse()) else {
            continue;
        };
        let Some(first) = Date::new(year, month, day) else {
            continue;
        };
        out.push(DateMention {
            span: abs.clone(),
            date: first,
        });
        for y in years_of(parts.more_years) {
            out.push(DateMention {
                span: abs.clone(),
                date: with_year(first, y),
            });
        }
    }
}

/// [`scan_periods_in`], lowercasing the span itself (tests).
#[cfg(test)]
pub fn scan_periods(text: &str, span: Range<usize>, note: Option<&Period>, out: &mut Vec<PeriodMention>) {
    let lower = text[span.clone()].to_ascii_lowercase();
    scan_periods_in(text, span, &lower, note, out);
}

/// Every period phrase of `span`, in order; periods of one phrase run year by year, then by
/// length ("three and six months ended June 30, 2023 and 2022" → 3m 2023, 6m 2023, 3m 2022,
/// 6m 2022). `note` gives the fiscal year end for "in 2023" and tells future periods.
/// `lower` is the span's text in ASCII lowercase.
pub fn scan_periods_in(
    text: &str,
    span: Range<usize>,
    lower: &str,
    note: Option<&Period>,
    out: &mut Vec<PeriodMention>,
) {
    let s = &text[span.clone()];
    if !has_year(s) {
        return;
    }
    let note_end = note.and_then(|p| p.end);
    // The window's periods go straight into `out` (sorted there at the end).
    let first = out.len();
    if END.is_in(lower) {
        let mut lengths: Vec<u32> = Vec::new();
        for m in period_matches(s, lower) {
            let whole = m.range();
            let phrase = m.as_str();
            // The length words ("three and six months") end before "ended"/"ending", which they
            // never contain; the date follows it. (The first "end" of the lowercase phrase.)
            let Some(keyword) = END.finder().find(&lower.as_bytes()[whole.clone()]) else {
                continue;
            };
            let head = lower[whole.start..whole.start + keyword].trim_end();
            let ending = phrase.as_bytes()[keyword..]
                .get(..6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"ending"));
            let date = phrase[keyword..]
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .trim_start();
            lengths.clear();
            if head.contains("quarter") {
                lengths.push(3);
            }
            if head.contains("year") {
                lengths.push(12);
            }
            if head.contains("week") {
                lengths.push(
                    if head.contains("fifty") || head.contains("52") || head.contains("53") {
                        12
                    } else {
                        3
                    },
                );
            } else {
                for w in head.split(|c: char| !c.is_ascii_alphanumeric()) {
                    if let Some(n) = crate::reader::months_from_word(w).filter(|n| (1..=24).contains(n)) {
                        lengths.push(n);
                    }
                }
            }
            let parts = date_parts(date);
            let (Some(month), Ok(day), Ok(year)) = (parts.month, parts.day.parse(), parts.year.parse()) else {
                continue;
            };
            let Some(first) = Date::new(year, month, day) else {
                continue;
            };
            let ends = std::iter::once(first).chain(years_of(parts.more_years).map(|y| with_year(first, y)));
            for end in ends {
                for &months in &lengths {
                    out.push(PeriodMention {
                        span: span.start + whole.start..span.start + whole.end,
                        start: start_of(end, months),
                        end,
                        future: ending && note_end.is_some_and(|n| end > n),
                    });
                }
            }
        }
    }
    // Its matches name a quarter or months ("month" has no letter that Unicode case folding
    // gives another form of, as "s" and "k" have).
    if OF.is_in(lower) && (QUARTER.is_in(lower) || MONTH_WORD.is_in(lower)) {
        for m in PART_OF_YEAR.find_iter(s) {
            let whole = m.range();
            // The words of the match: "second quarter [and [the] first six months]" or "first six
            // months", then "of [fiscal [year]]" and the year, last.
            let words: Vec<&str> = m.as_str().split_whitespace().collect();
            let Some(Ok(year)) = words.last().map(|y| y.parse::<i32>()) else {
                continue;
            };
            let word = |i: usize| words.get(i).copied().unwrap_or("");
            let mut parts: Vec<u32> = Vec::new();
            let first_months = if word(1).eq_ignore_ascii_case("quarter") {
                let n = match word(0).to_ascii_lowercase().as_str() {
                    "first" => 1,
                    "second" => 2,
                    "third" => 3,
                    _ => 4,
                };
                parts.push(n * 100 + 3);
                match (word(2).eq_ignore_ascii_case("and"), word(3).eq_ignore_ascii_case("the")) {
                    (true, true) => Some(word(5)),
                    (true, false) => Some(word(4)),
                    (false, _) => None,
                }
            } else {
                Some(word(1))
            };
            if let Some(m) = first_months.and_then(crate::reader::months_from_word) {
                parts.push(100 + m);
            }
            for p in parts {
                let (quarter, months) = (p / 100, p % 100);
                // Quarter n of a calendar year ends in month 3n; "first six months" in month 6.
                let end_month = if months == 3 { quarter * 3 } else { months };
                let Some(end) = Date::new(year, end_month, crate::date::days_in_month(year, end_month)) else {
                    continue;
                };
                let end = near_note_end(end, note_end);
                out.push(PeriodMention {
                    span: span.start + whole.start..span.start + whole.end,
                    start: start_of(end, months),
                    end,
                    future: false,
                });
            }
        }
    }
    if (IN.is_in(lower) || DURING.is_in(lower) || FOR.is_in(lower)) && may_name_years(lower) {
        for m in YEARS.find_iter(s) {
            let whole = m.range();
            let abs = span.start + whole.start..span.start + whole.end;
            if out[first..]
                .iter()
                .any(|p| p.span.start < abs.end && abs.start < p.span.end)
            {
                continue;
            }
            // "in 2023" only names a year as a period when it is not part of a date.
            let before = &s[..whole.start];
            if before.trim_end().ends_with(',') {
                continue;
            }
            // The first year is the first number: the words before it have no digits.
            let first = m.as_str().trim_start_matches(|c: char| !c.is_numeric());
            let (first, more_years) = until_separator(first);
            let mut years: Vec<i32> = first.parse().into_iter().collect();
            years.extend(years_of(more_years));
            // Retailers whose year ends in late January or early February name it by the year
            // it starts in: "fiscal 2023" ended February 3, 2024. Those that name it by its end
            // (then the note's own year is in the list) keep the year as written.
            let named_by_start = note
                .and_then(|p| p.end)
                .is_some_and(|e| (e.month == 1 || (e.month == 2 && e.day <= 7)) && !years.contains(&e.year));
            for y in years {
                // The fiscal year ends on the note's month and day when the note is annual.
                let end = match note {
                    Some(p) if p.is_annual() => p.end.map(|e| with_year(e, if named_by_start { y + 1 } else { y })),
                    _ => None,
                }
                .or_else(|| Date::new(y, 12, 31));
                let Some(end) = end else { continue };
                out.push(PeriodMention {
                    span: abs.clone(),
                    start: start_of(end, 12),
                    end,
                    future: note_end.is_some_and(|n| end > n),
                });
            }
        }
    }
    out[first..].sort_by_key(|p| p.span.start);
}

/// The matches of [`PERIOD`] in `s` (its ASCII lowercase is `lower`), as `find_iter` gives
/// them, but each search starts near a match: at the run of the bytes its length words are made
/// of (letters, digits, white space, commas and hyphens) that ends at an "end". A match's first
/// "end" is its "ended"/"ending" (no length word holds one), so no match starts before that run;
/// searching from the window's start made the engine read every byte before it. Outside ASCII
/// (`\s` and case folding see more there) the plain search.
fn period_matches<'t>(s: &'t str, lower: &str) -> Vec<regex::Match<'t>> {
    if !s.is_ascii() {
        return PERIOD.find_iter(s).collect();
    }
    let b = lower.as_bytes();
    let in_length_words =
        |c: u8| c.is_ascii_alphanumeric() || c.is_ascii_whitespace() || matches!(c, b'\x0B' | b',' | b'-');
    let mut found = Vec::new();
    let mut searched_to = 0;
    for keyword in END.finder().find_iter(b) {
        if keyword < searched_to {
            continue;
        }
        let mut from = keyword;
        while from > searched_to && in_length_words(b[from - 1]) {
            from -= 1;
        }
        // No match from here: none further on either.
        let Some(m) = PERIOD.find_at(s, from) else { break };
        searched_to = m.end();
        found.push(m);
    }
    found
}

/// Whether [`YEARS`] may match the text whose ASCII lowercase is `lower`: in ASCII text its
/// first year is a run of four digits after white space after "in", "during", "for", "fiscal"
/// or "year". Most windows have none of these, and the search costs far more than this look.
/// The runs of four digits are found as [`has_year`] finds them ([`digit_runs`]). Outside
/// ASCII (`\d`, `\s` and case folding see more there) the pattern decides.
fn may_name_years(lower: &str) -> bool {
    let b = lower.as_bytes();
    if !b.is_ascii() {
        return true;
    }
    let is_space = |c: &u8| is_ascii_space(*c);
    digit_runs(b).any(|run| {
        let head = &b[..run.start];
        if !head.last().is_some_and(is_space) {
            return false;
        }
        let head = &head[..head.len() - head.iter().rev().take_while(|c| is_space(c)).count()];
        let word = &head[head.len() - head.iter().rev().take_while(|c| c.is_ascii_alphabetic()).count()..];
        matches!(word, b"in" | b"during" | b"for" | b"fiscal" | b"year")
    })
}

/// A calendar quarter end a few days from the note's period end is that period end (52/53-week
/// fiscal calendars).
fn near_note_end(end: Date, note_end: Option<Date>) -> Date {
    match note_end {
        Some(n) if n.near(end, 7) => n,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{PeriodKind, PeriodSource};

    /// Where `needle` (lowercase ASCII) first occurs in `haystack`, in any ASCII case.
    fn ascii_find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
        haystack
            .as_bytes()
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn periods(s: &str, note: Option<&Period>) -> Vec<(Date, Date)> {
        let mut out = Vec::new();
        scan_periods(s, 0..s.len(), note, &mut out);
        out.iter().map(|p| (p.start, p.end)).collect()
    }

    /// Reading a match's text gives what the patterns' capture groups give.
    #[test]
    fn parts_read_from_the_match_are_the_captures() {
        let text = "as of June 30, 2023 and 2022, at Dec. 31 2021, 2020, and 2019, SEPT.\u{a0}1,\t2024 and \
            Jan 5,2020; for the three and six months ended June 30, 2023 and 2022, the 52-weeks ENDING \
            Feb. 3, 2024, the fiscal years ended December 31, 2023, 2022 and 2021, the quarter ending \
            Mar 31 2025; in fiscal year 2023, during 2022 and 2021, For 2024, 2023 and 2022";
        for c in DATE.captures_iter(text) {
            let parts = date_parts(&c[0]);
            assert_eq!(parts.month, month_number(&c[1]));
            assert_eq!((parts.day, parts.year), (&c[2], &c[3]));
            assert_eq!(parts.more_years, c.get(4).map_or("", |m| m.as_str()));
        }
        let mut periods = 0;
        for c in PERIOD.captures_iter(text) {
            let phrase = &c[0];
            let keyword = ascii_find_ignore_case(phrase, "end").unwrap();
            assert_eq!(phrase[..keyword].trim_end(), &c[1]);
            let parts = date_parts(
                phrase[keyword..]
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .trim_start(),
            );
            assert_eq!(parts.month, month_number(&c[3]));
            assert_eq!((parts.day, parts.year), (&c[4], &c[5]));
            assert_eq!(parts.more_years, c.get(6).map_or("", |m| m.as_str()));
            periods += 1;
        }
        assert_eq!(periods, 4);
        for c in YEARS.captures_iter(text) {
            let first = c[0].trim_start_matches(|c: char| !c.is_numeric());
            assert_eq!(until_separator(first), (&c[1], c.get(2).map_or("", |m| m.as_str())));
        }
    }

    fn period_matches_of(text: &str) -> Vec<Range<usize>> {
        period_matches(text, &text.to_ascii_lowercase())
            .iter()
            .map(|m| m.range())
            .collect()
    }

    #[test]
    fn period_matches_are_those_of_one_search() {
        let text = "for the three and six months ended June 30, 2023 and 2022, the 52-weeks ENDING Feb. 3, 2024, \
            the fiscal years ended December 31, 2023, 2022 and 2021; the quarter ending Mar 31 2025, ended, \
            spending in the year ended Dec. 31, 2020, (nine months) ended June 30, 2021, 6 months, 12 months \
            ended June 30, 2019 and years ended endless June 30, 2018";
        let one_search: Vec<Range<usize>> = PERIOD.find_iter(text).map(|m| m.range()).collect();
        assert!(one_search.len() >= 6, "{}", one_search.len());
        assert_eq!(period_matches_of(text), one_search);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn period_matches_are_those_of_one_search_in_any_words(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "three", "six", "and", "or", "12", "fifty-two", "months", "month", "weeks", "fiscal", "years",
                "quarter", "ended", "ENDING", "end", "spend", "June", "Dec.", "30", "2023", ",", "(", ".", "-",
                "ſix", "the", "for", "Nine", "twelve", "fifty", "two", "week", "quarters", "year", "a", "s", "x",
                "sixand", "threeor", "9and12", "weekend", "2",
            ]), 0..16),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", " ", "  ", "", "\t", "\x0b", ", "]), 16),
        ) {
            let mut text = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            let one_search: Vec<Range<usize>> = PERIOD.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(period_matches_of(&text), one_search, "{:?}", text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Length words of every kind, glued or apart, before a keyword and a date: where a
        /// match starts depends on how far back its length words go.
        #[test]
        fn period_matches_are_those_of_one_search_before_a_date(
            noise in proptest::collection::vec(proptest::sample::select(vec![
                "the", "for", "sixty", "x", "end", "123", "(", "during", "twelve",
            ]), 0..3),
            words in proptest::collection::vec(proptest::sample::select(vec![
                "three", "six", "nine", "twelve", "fifty", "two", "and", "or", "12", "1", "fiscal", "year",
            ]), 0..6),
            unit in proptest::sample::select(vec![
                "months", "month", "weeks", "week", "quarter", "quarters", "years", "year", "",
            ]),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", " ", "", "-", ", ", "\t"]), 10),
            keyword in proptest::sample::select(vec![" ended", " ending", "ended", " ENDED", ", ended"]),
        ) {
            let mut text = String::new();
            for (word, joint) in noise.iter().chain(&words).zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            text.push_str(unit);
            text.push_str(keyword);
            text.push_str(" June 30, 2023 and 2022; six months ended Dec. 31, 2021");
            let one_search: Vec<Range<usize>> = PERIOD.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(period_matches_of(&text), one_search, "{:?}", text);
        }
    }

    #[test]
    fn years_gate_keeps_every_match() {
        for text in [
            "in 2023",
            "During\x0b 2022",
            "for fiscal year 2021",
            "IN FISCAL 2020",
            "in  fiscal\tyear 2019",
        ] {
            assert!(may_name_years(&text.to_ascii_lowercase()), "{text:?}");
            assert!(YEARS.is_match(text), "{text:?}");
        }
        for text in ["in the year ended 2023", "in2023", "begin 2023"] {
            assert!(!may_name_years(&text.to_ascii_lowercase()), "{text:?}");
            assert!(!YEARS.is_match(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Text the gate turns away is text [`YEARS`] does not match.
        #[test]
        fn years_gate_keeps_every_match_of_any_words(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "in", "In", "during", "DURING", "for", "fiscal", "Fiscal", "year", "the", "begin", "for the",
                "2023", "12", "20231", "x2023", "and", ",", ".", "ended", "fiſcal",
            ]), 0..10),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", " ", "  ", "", "\t", "\x0b", "\n"]), 10),
        ) {
            let mut text = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            if !may_name_years(&text.to_ascii_lowercase()) {
                proptest::prop_assert!(!YEARS.is_match(&text), "{:?}", text);
            }
        }
    }

    /// A match and its parts: month, day, year and the list of further years.
    type MatchAndParts<'t> = (Range<usize>, (Option<u32>, &'t str, &'t str, &'t str));

    /// Each match with its parts, as the regex's search and [`date_parts`] give them.
    fn dates_by_regex(s: &str) -> Vec<MatchAndParts<'_>> {
        DATE.find_iter(s)
            .map(|m| {
                let p = date_parts(m.as_str());
                (m.range(), (p.month, p.day, p.year, p.more_years))
            })
            .collect()
    }

    fn dates_by_hand(s: &str) -> Vec<MatchAndParts<'_>> {
        date_matches(s)
            .map(|(m, p)| (m, (p.month, p.day, p.year, p.more_years)))
            .collect()
    }

    #[test]
    fn hand_reading_of_dates_matches_the_regex() {
        let cases = [
            "as of June 30, 2023 and 2022, at Dec. 31 2021, 2020, and 2019, SEPT.\u{a0}1,\t2024 and Jan 5,2020",
            "May 1, 20234 Mayday 12, 2023, Marx 1 2023 March 123, 2023 xMarch 1, 2023 _May 1, 2023 March\n1,\n2023",
            "June 30, 2023 ,and 2022 June 30, 2023 and2022 June 30, 2023 , 2022x June 30, 2023, and 2022, and 2021",
            "June 30, 2023 AND 2022 June 30 ,2023 June. 30, 2023 June.. 30, 2023 JUNE 30, 2023\u{2003}and 2022",
            "June \u{663}0, 2023 June 3\u{663}, 2023 June 30, 202\u{663} June 30, 2023\u{663} June 30,\u{a0}2023",
            "June 30, 2023, 2022\u{663} June 30, 2023 and \u{663}022 June 30, 2023é Dec 31, 2023, and, 2022",
            "Dec 31, 2023 and 2022 and 2021, 2020 Dec 31 2023 Dec 1, 2023  ,  and  2022 Jan 1, 2023MAY 1, 2023",
            "Dec 31, 2023, and\u{a0}2022 Dec 31, 2023 and\u{2003}2022 Dec 31, 2023\u{a0}and 2022",
        ];
        for s in cases {
            assert_eq!(dates_by_hand(s), dates_by_regex(s), "{s}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        #[test]
        fn hand_reading_of_dates_matches_the_regex_on_any_pieces(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "June", "Dec.", "MAR", "May", "x", "_", "30", "1", "2023", "20234", "123", ",", ", ", " ", "  ",
                "\t", "\n", "\x0b", ".", "and", "and ", " and ", "AND", "\u{a0}", "\u{663}", "é", "day", "\u{2003}",
            ]),
            0..16,
        )) {
            let s: String = pieces.concat();
            proptest::prop_assert_eq!(dates_by_hand(&s), dates_by_regex(&s), "{:?}", s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The skipping look for four digits says what a look at every four bytes said.
        #[test]
        fn has_year_is_any_four_digits(s in "[0-9a ,\u{a0}\u{663}]{0,24}") {
            let every_window = s.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
            proptest::prop_assert_eq!(has_year(&s), every_window, "{:?}", s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// The first date is the first that the scan finds.
        #[test]
        fn first_date_is_the_first_of_the_scan(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "June", "Dec.", "Feb", "30", "31", "29", "0", "2023", "2024", "20234", ",", " ", "and ", "x", "\u{a0}",
            ]),
            0..12,
        )) {
            let s: String = pieces.concat();
            let mut all = Vec::new();
            scan_dates(&s, 0..s.len(), &[], &[], &mut all);
            proptest::prop_assert_eq!(first_date(&s), all.first().map(|d| d.date), "{:?}", s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Skipping tables leaves out the dates that start in them, and changes no other.
        #[test]
        fn dates_outside_tables_are_those_of_the_whole_scan(pieces in proptest::collection::vec(
            (proptest::sample::select(vec![
                "June", "Dec.", "JUNE", "30", "2023", "2022", ",", " ", "and", "x", "\u{a0}", "\n",
            ]), proptest::bool::ANY),
            0..16,
        )) {
            // Runs of pieces marked as table text become lines of their own, as the reader
            // makes a table's span: from a line's first character to its last.
            let mut text = String::new();
            let mut tables: Vec<Range<usize>> = Vec::new();
            let mut in_table = false;
            for (piece, table) in pieces {
                if table != in_table {
                    text.push('\n');
                    if table {
                        tables.push(text.len()..text.len());
                    }
                    in_table = table;
                }
                if table && piece.trim().is_empty() {
                    continue;
                }
                text.push_str(piece);
                if let Some(t) = tables.last_mut().filter(|_| table) {
                    t.end = text.len();
                }
            }
            tables.retain(|t| !t.is_empty());
            let mut all = Vec::new();
            scan_dates(&text, 0..text.len(), &[], &[], &mut all);
            all.retain(|d| !tables.iter().any(|t| t.contains(&d.span.start)));
            let mut skipping = Vec::new();
            scan_dates(&text, 0..text.len(), &[], &tables, &mut skipping);
            proptest::prop_assert_eq!(skipping, all, "{:?} {:?}", text, tables);
        }
    }

    #[test]
    fn dates_with_year_lists() {
        let s = "as of June 30, 2023 and December 31, 2022, and at Dec. 31, 2021, 2020 and 2019";
        let mut out = Vec::new();
        scan_dates(s, 0..s.len(), &[], &[], &mut out);
        let got: Vec<Date> = out.iter().map(|m| m.date).collect();
        assert_eq!(
            got,
            vec![
                d(2023, 6, 30),
                d(2022, 12, 31),
                d(2021, 12, 31),
                d(2020, 12, 31),
                d(2019, 12, 31)
            ]
        );
    }

    #[test]
    fn period_phrases() {
        assert_eq!(
            periods("for the six months ended June 30, 2025", None),
            vec![(d(2025, 1, 1), d(2025, 6, 30))]
        );
        assert_eq!(
            periods("in the three and six months ended June 30, 2023", None),
            vec![(d(2023, 4, 1), d(2023, 6, 30)), (d(2023, 1, 1), d(2023, 6, 30))]
        );
        assert_eq!(
            periods("during the years ended December 31, 2023 and 2022", None),
            vec![(d(2023, 1, 1), d(2023, 12, 31)), (d(2022, 1, 1), d(2022, 12, 31))]
        );
        assert_eq!(
            periods("During the second quarter and first six months of 2023", None),
            vec![(d(2023, 4, 1), d(2023, 6, 30)), (d(2023, 1, 1), d(2023, 6, 30))]
        );
        let annual = Period {
            months: Some(12),
            end: Some(d(2024, 9, 28)),
            kind: Some(PeriodKind::Annual),
            source: PeriodSource::Config,
        };
        assert_eq!(
            periods("revenue recognized in 2023 that", Some(&annual)),
            vec![(d(2022, 9, 29), d(2023, 9, 28))]
        );
        // A retail year ending early February is named by the year it starts in.
        let retail = Period {
            end: Some(d(2024, 2, 3)),
            ..annual
        };
        assert_eq!(
            periods("during fiscal 2023 from gift cards", Some(&retail))
                .last()
                .map(|p| p.1),
            Some(d(2024, 2, 3))
        );
        assert_eq!(
            periods("in fiscal 2024, 2023 and 2022", Some(&retail))
                .first()
                .map(|p| p.1),
            Some(d(2024, 2, 3))
        );
        // A date inside a period phrase is not also a date of its own.
        let s = "as of June 30, 2023 for the six months ended June 30, 2023";
        let mut ps = Vec::new();
        scan_periods(s, 0..s.len(), None, &mut ps);
        let mut ds = Vec::new();
        scan_dates(s, 0..s.len(), &ps, &[], &mut ds);
        assert_eq!(ds.len(), 1);
    }

    /// Regression (scale bench): each date was checked against every period phrase of the
    /// note, quadratic on a long note. The binary search must keep exactly the dates the
    /// exhaustive check keeps, with phrases given in any order and overlapping.
    #[test]
    fn dates_outside_periods_match_the_exhaustive_check() {
        let unit = "As of June 30, 2023 and December 31, 2022, respectively, for the three and six months ended June 30, 2023 and 2022; the quarter ended March 31, 2024 closed. ";
        let s = unit.repeat(50);
        let mut ps = Vec::new();
        scan_periods(&s, 0..s.len(), None, &mut ps);
        assert!(ps.len() >= 100, "{}", ps.len());
        ps.reverse();
        let mut all = Vec::new();
        scan_dates(&s, 0..s.len(), &[], &[], &mut all);
        let expected: Vec<&DateMention> = all
            .iter()
            .filter(|d| {
                !ps.iter()
                    .any(|p| p.span.start <= d.span.start && d.span.end <= p.span.end)
            })
            .collect();
        let mut kept = Vec::new();
        scan_dates(&s, 0..s.len(), &ps, &[], &mut kept);
        assert_eq!(kept.iter().collect::<Vec<_>>(), expected);
        assert!(!kept.is_empty() && kept.len() < all.len());
    }
}
