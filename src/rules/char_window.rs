//! Hand readings of the rule patterns with a window of characters between two lists of words
//! (`lead\b.{0,120}\btail`, `^[^.;%]{0,120}?\bword\b`).
//!
//! The regex crate's lazy DFA for such a window is huge (a state for each count of characters
//! since each lead it has seen), so a unit test walks a fresh state almost every byte and misses
//! the caches. These read the unit and its ASCII lowercase instead: the words are found with
//! `memchr`'s substring search, the window's characters counted, and word boundaries and white
//! space decided on the characters as the regex crate decides them (Unicode `\b`, `\s`; `.`
//! counts characters). Callers read only where the note has neither of the two non-ASCII letters
//! `(?i)` matches for `k` and `s` ([`super::Context::lowered_text`]), which lowercasing leaves
//! alone.

use std::ops::Range;

use memchr::memmem::Finder;

use super::support::{white_space_end, word_character_at, word_character_before};

/// A unit (or part of one) and its ASCII lowercase, which has the same byte offsets.
#[derive(Clone, Copy)]
pub struct Unit<'a> {
    pub text: &'a str,
    pub lowered: &'a [u8],
}

impl<'a> Unit<'a> {
    /// `cx.text[range]` and the lowercased note's same bytes.
    pub fn of(text: &'a str, lowered: &'a str, range: Range<usize>) -> Option<Unit<'a>> {
        Some(Unit {
            text: text.get(range.clone())?,
            lowered: lowered.as_bytes().get(range)?,
        })
    }

    /// The unit from `at` on: a haystack of its own (the regex sees no character before it).
    pub fn from(self, at: usize) -> Option<Unit<'a>> {
        Some(Unit {
            text: self.text.get(at..)?,
            lowered: self.lowered.get(at..)?,
        })
    }

    /// Whether a Unicode word boundary (`\b`) lies at `at` (a character boundary).
    fn is_word_boundary(self, at: usize) -> bool {
        word_character_before(self.text, at) != word_character_at(self.text, at)
    }

    /// How many bytes of white space (`\s`: Unicode's White_Space, as `char::is_whitespace`)
    /// start at `at`.
    fn white_space_at(self, at: usize) -> usize {
        white_space_end(self.text, at) - at
    }
}

/// How far a window of at most `most` characters from `from` reaches: the furthest place with no
/// more than `most` characters from `from`, none of them one of `stops` (ASCII bytes).
pub fn window_end(text: &str, from: usize, most: usize, stops: &[u8]) -> usize {
    let rest = text.as_bytes().get(from..).unwrap_or_default();
    let stop = match *stops {
        [one] => memchr::memchr(one, rest),
        [one, two, three] => memchr::memchr3(one, two, three, rest),
        _ => rest.iter().position(|b| stops.contains(b)),
    };
    let rest = &rest[..stop.unwrap_or(rest.len())];
    // Mostly ASCII: `most` bytes are `most` characters.
    match rest.get(..most) {
        None => return from + rest.len(),
        Some(window) if window.is_ascii() => return from + most,
        Some(_) => {}
    }
    let mut chars = 0;
    for (at, &b) in rest.iter().enumerate() {
        // A UTF-8 continuation byte belongs to the character counted at its first byte.
        if b & 0xC0 != 0x80 {
            if chars == most {
                return from + at;
            }
            chars += 1;
        }
    }
    from + rest.len()
}

/// Words (lowercase ASCII, a space standing for a run of white space, `\s+`), each read with a
/// word boundary before and after it or not, as the pattern has them.
pub struct Words {
    /// A search for a word's first part (to its first space), and the words that start with it.
    stems: Vec<(Finder<'static>, Vec<&'static str>)>,
    boundary_before: bool,
    boundary_after: bool,
}

impl Words {
    pub fn new(words: &[&'static str], boundary_before: bool, boundary_after: bool) -> Words {
        let first_part = |w: &'static str| w.split(' ').next().unwrap_or(w);
        // One search per shortest stem: "expense" finds "expensed" and "expenses" too.
        let mut stems: Vec<&'static str> = words.iter().map(|&w| first_part(w)).collect();
        stems.sort_unstable_by_key(|s| s.len());
        let mut shortest: Vec<&'static str> = Vec::new();
        for stem in stems {
            if !shortest.iter().any(|s| stem.starts_with(s)) {
                shortest.push(stem);
            }
        }
        let stems = shortest
            .into_iter()
            .map(|stem| {
                let found: Vec<_> = words.iter().copied().filter(|w| w.starts_with(stem)).collect();
                (Finder::new(stem.as_bytes()).into_owned(), found)
            })
            .collect();
        Words {
            stems,
            boundary_before,
            boundary_after,
        }
    }

    /// Where `word` read at `at` ends, if it is there.
    fn end_of(&self, unit: Unit, word: &str, at: usize) -> Option<usize> {
        if self.boundary_before && !unit.is_word_boundary(at) {
            return None;
        }
        let mut end = at;
        for (i, part) in word.split(' ').enumerate() {
            if i > 0 {
                // `\s+` takes the whole run: the part after it starts with a letter.
                let space = unit.white_space_at(end);
                if space == 0 {
                    return None;
                }
                end += space;
            }
            if !unit.lowered.get(end..)?.starts_with(part.as_bytes()) {
                return None;
            }
            end += part.len();
        }
        (!self.boundary_after || unit.is_word_boundary(end)).then_some(end)
    }

    /// The ends of the words read in `unit`, each with where it starts, as they are found.
    fn each(&self, unit: Unit, from: usize, last_start: usize, mut found: impl FnMut(usize) -> bool) -> bool {
        for (finder, words) in &self.stems {
            let end = unit.lowered.len().min(last_start.saturating_add(finder.needle().len()));
            let Some(haystack) = unit.lowered.get(from..end) else {
                continue;
            };
            for at in finder.find_iter(haystack).map(|i| from + i) {
                if words.iter().filter_map(|w| self.end_of(unit, w, at)).any(&mut found) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether one of the words starts in `unit` at a place in `from..=last_start`.
    pub fn starts_in(&self, unit: Unit, from: usize, last_start: usize) -> bool {
        self.each(unit, from, last_start, |_| true)
    }
}

/// Whether `unit` holds one of `leads`, then at most `most` characters other than a line break
/// (`.{0,most}`), then one of `tails`.
pub fn lead_window_tail(unit: Unit, leads: &Words, most: usize, tails: &Words) -> bool {
    // Where the tails need fewer searches than the leads, a unit without any skips the leads'.
    if tails.stems.len() < leads.stems.len() && !tails.starts_in(unit, 0, unit.lowered.len()) {
        return false;
    }
    leads.each(unit, 0, unit.lowered.len(), |end| {
        tails.starts_in(unit, end, window_end(unit.text, end, most, b"\n"))
    })
}

#[cfg(test)]
pub mod tests {
    /// A text for a reading's proptest: `pieces` index the pattern's own words, then
    /// [`FILLERS`], then runs of white space and words one character under, at and over each
    /// window's length (ASCII, and with two-byte letters), so that matches at the window's limit come up.
    pub fn text_of(pieces: &[usize], own: &[&str], windows: &[usize]) -> String {
        let run = |n: usize, letter: char| -> String {
            (0..n)
                .map(|i| {
                    if i == 0 || i + 1 == n || i % 2 == 1 {
                        ' '
                    } else {
                        letter
                    }
                })
                .collect()
        };
        let mut out = String::new();
        for &i in pieces {
            let i = match i.checked_sub(own.len()) {
                None => {
                    out.push_str(own[i]);
                    continue;
                }
                Some(i) => i,
            };
            match FILLERS.get(i) {
                Some(filler) => out.push_str(filler),
                None => {
                    let i = i - FILLERS.len();
                    let n = windows[i / 6 % windows.len()] - 1 + i % 3;
                    out.push_str(&run(n, if i % 6 < 3 { 'w' } else { 'é' }));
                }
            }
        }
        out
    }

    /// How many pieces [`text_of`] reads.
    pub fn piece_count(own: &[&str], windows: &[usize]) -> usize {
        own.len() + FILLERS.len() + 6 * windows.len()
    }

    /// Pieces of text for the readings' proptests besides the patterns' own words: white space
    /// of every kind, non-ASCII letters and marks, word characters and stops.
    pub const FILLERS: &[&str] = &[
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "\u{a0}",
        "\u{85}",
        "\u{2003}",
        "\u{200b}",
        "é",
        "É",
        "’",
        "—",
        "中",
        "x",
        "_",
        "1",
        ".",
        ";",
        "%",
        ",",
        "-",
        "the amount of ",
        "a long run of forty characters of words ",
        "Ünïcödé wörds across ﬁfty characters ‘and’ more ",
    ];
}
