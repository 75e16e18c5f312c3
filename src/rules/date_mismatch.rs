use std::ops::Range;
use std::sync::LazyLock;

use super::support::Pattern;

use super::date_reading::{self, MONTH_START_LEN};
use super::support::{self, re, DateStyle};
use super::{Applies, Category, Context, Edit, Finding, Fix, Related, Rule, RuleMeta, Severity};
use crate::date::Date;
use crate::declare_rule;
use crate::reader::Period;

declare_rule! {
    /// ## What it checks
    /// Every "as of" / "at" date in the note's text is the period end or one of its comparative
    /// dates: the same date one or two years earlier, the opening balance date (the prior fiscal
    /// year end for a 10-Q, the prior year end for a 10-K), the quarter's opening date, or those
    /// dates a year or two earlier. Fiscal years of 52/53 weeks end on a weekday near the month end,
    /// so a date within a week of an expected one passes. A date that is none of them (a wrong year,
    /// a future date, a leftover from last quarter's draft) is flagged, with the place that states
    /// the period end and a fix that writes the period end in the note's date style.
    ///
    /// ## Why
    /// A balance "as of" the wrong date is a figure readers cannot tie to the balance sheet; dates
    /// rolled forward from an earlier draft are a classic filing error.
    ///
    /// ## Example that passes
    /// > As of June 30, 2023 and December 31, 2022, deferred revenue was $328.0 million and
    /// > $322.8 million, respectively. (A six-month note ending June 30, 2023.)
    ///
    /// ## Reference
    /// Consistency: Regulation S-X 3-01, 3-02, 10-01(c) (balance sheet and comparative dates);
    /// ASC 606-10-50-8(a) balances are opening and closing balances.
    pub struct DateMismatch {
        id: "date-mismatch",
        reference: "Regulation S-X 10-01(c)",
        category: Category::Consistency,
        applies: Applies::ALWAYS,
        severity: Severity::Warning,
        summary: "Every \"as of\" date is the period end or a comparative date.",
    }
}

/// Fiscal years of 52/53 weeks drift up to six days from the calendar month end.
const TOLERANCE_DAYS: i64 = 7;

/// The pattern [`ends_with_as_of`] answers for (its test compares the two).
#[cfg(test)]
const AS_OF: &str = r"(?i)\b(?:as\s+of|as\s+at|at)\s+$";

/// Whether `before` ends with "as of", "as at" or "at" (in any case) starting a word, then
/// white space: what comes before an "as of" date. Written out because it is asked for every
/// date, on a dozen bytes, where a regex search costs mostly its set-up.
fn ends_with_as_of(before: &str) -> bool {
    let body = before.trim_end_matches(char::is_whitespace);
    if body.len() == before.len() {
        return false;
    }
    let starts_word = |rest: &str| !rest.chars().next_back().is_some_and(support::is_word_character);
    // "as at" ends with "at" after white space, which starts a word.
    if strip_word_end(body, "at").is_some_and(starts_word) {
        return true;
    }
    let Some(gap) = strip_word_end(body, "of") else {
        return false;
    };
    let rest = gap.trim_end_matches(char::is_whitespace);
    rest.len() < gap.len() && strip_word_end(rest, "as").is_some_and(starts_word)
}

/// `text` without `word` (ASCII lowercase letters) at its end, in any case as `(?i)` matches it
/// (which includes the long s for `s`).
fn strip_word_end<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut rest = text.chars();
    for expected in word.chars().rev() {
        let c = rest.next_back()?;
        if c.to_ascii_lowercase() != expected && !(expected == 's' && c == '\u{17F}') {
            return None;
        }
    }
    Some(rest.as_str())
}

/// "and 2022" after a date: the same day and month of that year. Asked through [`and_year`].
static AND_YEAR: LazyLock<Pattern> = LazyLock::new(|| re(r"^,?\s+(?:and|or)\s+(\d{4})\b"));

/// The pattern [`and_or_end`] answers for (its test compares the two).
#[cfg(test)]
const AND_DATE: &str = r"^,?\s+(?:and|or)\s+";

/// Where ", and " (an optional comma, white space, "and" or "or", white space) that starts
/// `text` ends: what joins the dates of a list. Written out because it is asked after every
/// "as of" date, where a regex call costs mostly its set-up.
fn and_or_end(text: &str) -> Option<usize> {
    let after_comma = text.strip_prefix(',').unwrap_or(text);
    let word = after_comma.trim_start_matches(char::is_whitespace);
    if word.len() == after_comma.len() {
        return None;
    }
    let rest = word.strip_prefix("and").or_else(|| word.strip_prefix("or"))?;
    let end = rest.trim_start_matches(char::is_whitespace);
    (end.len() < rest.len()).then_some(text.len() - end.len())
}

/// The year of "and 2022" that starts `text`, and where it ends: [`AND_YEAR`]'s group and
/// match. A non-ASCII character where `\d` is asked goes to the pattern.
fn and_year(text: &str) -> Option<(Range<usize>, usize)> {
    let year = and_or_end(text)?;
    let digits = text[year..].bytes().take_while(u8::is_ascii_digit).count();
    let after = text[year + digits..].chars().next();
    match after {
        Some(c) if !c.is_ascii() && digits < 4 => {
            let c = AND_YEAR.captures(text)?;
            Some((c.get(1)?.range(), c.get(0)?.end()))
        }
        _ if digits != 4 => None,
        Some(c) if support::is_word_character(c) => None,
        _ => Some((year..year + 4, year + 4)),
    }
}

/// Dates a note of this period may speak of "as of": the period end, the opening balance date, and
/// both a year, two and three years earlier (comparative columns).
pub fn expected_dates(period: &Period) -> Vec<Date> {
    let Some(end) = period.end else {
        return Vec::new();
    };
    let mut anchors = Vec::with_capacity(4);
    anchors.push(end);
    match period.months {
        Some(m) => anchors.push(end.add_months(-(m as i32))),
        None if period.is_annual() => anchors.push(end.add_months(-12)),
        // A 10-Q whose months are unknown opens at one of the earlier quarter ends.
        None => anchors.extend([3, 6, 9].map(|q| end.add_months(-q))),
    }
    years_back(&anchors)
}

/// Quarter openings: an interim note's three-month figures open there ("revenue recognized in the
/// three months ended July 1, 2023 that was included in deferred revenue as of April 1, 2023"),
/// so these dates pass only in a sentence about opening balances or the quarter.
fn quarter_openings(period: &Period) -> Vec<Date> {
    let Some(end) = period.end else {
        return Vec::new();
    };
    if period.is_annual() || period.months.is_some_and(|m| m >= 12) {
        return Vec::new();
    }
    years_back(&[end.add_months(-3), end.add_months(-6), end.add_months(-9)])
}

fn years_back(anchors: &[Date]) -> Vec<Date> {
    let mut out = Vec::with_capacity(anchors.len() * 4);
    for a in anchors {
        for years in 0..=3 {
            out.push(a.add_months(-12 * years));
        }
    }
    out
}

static OPENING_CONTEXT: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"(?i)\bbeginning\b|\bopening\b|\bincluded in\b|\bpreviously\b|\bthree months\b|\bquarter\b|\bstart of\b")
});

struct AsOfDate {
    span: Range<usize>,
    date: Date,
    style: Option<DateStyle>,
}

/// The "as of" dates of `text[span]`, whose month names start at `month_starts` (relative to
/// `span.start`; see [`date_reading::month_starts`]), in `out` (cleared first: one list serves
/// every block).
fn as_of_dates(text: &str, span: Range<usize>, month_starts: impl Iterator<Item = usize>, out: &mut Vec<AsOfDate>) {
    let s = &text[span.clone()];
    out.clear();
    let mut taken = 0;
    for m in date_reading::date_spans_at(s, month_starts) {
        let before = crate::position::floor_char_boundary(s, m.start.saturating_sub(12));
        // Dates of periods ("year ended December 31") are not balances: only "as of" dates and the
        // dates listed after one count.
        if m.start < taken || !(ends_with_as_of(&s[before..m.start]) || continues_list(s, taken, m.start)) {
            continue;
        }
        // Read into its parts only now: most dates are not "as of" ones.
        let c = support::DateMention::parse(&s[m.clone()], m.start);
        let Some(date) = c.date() else {
            continue;
        };
        out.push(AsOfDate {
            span: span.start + m.start..span.start + m.end,
            date,
            style: Some(DateStyle::of(&c)),
        });
        taken = m.end;
        // "December 31, 2023 and 2022"
        let mut rest_at = m.end;
        while let Some((year, end)) = and_year(&s[rest_at..]) {
            let written = &s[rest_at + year.start..rest_at + year.end];
            if let Some(d) = written.parse().ok().and_then(|yr| Date::new(yr, date.month, date.day)) {
                out.push(AsOfDate {
                    span: span.start + rest_at + year.start..span.start + rest_at + year.end,
                    date: d,
                    style: None,
                });
            }
            rest_at += end;
            taken = rest_at;
        }
    }
}

/// Whether the date at `at` follows a listed "as of" date: "as of June 30, 2023 and December 31, 2022".
fn continues_list(s: &str, taken: usize, at: usize) -> bool {
    taken > 0 && at >= taken && and_or_end(&s[taken..at]) == Some(at - taken)
}

impl Rule for DateMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(period) = cx.period else { return };
        let Some(end) = period.end else { return };
        let expected = expected_dates(period);
        let quarters = quarter_openings(period);
        // Where the period end is written, for findings' related places: searched at the first.
        let stated_at = std::cell::OnceCell::new();
        // No gate first: most blocks hold a date, and a gate would search those twice. The month
        // names are found in one search of the note, not one per block.
        let month_starts: Vec<usize> = date_reading::month_starts(cx.text).collect();
        let mut dates = Vec::new();
        for block in cx.doc.content_blocks() {
            if matches!(block.kind, crate::reader::BlockKind::Heading { .. }) {
                continue;
            }
            let (block_start, block_end) = (block.span.start, block.span.end);
            let first = month_starts.partition_point(|&at| at < block_start);
            let starts_in_block = month_starts[first..]
                .iter()
                .take_while(|&&at| at + MONTH_START_LEN <= block_end)
                .map(|&at| at - block_start);
            as_of_dates(cx.text, block.span.clone(), starts_in_block, &mut dates);
            for d in &dates {
                if expected.iter().any(|e| e.near(d.date, TOLERANCE_DAYS)) {
                    continue;
                }
                let sentence = block
                    .sentences
                    .iter()
                    .find(|s| s.start <= d.span.start && d.span.end <= s.end)
                    .map_or(&cx.text[block.span.clone()], |s| &cx.text[s.clone()]);
                if OPENING_CONTEXT.is_match(sentence) && quarters.iter().any(|e| e.near(d.date, TOLERANCE_DAYS)) {
                    continue;
                }
                let later = if d.date > end { ", after the period end" } else { "" };
                let mut f = cx.finding(
                    &Self::META,
                    d.span.clone(),
                    format!(
                        "`{}` is neither the period end ({}) nor a comparative date{later}: correct the date.",
                        &cx.text[d.span.clone()],
                        end.long()
                    ),
                );
                // Annual statements' dates are set by S-X 3-01/3-02, interim ones by 10-01(c).
                if period.is_annual() {
                    f.reference = "Regulation S-X 3-01";
                }
                if let Some(at) = stated_at.get_or_init(|| period_end_stated_at(cx, end)) {
                    f.related.push(Related {
                        span: at.clone(),
                        message: format!("The period ends {}.", end.long()),
                    });
                }
                if let Some(style) = d.style {
                    let written = style.format(end);
                    f.fix = Some(Fix {
                        title: ["Replace with the period end, ", &written].concat(),
                        edits: vec![Edit {
                            span: d.span.clone(),
                            new_text: written,
                        }],
                    });
                }
                out.push(f);
            }
        }
    }
}

/// Where the period end is written: the R-page header, else the first mention in the note.
fn period_end_stated_at(cx: &Context, end: Date) -> Option<Range<usize>> {
    support::dates(cx.text).find(|c| c.date() == Some(end)).map(|c| c.span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "as", "AS", "aſ", "at", "At", "aT", "of", "OF", "oF", "a", "s", "t", "o", "f", "ſ", " ", "  ", "\n", "\t",
        "\u{a0}", "\u{85}", "\u{2003}", "\u{1680}", "x", "é", "’", "_", "1", ".", "(", "K", "\u{212A}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        /// `ends_with_as_of` answers as its pattern does.
        #[test]
        fn as_of_agrees_with_its_pattern(pieces in proptest::collection::vec(0..PIECES.len(), 0..8)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let pattern = regex::Regex::new(AS_OF).unwrap();
            prop_assert_eq!(ends_with_as_of(&text), pattern.is_match(&text), "{:?}", text);
        }
    }

    const LIST_PIECES: &[&str] = &[
        ",",
        " ",
        "\n",
        "\u{a0}",
        "\u{2003}",
        "and",
        "or",
        "And",
        "an",
        "o",
        "2022",
        "202",
        "20221",
        "1",
        "\u{663}",
        "\u{664}\u{665}\u{666}\u{667}",
        "é",
        "x",
        "_",
        ".",
        "’",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        /// `and_or_end` and `and_year` answer as the patterns they replace.
        #[test]
        fn list_readers_agree_with_their_patterns(pieces in proptest::collection::vec(0..LIST_PIECES.len(), 0..8)) {
            let text: String = pieces.iter().map(|&i| LIST_PIECES[i]).collect();
            let and_date = regex::Regex::new(AND_DATE).unwrap();
            prop_assert_eq!(and_or_end(&text), and_date.find(&text).map(|m| m.end()), "{:?}", text);
            let expected = AND_YEAR
                .captures(&text)
                .map(|c| (c.get(1).unwrap().range(), c.get(0).unwrap().end()));
            prop_assert_eq!(and_year(&text), expected, "{:?}", text);
        }
    }

    #[test]
    fn list_examples() {
        assert_eq!(and_year(", and 2022 were"), Some((6..10, 10)));
        assert_eq!(
            and_year(" or\u{a0}\u{663}\u{664}\u{665}\u{666}"),
            AND_YEAR
                .captures(" or\u{a0}\u{663}\u{664}\u{665}\u{666}")
                .map(|c| (c.get(1).unwrap().range(), c.get(0).unwrap().end()))
        );
        assert_eq!(and_year(" and 20221"), None);
        assert_eq!(and_or_end(", and June"), Some(6));
        assert_eq!(and_or_end("and June"), None);
    }

    #[test]
    fn as_of_examples() {
        for yes in ["as of ", "As Of\n", "at ", "(at\u{a0}", "as  at ", "AS\tOF  ", "aſ of "] {
            assert!(ends_with_as_of(yes), "{yes:?}");
        }
        for no in ["as of", "that ", "éat ", "_at ", "gas of ", "of ", "ended "] {
            assert!(!ends_with_as_of(no), "{no:?}");
        }
    }
}
