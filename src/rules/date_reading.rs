//! Where [`DATE`] matches, read by hand at each month name: the regex's own search restarts its
//! prefilter and lazy DFA for every date (date-mismatch asks block by block), which cost about
//! 600 instructions a date; the reading costs a few dozen.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::support::{is_word_character, spans_read_by_hand, white_space_end, word_character_before, Reading, DATE};

/// The first three letters of every month name [`DATE`] knows (it is case-sensitive): a match
/// starts at one of them. No two overlap, so a leftmost-first search finds each.
static MONTH_STARTS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build([
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ])
        .expect("month names are plain literals")
});

/// How long a month-name start ([`MONTH_STARTS`]) is.
pub const MONTH_START_LEN: usize = 3;

/// Whether `name` is one of the month names of [`DATE`]'s first group (a `match` on the name
/// compares a few bytes; a walk over the list compared it with each).
fn is_month_name(name: &str) -> bool {
    matches!(
        name,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sept"
            | "Sep"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// The spans of [`DATE`]'s matches in `haystack`, as its `find_iter` gives them. A match starts
/// at a month name, and never inside another match (a name needs a word boundary before it), so
/// reading at each name in turn, past the last match, finds the same ones.
pub fn date_spans(haystack: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    date_spans_at(haystack, month_starts(haystack))
}

/// Where a month name's first three letters stand in `haystack`, in order. No two overlap (each
/// starts with the only capital among its letters), so the starts inside any part of the text
/// are the starts that part alone has, less a name cut by the part's end: a caller that reads
/// many parts of one text searches it once.
pub fn month_starts(haystack: &str) -> impl Iterator<Item = usize> + '_ {
    MONTH_STARTS.find_iter(haystack).map(|name| name.start())
}

/// [`date_spans`] given `starts`: the month-name starts of `haystack` (see [`month_starts`]).
pub fn date_spans_at<'a>(
    haystack: &'a str,
    starts: impl Iterator<Item = usize> + 'a,
) -> impl Iterator<Item = Range<usize>> + 'a {
    spans_read_by_hand(
        starts,
        move |at| read_at(haystack, at),
        move |at| DATE.find_at(haystack, at),
    )
}

/// [`DATE`] at `at`, where a month name's first three letters stand: a word boundary, one of
/// the names (the letters that follow must be none, since a full stop or white space comes
/// next), an optional full stop, white space, one or two digits, a comma, white space, four
/// digits and a word boundary. Each part has one way to match, so nothing is tried twice.
fn read_at(haystack: &str, at: usize) -> Reading {
    let b = haystack.as_bytes();
    if haystack.get(..at).is_none() || word_character_before(haystack, at) {
        return Reading::None;
    }
    let letters = b[at..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let name = &haystack[at..at + letters];
    if !is_month_name(name) {
        return Reading::None;
    }
    let mut i = at + letters;
    if b.get(i) == Some(&b'.') {
        i += 1;
    }
    let day = white_space_end(haystack, i);
    if day == i {
        return Reading::None;
    }
    let day_digits = ascii_digits(b, day);
    match b.get(day + day_digits) {
        Some(c) if !c.is_ascii() && day_digits < 2 => return Reading::Unsure,
        Some(b',') if (1..=2).contains(&day_digits) => {}
        _ => return Reading::None,
    }
    let year = white_space_end(haystack, day + day_digits + 1);
    let year_digits = ascii_digits(b, year);
    let after = haystack.get(year + year_digits..).and_then(|rest| rest.chars().next());
    match after {
        Some(c) if !c.is_ascii() && year_digits < 4 => Reading::Unsure,
        _ if year_digits != 4 => Reading::None,
        Some(c) if is_word_character(c) => Reading::None,
        _ => Reading::Found(year + 4),
    }
}

/// How many ASCII digits stand from `at`.
fn ascii_digits(b: &[u8], at: usize) -> usize {
    b.get(at..)
        .map_or(0, |rest| rest.iter().take_while(|c| c.is_ascii_digit()).count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "June",
        "Jun",
        "Jun.",
        "Sept",
        "Sept.",
        "Sep",
        "September",
        "May",
        "March",
        "Mar",
        "Marc",
        "Dec",
        "Decem",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        "\u{2003}",
        "30",
        "1",
        "3",
        "2023",
        "20234",
        "202",
        ",",
        ", ",
        ",\u{a0}",
        "é",
        "’",
        "a",
        "_",
        "x",
        "2",
        "\u{663}",
        "\u{664}\u{665}",
        "١٢٣٤",
        "June 30, 2023",
        "Sept. 1, 2022",
        "Dec 31,2021",
        "JUNE",
        ".",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        /// The reading finds exactly the matches of the regex's own search.
        #[test]
        fn date_spans_agree_with_find_iter(pieces in proptest::collection::vec(0..PIECES.len(), 0..24)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let read: Vec<_> = date_spans(&text).collect();
            let searched: Vec<_> = DATE.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(read, searched, "{:?}", text);
        }

        /// A part of a text read at the month names found in the whole text (those that end
        /// inside the part) gives the part's own dates.
        #[test]
        fn parts_read_at_the_whole_texts_month_names(
            pieces in proptest::collection::vec(0..PIECES.len(), 0..24),
            cut in (0usize..200, 0usize..200),
        ) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let floor = |k: usize| crate::position::floor_char_boundary(&text, k.min(text.len()));
            let (from, to) = (floor(cut.0.min(cut.1)), floor(cut.0.max(cut.1)));
            let part = &text[from..to];
            let starts: Vec<usize> = month_starts(&text).collect();
            let inside = starts
                .iter()
                .filter(|&&at| at >= from && at + MONTH_START_LEN <= to)
                .map(|&at| at - from);
            let read: Vec<_> = date_spans_at(part, inside).collect();
            prop_assert_eq!(read, date_spans(part).collect::<Vec<_>>(), "{:?}", part);
        }
    }

    #[test]
    fn examples() {
        let spans = |t: &str| date_spans(t).map(|r| t[r].to_string()).collect::<Vec<_>>();
        assert_eq!(
            spans("As of June 30, 2023 and Sept.\u{a0}1,2022; not xMay 1, 2023 or May 1, 20234."),
            ["June 30, 2023", "Sept.\u{a0}1,2022"]
        );
        assert_eq!(spans("May \u{663}, 2023"), ["May \u{663}, 2023"]);
        assert!(spans("Junes 30, 2023, Dec 311, 2023, Mar 1, 2023é").is_empty());
    }
}
