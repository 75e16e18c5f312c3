//! Time bands: when remaining performance obligations are expected to be recognized, in months
//! from the period end. "next 12 months" = 1–12, "13 to 36 months" = 13–36, "one-to-two years" =
//! 13–24, "greater than three years" = 37–, "thereafter" = from the month after the previous
//! band, "subsequent 12 months" = the 12 months after the previous band.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::classify::Word;
use super::Band;
use crate::reader::is_ascii_space;

#[derive(Clone, Debug, PartialEq)]
pub struct BandMention {
    pub span: Range<usize>,
    pub band: Band,
}

const NUM: &str = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|eighteen|twenty[- ]four|thirty[- ]six|forty[- ]eight|sixty|a)";
const UNIT: &str = r"(months?|years?)";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// "13 to 36 months", "one-to-two years".
    Range,
    /// "next 12 months", "within one year", "less than a year".
    Within,
    /// "greater than three years".
    Beyond,
    /// "subsequent 12 months": after the previous band.
    Subsequent,
    /// "thereafter": open-ended after the previous band.
    Thereafter,
    /// "within the next 12 and 24 months": two bands from the period end, as a "respectively"
    /// list pairs them with two percentages.
    WithinPair,
}

/// All of [`PATTERNS`] in one pass: only the patterns that match a window run on their own.
static PATTERN_SET: LazyLock<RegexSet> =
    LazyLock::new(|| RegexSet::new(PATTERNS.iter().map(|(re, _, _)| re.as_str())).unwrap());

static PATTERNS: LazyLock<Vec<(Regex, Shape, Reading)>> = LazyLock::new(|| {
    let p = |s: String, shape, reading| (Regex::new(&format!("(?i){s}")).unwrap(), shape, reading);
    vec![
        p(
            format!(r"(?-u:\b){NUM}(?:-to-|\s*[-–—]\s*|\s+to\s+|\s+through\s+){NUM}[- ]{UNIT}(?-u:\b)"),
            Shape::Range,
            Reading::RangeByHand,
        ),
        p(
            format!(r"(?-u:\b)between\s+{NUM}\s+and\s+{NUM}[- ]{UNIT}(?-u:\b)"),
            Shape::Range,
            Reading::Captures,
        ),
        p(
            format!(
                r"(?-u:\b)(?:(?:over|in|within|during)\s+)?(?:the\s+)?(?:next|coming|following|ensuing)\s+{NUM}[- ]{UNIT}(?-u:\b)"
            ),
            Shape::Within,
            Reading::NumberByHand,
        ),
        p(
            format!(r"(?-u:\b)within\s+(?:the\s+next\s+)?{NUM}[- ]{UNIT}(?-u:\b)"),
            Shape::Within,
            Reading::NumberByHand,
        ),
        p(
            format!(r"(?-u:\b)(?:next|within)\s+(?:the\s+next\s+)?{NUM}\s+(?:and|or)\s+{NUM}[- ]{UNIT}(?-u:\b)"),
            Shape::WithinPair,
            Reading::Captures,
        ),
        p(
            format!(r"(?-u:\b)(?:less|fewer)\s+than\s+{NUM}[- ]{UNIT}(?-u:\b)"),
            Shape::Within,
            Reading::NumberByHand,
        ),
        p(
            format!(
                r"(?-u:\b){NUM}[- ]{UNIT}\s+(?:following|after)\s+(?:the\s+)?(?:period|balance|quarter|year|end|june|march|september|december|[a-z]+\s+\d)"
            ),
            Shape::Within,
            Reading::Captures,
        ),
        p(
            r"(?-u:\b)(?:within|over|in)\s+the\s+next\s+(year|fiscal\s+year)(?-u:\b)".into(),
            Shape::Within,
            Reading::Captures,
        ),
        p(
            format!(
                r"(?-u:\b)(?:(?:greater|more|longer)\s+than|after|beyond)\s+(?:the\s+)?(?:first\s+)?{NUM}[- ]{UNIT}\s*(?:thereafter|and\s+beyond)?(?-u:\b)"
            ),
            Shape::Beyond,
            Reading::NumberByHand,
        ),
        p(
            format!(r"(?-u:\b)subsequent\s+{NUM}[- ]{UNIT}(?-u:\b)"),
            Shape::Subsequent,
            Reading::NumberByHand,
        ),
        p(
            r"(?-u:\b)thereafter(?-u:\b)".into(),
            Shape::Thereafter,
            Reading::NoGroups,
        ),
    ]
});

fn number(w: &str) -> Option<u32> {
    let w = w.to_ascii_lowercase().replace(['-', ' '], "");
    Some(match w.as_str() {
        "a" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "eighteen" => 18,
        "twentyfour" => 24,
        "thirtysix" => 36,
        "fortyeight" => 48,
        "sixty" => 60,
        n => n.parse().ok()?,
    })
}

fn months(n: u32, unit: &str) -> u32 {
    if unit.to_ascii_lowercase().starts_with("year") {
        n * 12
    } else {
        n
    }
}

/// The band a pattern's groups (those that took part, in order) give, in months.
fn range_of(shape: Shape, groups: &[&str]) -> Option<(u32, u32)> {
    match shape {
        Shape::Range => match (groups.first(), groups.get(1), groups.get(2)) {
            (Some(a), Some(b), Some(unit)) => number(a).zip(number(b)).and_then(|(a, b)| {
                let years = unit.to_ascii_lowercase().starts_with("year");
                let (from, to) = if years { (a * 12 + 1, b * 12) } else { (a, b) };
                (from >= 1 && from <= to).then_some((from, to))
            }),
            _ => None,
        },
        Shape::Within | Shape::Subsequent | Shape::Beyond => match (groups.first(), groups.get(1)) {
            (Some(n), Some(unit)) => number(n).map(|n| (months(n, unit), 0)),
            // "within the next year"
            (Some(_), None) => Some((12, 0)),
            _ => None,
        },
        Shape::Thereafter => Some((0, 0)),
        Shape::WithinPair => None,
    }
}

/// The groups of a match as read off its text, for the patterns whose number and unit end the
/// match: what `captures` gives, in order.
#[derive(Debug, PartialEq)]
struct HandGroups<'t> {
    groups: [&'t str; 3],
    len: usize,
}

impl<'t> HandGroups<'t> {
    fn as_slice(&self) -> &[&'t str] {
        &self.groups[..self.len]
    }
}

/// What may stand before a number in a band phrase: white space, or a hyphen or dash of a
/// range ("one-to-two", "12–24").
fn is_number_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—')
}

/// The tens of the two-word numbers of `NUM` ("twenty-four"): no other number ends in them, so a
/// number written after one of these and a space or hyphen is the second half of it.
const TENS: [&str; 3] = ["twenty", "thirty", "forty"];

fn is_tens(word: &str) -> bool {
    TENS.iter().any(|tens| word.eq_ignore_ascii_case(tens))
}

fn ends_with_ignore_ascii_case(s: &str, end: &str) -> bool {
    s.len()
        .checked_sub(end.len())
        .and_then(|i| s.get(i..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(end))
}

/// The number `NUM` that starts `s`.
fn leading_number(s: &str) -> &str {
    let end = s.find(is_number_separator).unwrap_or(s.len());
    if !is_tens(&s[..end]) {
        return &s[..end];
    }
    // "twenty-four": the tens, one space or hyphen, and the next word.
    match s.get(end..).and_then(|rest| rest.strip_prefix([' ', '-'])) {
        Some(second) => &s[..end + 1 + second.find(is_number_separator).unwrap_or(second.len())],
        None => &s[..end],
    }
}

/// The number `NUM` and the unit `UNIT` that end `s` ("... next 12 months"), joined by one space
/// or hyphen.
fn trailing_number_and_unit(s: &str) -> Option<(&str, &str)> {
    let joint = s.rfind([' ', '-'])?;
    let (head, unit) = (&s[..joint], &s[joint + 1..]);
    let start = head
        .rfind(is_number_separator)
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    // "twenty-four": the tens before the space or hyphen are part of the number.
    let tens_start = start.checked_sub(1).and_then(|joint| {
        let before = head.get(..joint)?;
        let tens = TENS.iter().find(|tens| ends_with_ignore_ascii_case(before, tens))?;
        matches!(head.as_bytes()[joint], b' ' | b'-').then(|| before.len() - tens.len())
    });
    Some((&head[tens_start.unwrap_or(start)..], unit))
}

/// "after three years thereafter", "beyond 36 months and beyond", "after 3 years " (the space
/// before a next word): the phrase without what follows its unit.
fn without_open_end(s: &str) -> &str {
    let s = s.trim_end();
    let lower_end = |word: &str| ends_with_ignore_ascii_case(s, word);
    if lower_end("thereafter") {
        s[..s.len() - "thereafter".len()].trim_end()
    } else if lower_end("beyond") {
        let s = s[..s.len() - "beyond".len()].trim_end();
        match ends_with_ignore_ascii_case(s, "and") {
            true => s[..s.len() - "and".len()].trim_end(),
            false => s,
        }
    } else {
        s
    }
}

/// How a pattern's groups are read off its match.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reading {
    /// By the regex's captures.
    Captures,
    /// "13 to 36 months": a number starts the match, and a number and unit end it.
    RangeByHand,
    /// "over the next 12 months": one number and unit end the match (but for "thereafter",
    /// "and beyond" or white space after them).
    NumberByHand,
    /// "thereafter": no groups.
    NoGroups,
}

impl Reading {
    fn groups(self, found: &str) -> Option<HandGroups<'_>> {
        match self {
            Reading::Captures => None,
            Reading::NoGroups => Some(HandGroups {
                groups: [""; 3],
                len: 0,
            }),
            Reading::RangeByHand => {
                let (to, unit) = trailing_number_and_unit(found)?;
                Some(HandGroups {
                    groups: [leading_number(found), to, unit],
                    len: 3,
                })
            }
            Reading::NumberByHand => {
                let (n, unit) = trailing_number_and_unit(without_open_end(found))?;
                Some(HandGroups {
                    groups: [n, unit, ""],
                    len: 2,
                })
            }
        }
    }
}

/// The words every band phrase has, as written, each with its searcher built once (a window
/// mostly has one of the first two: the search stops there).
static UNIT_WORDS: [Word; 5] = [
    Word::new("month"),
    Word::new("year"),
    Word::new("hereafter"),
    Word::new("Month"),
    Word::new("Year"),
];

fn cheap_prefilter(s: &str) -> bool {
    // Each of the words has an "h" or an "r": most table cells ("2023", "$1,234") have neither,
    // and memchr looks for them faster than a word's search starts.
    memchr::memchr2(b'h', b'r', s.as_bytes()).is_some() && UNIT_WORDS.iter().any(|w| w.is_in(s))
}

/// The number words of `NUM` a unit can follow (the last word of "twenty-four" is "four").
const NUMBER_WORDS: [&str; 16] = [
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "eighteen", "sixty",
];

fn trim_space_end(b: &[u8]) -> &[u8] {
    &b[..b.len() - b.iter().rev().take_while(|c| is_ascii_space(**c)).count()]
}

/// The word (ASCII letters and digits) that ends `b`, after its white space.
fn last_word(b: &[u8]) -> (&[u8], &[u8]) {
    let b = trim_space_end(b);
    let len = b.iter().rev().take_while(|c| c.is_ascii_alphanumeric()).count();
    b.split_at(b.len() - len)
}

fn is_word_of(word: &[u8], words: &[&str]) -> bool {
    words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// A set of [`PATTERNS`], by index: those that may match somewhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Patterns(u16);

impl Patterns {
    pub const NONE: Patterns = Patterns(0);
    /// Every pattern: outside ASCII the patterns decide.
    pub const ALL: Patterns = Patterns((1 << PATTERN_COUNT) - 1);

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn has(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }
}

impl std::ops::BitOr for Patterns {
    type Output = Patterns;
    fn bitor(self, other: Patterns) -> Patterns {
        Patterns(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Patterns {
    fn bitor_assign(&mut self, other: Patterns) {
        self.0 |= other.0;
    }
}

/// The number of [`PATTERNS`], and each one's index there.
const PATTERN_COUNT: usize = 11;
const fn pattern(index: usize) -> Patterns {
    Patterns(1 << index)
}
const RANGE: Patterns = pattern(0);
const BETWEEN: Patterns = pattern(1);
const NEXT: Patterns = pattern(2);
const WITHIN: Patterns = pattern(3);
const WITHIN_PAIR: Patterns = pattern(4);
const LESS_THAN: Patterns = pattern(5);
const FOLLOWING: Patterns = pattern(6);
const NEXT_YEAR: Patterns = pattern(7);
const BEYOND: Patterns = pattern(8);
const SUBSEQUENT: Patterns = pattern(9);
const THEREAFTER: Patterns = pattern(10);

/// The words that stand just before the number of a band phrase (after "the" or "first"), and
/// the patterns where each does: "next 12", "within one", "less than a", "after 3", "13 to 36",
/// "12 and 24", "between 1 and 3".
const LEADS: [(&str, Patterns); 14] = [
    // "over the next 12 months", "within the next 12 months".
    ("next", Patterns(NEXT.0 | WITHIN.0)),
    ("coming", NEXT),
    ("following", NEXT),
    ("ensuing", NEXT),
    ("within", WITHIN),
    ("subsequent", SUBSEQUENT),
    // "less than a year", "greater than three years".
    ("than", Patterns(LESS_THAN.0 | BEYOND.0)),
    ("after", BEYOND),
    ("beyond", BEYOND),
    ("to", RANGE),
    ("through", RANGE),
    // "between 1 and 3 years", "within the next 12 and 24 months".
    ("and", Patterns(BETWEEN.0 | WITHIN_PAIR.0)),
    ("or", WITHIN_PAIR),
    ("between", BETWEEN),
];

/// Whether a band phrase may hold the key word at `at` of `lower` (ASCII-lowercased text):
/// "thereafter", or "month" or "year" as the unit of a band. Most windows around "year" or
/// "month" ("for the years ended", "an original expected duration of one year or less") hold
/// no band, and the pattern set costs far more than this look. See [`band_patterns`].
pub fn may_hold_band(lower: &[u8], at: usize) -> bool {
    !band_patterns(lower, at).is_empty()
}

/// The patterns that may match with the key word at `at` of `lower` (ASCII-lowercased text) as
/// their unit, or their "thereafter". In ASCII text every pattern but "thereafter" and "the
/// next [fiscal] year" has a number `NUM`, a space or hyphen and the unit, where the number
/// follows a lead word ([`LEADS`]: "next 12 months", "13 to 36 months", "one-to-two years") or
/// the unit is followed by "following" or "after"; the lead word tells which patterns. The
/// caller lets the patterns decide outside ASCII (`\d`, `\s` and case folding see more there).
/// Looking at the whole text rather than the window only sees more words, so names at least
/// the patterns that match.
pub fn band_patterns(lower: &[u8], at: usize) -> Patterns {
    let unit = &lower[at..];
    let unit_len = if unit.starts_with(b"month") {
        5
    } else if unit.starts_with(b"year") {
        4
    } else {
        return THEREAFTER;
    };
    let mut found = Patterns::NONE;
    let before_unit = &lower[..at];
    // "the next year", "the next fiscal year".
    if unit_len == 4 {
        let (mut head, mut word) = last_word(before_unit);
        if word == b"fiscal" {
            (head, word) = last_word(head);
        }
        let _ = head;
        if word == b"next" {
            found |= NEXT_YEAR;
        }
    }
    if !before_unit.last().is_some_and(|c| matches!(c, b' ' | b'-')) {
        return found;
    }
    // The number: digits or a number word, "twenty-four" with its tens.
    let (mut before, number) = last_word(&before_unit[..before_unit.len() - 1]);
    if number.is_empty() {
        return found;
    }
    if !number.iter().all(u8::is_ascii_digit) {
        if !is_word_of(number, &NUMBER_WORDS) {
            return found;
        }
        if let Some((&joint, head)) = before.split_last() {
            let (earlier, tens) = last_word(head);
            if matches!(joint, b' ' | b'-') && is_word_of(tens, &TENS) {
                before = earlier;
            }
        }
    }
    // "12 months following the period", "one year after the balance sheet date".
    let after = &unit[unit_len..];
    let after = after.strip_prefix(b"s").unwrap_or(after);
    let after = &after[after.iter().take_while(|c| is_ascii_space(**c)).count()..];
    if after.starts_with(b"following") || after.starts_with(b"after") {
        found |= FOLLOWING;
    }
    // "one-to-two years", "12 - 24 months".
    if trim_space_end(before).ends_with(b"-") {
        found |= RANGE;
    }
    let (mut head, mut lead) = last_word(before);
    for optional in [&b"first"[..], b"the"] {
        if lead == optional {
            (head, lead) = last_word(head);
        }
    }
    if let Some(&(_, patterns)) = LEADS
        .iter()
        .find(|(word, _)| word.as_bytes().eq_ignore_ascii_case(lead))
    {
        found |= patterns;
    }
    found
}

/// Whether [`hits`] may find a band in text whose ASCII lowercase is `lower`: every band phrase
/// has a key word ("month", "year", "thereafter") where [`may_hold_band`] says yes, and outside
/// ASCII the patterns decide. Most table header cells ("Year Ended December 31,") have a key
/// word but no band: this look costs less than the patterns' search.
pub fn may_have_band(lower: &str) -> bool {
    let b = lower.as_bytes();
    // At each letter a key word starts with (a substring searcher for each word costs more to
    // build than a cell costs to read).
    !b.is_ascii()
        || memchr::memchr3_iter(b'm', b'y', b't', b).any(|at| {
            let rest = &b[at..];
            (rest.starts_with(b"month") || rest.starts_with(b"year") || rest.starts_with(b"thereafter"))
                && may_hold_band(b, at)
        })
}

/// A band phrase as found, before "thereafter" and "subsequent" know what came before them.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub span: Range<usize>,
    shape: Shape,
    range: (u32, u32),
}

/// Every band phrase of `span`, in order (of overlapping phrases the longer one).
pub fn hits(text: &str, span: Range<usize>) -> Vec<Hit> {
    let mut hits = Vec::new();
    hits_of(text, span, Patterns::ALL, &mut hits);
    hits
}

/// The band phrases of `span` that `patterns` may find (at least those that match there), in
/// order (of overlapping phrases the longer one), added to `out`. Every pattern is looked for
/// with the pattern set; fewer one by one (the set's states are many, and each costs more to
/// read than a small pattern's).
pub fn hits_of(text: &str, span: Range<usize>, patterns: Patterns, out: &mut Vec<Hit>) {
    let s = &text[span.clone()];
    if patterns.is_empty() || !cheap_prefilter(s) {
        return;
    }
    let matched = if patterns == Patterns::ALL {
        let set = PATTERN_SET.matches(s);
        Patterns(set.iter().fold(0, |bits, index| bits | 1 << index))
    } else {
        patterns
    };
    let first = out.len();
    let hits = out;
    for index in (0..PATTERN_COUNT).filter(|&i| matched.has(i)) {
        let (re, shape, reading) = &PATTERNS[index];
        if *reading != Reading::Captures {
            // Read the numbers off the matched text: captures cost a slower engine per match.
            for found in re.find_iter(s) {
                let Some(range) = reading
                    .groups(found.as_str())
                    .and_then(|groups| range_of(*shape, groups.as_slice()))
                else {
                    continue;
                };
                hits.push(Hit {
                    span: span.start + found.start()..span.start + found.end(),
                    shape: *shape,
                    range,
                });
            }
            continue;
        }
        for c in re.captures_iter(s) {
            let Some(whole) = c.get(0) else { continue };
            let groups: Vec<&str> = c.iter().skip(1).flatten().map(|m| m.as_str()).collect();
            if *shape == Shape::WithinPair {
                let (Some(first), Some(unit)) = (c.get(1), groups.get(2)) else {
                    continue;
                };
                let (Some(a), Some(b)) = (number(groups[0]), groups.get(1).and_then(|g| number(g))) else {
                    continue;
                };
                let split = span.start + first.end();
                for (part, n) in [
                    (span.start + whole.start()..split, a),
                    (split..span.start + whole.end(), b),
                ] {
                    hits.push(Hit {
                        span: part,
                        shape: Shape::Within,
                        range: (months(n, unit), 0),
                    });
                }
                continue;
            }
            let Some(range) = range_of(*shape, &groups) else {
                continue;
            };
            hits.push(Hit {
                span: span.start + whole.start()..span.start + whole.end(),
                shape: *shape,
                range,
            });
        }
    }
    hits[first..].sort_by_key(|h| (h.span.start, usize::MAX - h.span.end));
    // Of overlapping phrases the first (the longer where they start together), kept in place.
    let (mut kept, mut last_end) = (first, 0);
    for i in first..hits.len() {
        if hits[i].span.start >= last_end {
            last_end = hits[i].span.end;
            hits.swap(kept, i);
            kept += 1;
        }
    }
    hits.truncate(kept);
}

/// Hits → bands, in order. `previous` is the last band before them (in an earlier sentence of
/// the same paragraph), for "thereafter" and "subsequent".
pub fn resolve(hits: &[Hit], mut previous: Option<Band>, out: &mut Vec<BandMention>) {
    for h in hits {
        let (a, b) = h.range;
        let band = match h.shape {
            Shape::Range => Some(Band {
                from_month: a,
                to_month: Some(b),
            }),
            Shape::Within if a > 0 => Some(Band {
                from_month: 1,
                to_month: Some(a),
            }),
            // Split into two `Within` hits when found.
            Shape::Within | Shape::WithinPair => None,
            Shape::Beyond => Some(Band {
                from_month: a + 1,
                to_month: None,
            }),
            Shape::Subsequent => previous.and_then(|p| p.to_month).map(|end| Band {
                from_month: end + 1,
                to_month: Some(end + a),
            }),
            Shape::Thereafter => previous.and_then(|p| p.to_month).map(|end| Band {
                from_month: end + 1,
                to_month: None,
            }),
        };
        if let Some(band) = band {
            previous = Some(band);
            out.push(BandMention {
                span: h.span.clone(),
                band,
            });
        }
    }
}

/// The bands of `span`, in order; `previous` as for [`resolve`].
pub fn scan(text: &str, span: Range<usize>, previous: Option<Band>, out: &mut Vec<BandMention>) {
    resolve(&hits(text, span), previous, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(s: &str) -> Vec<(u32, Option<u32>)> {
        let mut out = Vec::new();
        scan(s, 0..s.len(), None, &mut out);
        out.iter().map(|b| (b.band.from_month, b.band.to_month)).collect()
    }

    /// Every pattern read by hand, with the groups its captures give for each of its matches.
    fn hand_and_captured_groups(text: &str) -> Vec<(Vec<&str>, Vec<&str>)> {
        let mut pairs = Vec::new();
        for (re, _, reading) in PATTERNS.iter().filter(|(_, _, r)| *r != Reading::Captures) {
            for c in re.captures_iter(text) {
                let captured: Vec<&str> = c.iter().skip(1).flatten().map(|m| m.as_str()).collect();
                let by_hand = reading.groups(c.get(0).map_or("", |m| m.as_str()));
                pairs.push((by_hand.map_or(vec!["<none>"], |g| g.as_slice().to_vec()), captured));
            }
        }
        pairs
    }

    /// Reading a match's text gives what the patterns' capture groups give.
    #[test]
    fn groups_read_from_the_match_are_the_captures() {
        let text = "65% over the next 12 months, 13 to 36 months, one-to-two years, 12–24 Months, \
            24 \u{2014} 48 months, twenty-four through thirty six months, 5 - twenty four months, \
            within the next twenty-four months, in the coming Forty Eight-month period, within a year, \
            less than a year, fewer than 18 months, greater than three years thereafter, after 3 years \
            and beyond, beyond 36 months and beyond, after the first 12 months then, more than 2 YEARS \
            , longer than five yearsthereafter, subsequent 12 months, subsequent twelve-month, \
            within\u{a0}the next ſix years, next thirty-ſix monthſ, THEREAFTER, over the next ١٢ months, \
            sixty-eight months, 1-2 years, 123 to 456 months, a-to-two years, within 2 years and beyond";
        let pairs = hand_and_captured_groups(text);
        assert!(pairs.len() >= 28, "{}", pairs.len());
        for (by_hand, captured) in pairs {
            assert_eq!(by_hand, captured);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn groups_read_from_any_match_are_the_captures(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "next", "the next", "within", "less than", "greater than", "after", "after the first",
                "beyond", "subsequent", "thereafter", "and", "and beyond", "to", "through", "a", "one",
                "12", "1234", "twenty", "four", "thirty", "ſix", "forty", "eight", "sixty", "months",
                "month", "Years", "yearſ", "–", "x", ".",
            ]), 0..10),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", " ", "-", "  ", "", "\u{a0}"]), 10),
        ) {
            let mut text = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            for (by_hand, captured) in hand_and_captured_groups(&text) {
                proptest::prop_assert_eq!(by_hand, captured, "{:?}", text);
            }
        }
    }

    /// Whether [`may_hold_band`] lets the patterns look at `text`: at some key word, or outside
    /// ASCII.
    pub(crate) fn gate_lets_through(text: &str) -> bool {
        may_have_band(&text.to_ascii_lowercase())
    }

    /// Text the gate turns away is text no pattern matches.
    fn assert_gate_keeps_every_match(text: &str) {
        if !gate_lets_through(text) {
            assert!(!PATTERN_SET.is_match(text), "{text:?}");
        }
    }

    /// The patterns [`band_patterns`] names at some key word of `text` (ASCII).
    fn patterns_named(text: &str) -> Patterns {
        let lower = text.to_ascii_lowercase();
        let b = lower.as_bytes();
        memchr::memchr3_iter(b'm', b'y', b't', b)
            .filter(|&at| {
                let rest = &b[at..];
                rest.starts_with(b"month") || rest.starts_with(b"year") || rest.starts_with(b"thereafter")
            })
            .fold(Patterns::NONE, |named, at| named | band_patterns(b, at))
    }

    /// Every pattern that matches ASCII text is one [`band_patterns`] names there.
    fn assert_named_patterns_keep_every_match(text: &str) {
        assert!(text.is_ascii());
        let named = patterns_named(text);
        for (index, (re, _, _)) in PATTERNS.iter().enumerate() {
            assert!(!re.is_match(text) || named.has(index), "pattern {index} in {text:?}");
        }
    }

    #[test]
    fn every_pattern_has_its_place() {
        assert_eq!(PATTERNS.len(), PATTERN_COUNT);
        let shapes: Vec<Shape> = PATTERNS.iter().map(|(_, shape, _)| *shape).collect();
        assert_eq!(shapes[0], Shape::Range);
        assert_eq!(shapes[1], Shape::Range);
        assert_eq!(shapes[4], Shape::WithinPair);
        assert_eq!(shapes[8], Shape::Beyond);
        assert_eq!(shapes[9], Shape::Subsequent);
        assert_eq!(shapes[10], Shape::Thereafter);
    }

    #[test]
    fn gate_keeps_every_match() {
        let phrases = [
            "over the next 12 months",
            "in the next 13 to 36 months",
            "one-to-two years",
            "12 -\x0b24 months",
            "within the next twenty-four months",
            "within twenty four months",
            "between 1 and 3 years",
            "within the next 12 and 24 months",
            "less than a year",
            "greater than three years",
            "after the first 12 months",
            "beyond 36 months",
            "12 months following the period",
            "one year after the balance sheet date",
            "12 months\tafter June",
            "subsequent 12 months",
            "the remainder thereafter",
            "within the next year",
            "over the Next\tFiscal  year",
            "the coming forty-eight month period",
            "ensuing sixty months",
        ];
        for p in phrases {
            assert_named_patterns_keep_every_match(p);
            assert!(gate_lets_through(p), "{p:?}");
            assert!(PATTERN_SET.is_match(p), "{p:?}");
        }
        for p in [
            "for the years ended December 31, 2023",
            "an original expected duration of one year or less",
            "the fiscal year",
            "generally four years, which",
        ] {
            assert!(!gate_lets_through(p), "{p:?}");
            assert!(!PATTERN_SET.is_match(p), "{p:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        #[test]
        fn gate_keeps_every_match_of_any_words(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "next", "Next", "the", "THE", "first", "within", "less", "than", "greater", "after", "beyond",
                "subsequent", "thereafter", "and", "or", "to", "through", "between", "coming", "following",
                "ensuing", "over", "in", "fiscal", "period", "balance", "june", "a", "one", "three", "Twelve",
                "twenty", "thirty", "forty", "four", "six", "eight", "sixty", "12", "1234", "x", "12x",
                "month", "Months", "year", "YEARS", "yearly", "ended", "-", ",", ".", "_",
            ]), 0..10),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", " ", " ", "-", "  ", "", "\t", "\x0b", "-to-"]), 10),
        ) {
            let mut text = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            assert_gate_keeps_every_match(&text);
            assert_named_patterns_keep_every_match(&text);
        }
    }

    #[test]
    fn seed_and_common_wordings() {
        assert_eq!(
            bands("65% over the next 12 months and the remainder in the next 13 to 36 months"),
            vec![(1, Some(12)), (13, Some(36))]
        );
        assert_eq!(
            bands("52% over the next 12 months, 37% over the subsequent 13 to 36 months, and the remainder thereafter"),
            vec![(1, Some(12)), (13, Some(36)), (37, None)]
        );
        assert_eq!(bands("over the next twelve months"), vec![(1, Some(12))]);
        assert_eq!(bands("within one year"), vec![(1, Some(12))]);
        assert_eq!(bands("24 to 48 months"), vec![(24, Some(48))]);
        assert_eq!(bands("over the next 24 months"), vec![(1, Some(24))]);
        assert_eq!(
            bands("40% in the next 12 months and 30% in the subsequent 12 months"),
            vec![(1, Some(12)), (13, Some(24))]
        );
        assert_eq!(
            bands("64% in less than a year, 25% within one-to-two years, 9% within two-to-three years and 2% in greater than three years"),
            vec![(1, Some(12)), (13, Some(24)), (25, Some(36)), (37, None)]
        );
        assert_eq!(bands("over the next two years"), vec![(1, Some(24))]);
        assert_eq!(
            bands("within the next 12 and 24 months, respectively"),
            vec![(1, Some(12)), (1, Some(24))]
        );
        // No previous band: "thereafter" alone has no start.
        assert_eq!(bands("and the remainder thereafter"), vec![]);
    }
}
