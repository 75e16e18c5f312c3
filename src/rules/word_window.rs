//! Patterns with word windows (`revenue (?:\w+ ){0,4}by ...`), read by hand in the units.
//!
//! A word window makes a lazy DFA huge: each count of words read so far, crossed with every
//! state of the words around it, is a state of its own, so a unit test walks a fresh state at
//! nearly every byte and misses the caches (a DFA byte costs little in instructions and much in
//! memory traffic). A [`WordWindow`] finds the words a match starts with by a plain search of
//! the lowercased unit, then steps from word to word, asking small anchored regexes (a few
//! states each) only at the starts of the words inside the window.
//!
//! It pays where it also spares the gate the windowed copy (its needles then say where a match
//! may be): for a pattern whose gate has needles already, the regex's unit tests of the few
//! units gated in cost no more than the reading by hand (disaggregation, contract costs).

use std::ops::Range;

use memchr::memmem::Finder;
use regex::Regex;

use super::support::{self, Gate, Pattern};
use super::Context;

/// A case-insensitive pattern whose word-window alternatives are read by hand in the units
/// ([`says`]); its other alternatives (`rest`) stay a regex, much smaller without the windows.
pub struct Windowed {
    /// The whole pattern (`rest` and every window as alternatives): what gates search for, and
    /// what answers in a note that cannot be lowercased ([`Context::lowered_text`]).
    pub whole: Pattern,
    rest: Pattern,
    windows: Vec<WordWindow>,
}

impl Windowed {
    /// `rest` and `windows` as alternatives of one case-insensitive pattern; `make` builds the
    /// whole ([`support::re`], or with the gate's needles).
    pub fn new(rest: &str, windows: Vec<WordWindow>, make: impl FnOnce(&str) -> Pattern) -> Windowed {
        let mut whole = format!("(?i){rest}");
        for window in &windows {
            whole.push('|');
            whole.push_str(&window.source);
        }
        Windowed {
            whole: make(&whole),
            rest: support::re(&format!("(?i){rest}")),
            windows,
        }
    }

    /// Whether `text[unit]` matches the whole pattern; `lowered` is the lowercased note if the
    /// note can be lowercased.
    pub fn unit_matches(&self, text: &str, lowered: Option<&str>, unit: Range<usize>) -> bool {
        let Some(unit_text) = text.get(unit.clone()) else {
            return false;
        };
        match lowered.and_then(|lowered| lowered.as_bytes().get(unit)) {
            Some(unit_lowered) => {
                self.windows.iter().any(|w| w.matches(unit_text, unit_lowered)) || self.rest.is_match(unit_text)
            }
            None => self.whole.is_match(unit_text),
        }
    }
}

/// Whether some unit (sentence, row, heading) matches the pattern: [`support::says`] for a
/// [`Windowed`] pattern, with the whole pattern's gate.
pub fn says(cx: &Context, pattern: &Windowed) -> bool {
    let lowered = cx.lowered_text();
    let mut gates = [Gate::new(cx, &pattern.whole)];
    support::first_passing_range(cx.units(), &mut gates, |unit| {
        pattern.unit_matches(cx.text, lowered, unit)
    })
    .is_some()
}

/// One alternative with word windows: a lead, then for each window up to so many words (`\w+`
/// and white space) and the window's words. As a regex, case-insensitive:
/// `LEAD (?:\w+ ){0,N1}STEP1 (?:\w+ ){0,N2}STEP2 ...` (a space is any white space).
///
/// Read by hand: the lead is looked for where one of its first words (`starts`, lowercase) is
/// in the lowercased unit, and each step at the start of each word the window allows. The lead
/// and each step but the last are followed by white space, and must end in one place only when
/// they are (no optional last word), since the reading goes on from the end the regex finds.
pub struct WordWindow {
    /// The lowercase words a match starts with, one of which every match starts with in its
    /// ASCII lowercase (the note has no letter `(?i)` folds to ASCII that lowercasing leaves).
    starts: Vec<Finder<'static>>,
    /// The lead starts with `\b`, checked by hand: the lead is read from its own start.
    word_start: bool,
    lead: Step,
    windows: Vec<(usize, Step)>,
    /// The alternative as a regex (spaces not yet made `\s+`).
    source: String,
}

impl WordWindow {
    /// `lead` (which may start with `\b`) followed by `windows`: (most words, then what).
    pub fn new(starts: &[&'static str], lead: &str, windows: &[(usize, &str)]) -> WordWindow {
        let (word_start, bare_lead) = match lead.strip_prefix(r"\b") {
            Some(bare) => (true, bare),
            None => (false, lead),
        };
        let mut source = format!("(?:{lead})");
        for (most, then) in windows {
            source.push_str(&format!(r" (?:\w+ ){{0,{most}}}(?:{then})"));
        }
        let last = windows.len().saturating_sub(1);
        WordWindow {
            starts: starts.iter().map(|word| Finder::new(word.as_bytes())).collect(),
            word_start,
            lead: Step::new(bare_lead, true),
            windows: windows
                .iter()
                .enumerate()
                .map(|(i, (most, then))| (*most, Step::new(then, i < last)))
                .collect(),
            source,
        }
    }

    /// Whether the alternative matches in `text`, whose ASCII lowercase is `lowered`.
    fn matches(&self, text: &str, lowered: &[u8]) -> bool {
        self.starts.iter().any(|finder| {
            // Every occurrence, overlapping ones too ("deferredeferred").
            let mut from = 0;
            while let Some(found) = lowered.get(from..).and_then(|rest| finder.find(rest)) {
                let at = from + found;
                from = at + 1;
                if self.word_start && support::word_character_before(text, at) {
                    continue;
                }
                if self
                    .lead
                    .end_at(text, at)
                    .is_some_and(|end| self.windows_match(text, 0, end))
                {
                    return true;
                }
            }
            false
        })
    }

    /// Whether windows `i..` match from `at`, the start of a word after the lead or a step.
    fn windows_match(&self, text: &str, i: usize, at: usize) -> bool {
        let Some((most, step)) = self.windows.get(i) else {
            return true;
        };
        let mut word = at;
        for skipped in 0..=*most {
            if step
                .end_at(text, word)
                .is_some_and(|end| self.windows_match(text, i + 1, end))
            {
                return true;
            }
            if skipped == *most {
                break;
            }
            match next_word(text, word) {
                Some(next) => word = next,
                None => return false,
            }
        }
        false
    }
}

/// A lead or a window's words: an anchored regex, and the bytes its matches may start with.
struct Step {
    regex: Regex,
    first_bytes: [bool; 256],
}

impl Step {
    /// `pattern` (case-insensitive, spaces any white space), with the white space after it if
    /// `more` follows.
    fn new(pattern: &str, more: bool) -> Step {
        let spaced = if more {
            format!("(?:{pattern}) ")
        } else {
            format!("(?:{pattern})")
        };
        let source = format!(r"(?i)\A{spaced}");
        Step {
            // (`re` makes the spaces white space; its regex is kept, the rest dropped.)
            regex: (*support::re(&source)).clone(),
            first_bytes: first_bytes(&format!("(?i){pattern}")),
        }
    }

    /// Where the step's match from `at` ends, if it matches there.
    fn end_at(&self, text: &str, at: usize) -> Option<usize> {
        let rest = text.get(at..)?;
        if !self.first_bytes[usize::from(*rest.as_bytes().first()?)] {
            return None;
        }
        self.regex.find(rest).map(|m| at + m.end())
    }
}

/// The bytes a match of `pattern` may start with: the first bytes of its prefixes, or every
/// byte where the prefixes do not tell.
fn first_bytes(pattern: &str) -> [bool; 256] {
    let every = [true; 256];
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return every;
    };
    let prefixes = regex_syntax::hir::literal::Extractor::new().extract(&hir);
    let Some(literals) = prefixes.literals() else {
        return every;
    };
    let mut first = [false; 256];
    for literal in literals {
        match literal.as_bytes().first() {
            Some(&byte) => first[usize::from(byte)] = true,
            None => return every,
        }
    }
    first
}

/// The start of the word after the one at `at`: past a run of word characters and a run of
/// white space (`\w+\s+`), if both are there.
fn next_word(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let word_end = rest
        .find(|c: char| !support::is_word_character(c))
        .unwrap_or(rest.len());
    if word_end == 0 {
        return None;
    }
    let word_end = at + word_end;
    let space_end = support::white_space_end(text, word_end);
    (space_end > word_end).then_some(space_end)
}

/// Text for the proptests that pin a [`Windowed`] pattern to its whole regex: the rule's
/// words and phrases (a space in one stands for any white space), and others, in any case,
/// apart by any white space (line breaks, no-break spaces) or none, with non-ASCII letters and
/// the letters `(?i)` folds to `k` and `s`.
#[cfg(test)]
pub fn texts(words: &'static [&'static str]) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const OTHERS: &[&str] = &["the", "a", "x", "of", "é", "naïve", "_", "1", "’", ",", ".", "-", "|"];
    const ODD: &[&str] = &["\u{212A}", "\u{17F}"];
    const SPACES: &[&str] = &[
        " ", " ", " ", "  ", "\n", "\r\n", "\t", "\u{a0}", "\u{2003}", "\u{b}", "",
    ];
    let word = prop_oneof![
        24 => proptest::sample::select(words),
        8 => proptest::sample::select(OTHERS),
        1 => proptest::sample::select(ODD),
    ];
    let spaces = proptest::collection::vec(proptest::sample::select(SPACES), 8);
    let piece = (word, 0..4u8, spaces).prop_map(|(word, case, spaces)| {
        let word = match case {
            0 => word.to_uppercase(),
            1 => word
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                .collect(),
            _ => word.to_string(),
        };
        let mut spaces = spaces.into_iter().cycle();
        let mut piece = String::new();
        for (i, part) in word.split(' ').enumerate() {
            if i > 0 {
                // Inside a phrase, never nothing: it is meant to match.
                piece.push_str(spaces.next().filter(|s| !s.is_empty()).unwrap_or(" "));
            }
            piece.push_str(part);
        }
        piece.push_str(spaces.next().unwrap_or(" "));
        piece
    });
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Checks that the hand reading of `pattern` answers as its whole regex on `text`.
#[cfg(test)]
pub fn assert_reads_as_whole(pattern: &Windowed, text: &str) {
    let lowered = text.to_ascii_lowercase();
    let can_lower = !text.contains(['\u{212A}', '\u{17F}']);
    let unit = 0..text.len();
    let by_hand = pattern.unit_matches(text, can_lower.then_some(lowered.as_str()), unit);
    assert_eq!(by_hand, pattern.whole.is_match(text), "{text:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_word_steps_over_a_word_and_its_white_space() {
        assert_eq!(next_word("ab  cd", 0), Some(4));
        assert_eq!(next_word("é\u{a0}x", 0), Some(4));
        assert_eq!(next_word("ab", 0), None);
        assert_eq!(next_word("ab,", 0), None);
        assert_eq!(next_word(" ab", 0), None);
    }

    #[test]
    fn a_word_boundary_before_the_lead_is_read_in_the_text_before_it() {
        let sales_by = Windowed::new(
            "disaggregat",
            vec![WordWindow::new(&["sales"], r"\bsales", &[(2, "by"), (1, "region")])],
            support::re,
        );
        for text in [
            "sales by region",
            "presales by region",
            "é sales x by y region",
            "ésales by region",
            "sales by x y region",
        ] {
            assert_reads_as_whole(&sales_by, text);
        }
        let text = "Net SALES\u{a0}by\nregion";
        assert!(sales_by.unit_matches(text, Some(&text.to_ascii_lowercase()), 0..text.len()));
    }

    #[test]
    fn first_bytes_are_the_prefixes_first_bytes() {
        let first = first_bytes("(?i)by|region");
        let allowed: Vec<u8> = (0..=255u8).filter(|&b| first[usize::from(b)]).collect();
        assert_eq!(allowed, b"BRbr");
        assert!(first_bytes(r"(?i)\w+x").iter().all(|&b| b));
    }
}
