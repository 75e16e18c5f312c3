//! What several rules share: finding words in the note, the facts of a concept, the note's own
//! date style and terms, and the template-inserting fix of a missing element.

use std::cell::{OnceCell, RefCell};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use super::{Context, Edit, Finding, Fix, RuleMeta};
use crate::date::Date;
use crate::facts::{Concept, Fact, FactKind};
use crate::reader::{Block, BlockKind};

/// The pieces of the note a requirement can be met in: each sentence of a paragraph or list
/// item, each table row and each heading. Comments are not part of the note.
pub fn units<'a>(cx: &'a Context) -> impl Iterator<Item = Range<usize>> + 'a {
    cx.doc.content_blocks().flat_map(block_units)
}

/// A block's units, without allocating: rules walk them many times per analysis.
fn block_units(b: &Block) -> BlockUnits<'_> {
    match b.kind {
        BlockKind::Paragraph | BlockKind::ListItem if !b.sentences.is_empty() => {
            BlockUnits::Sentences(b.sentences.iter())
        }
        BlockKind::Table if !b.rows.is_empty() => BlockUnits::Rows(b.rows.iter()),
        _ => BlockUnits::Whole(Some(b.span.clone())),
    }
}

enum BlockUnits<'a> {
    Sentences(std::slice::Iter<'a, Range<usize>>),
    Rows(std::slice::Iter<'a, crate::reader::Row>),
    Whole(Option<Range<usize>>),
}

impl BlockUnits<'_> {
    fn len(&self) -> usize {
        match self {
            BlockUnits::Sentences(s) => s.len(),
            BlockUnits::Rows(r) => r.len(),
            BlockUnits::Whole(w) => usize::from(w.is_some()),
        }
    }
}

impl Iterator for BlockUnits<'_> {
    type Item = Range<usize>;
    fn next(&mut self) -> Option<Range<usize>> {
        match self {
            BlockUnits::Sentences(s) => s.next().cloned(),
            BlockUnits::Rows(r) => r.next().map(|r| r.span.clone()),
            BlockUnits::Whole(w) => w.take(),
        }
    }
}

/// The first unit (sentence, row, heading) that matches every pattern in `all`.
pub fn find_unit(cx: &Context, all: &[&Pattern]) -> Option<Range<usize>> {
    let test = |t: &str| all.iter().all(|re| re.is_match(t));
    // The gates of one or two patterns (most requirements) kept in place rather than in a list.
    match *all {
        [one] => first_passing(cx, cx.units(), &mut [Gate::new(cx, one)], test),
        [one, two] => first_passing(cx, cx.units(), &mut [Gate::new(cx, one), Gate::new(cx, two)], test),
        _ => {
            let mut gates: Vec<Gate> = all.iter().map(|p| Gate::new(cx, p)).collect();
            first_passing(cx, cx.units(), &mut gates, test)
        }
    }
}

/// The first of `parts` (in the note's order of their starts) that every gate may match and
/// whose text passes `test`. When a gate says no, the parts that start from there and end
/// before its next possible match are skipped: they hold no match of its pattern either.
pub fn first_passing(
    cx: &Context,
    parts: &[Range<usize>],
    gates: &mut [Gate],
    mut test: impl FnMut(&str) -> bool,
) -> Option<Range<usize>> {
    first_passing_range(parts, gates, |part| test(&cx.text[part]))
}

/// [`first_passing`] for a `test` given the part's range (a reading by hand that looks at the
/// lowercased note too).
pub fn first_passing_range(
    parts: &[Range<usize>],
    gates: &mut [Gate],
    mut test: impl FnMut(Range<usize>) -> bool,
) -> Option<Range<usize>> {
    let mut i = 0;
    while let Some(part) = parts.get(i) {
        i += 1;
        if let Some(next) = gates.iter_mut().find_map(|g| (!g.may_match(part)).then_some(g.next)) {
            i = past_ruled_out(parts, i, next);
            continue;
        }
        if test(part.clone()) {
            return Some(part.clone());
        }
    }
    None
}

/// The first of `parts[i..]` that ends at or after `next`, the next place a gate that ruled out
/// a part knows a match may start: the parts before it end before that, and hold no match.
pub fn past_ruled_out(parts: &[Range<usize>], mut i: usize, next: usize) -> usize {
    while parts.get(i).is_some_and(|p| p.end < next) {
        i += 1;
    }
    i
}

/// What a hand reading of a pattern says at a place one of its matches may start.
#[derive(Debug, PartialEq)]
pub enum Reading {
    /// A match from there to this end.
    Found(usize),
    /// No match starts there.
    None,
    /// A non-ASCII character decides (a Unicode digit, space or case folding): the regex must.
    Unsure,
}

/// Where a pattern matches, as its `find_iter` finds them, given the places a match may start
/// (in order) and a hand reading at each: the regex (`find_at`) is asked only where the reading
/// is unsure, and starts inside a match found are skipped, as `find_iter` skips them.
pub fn spans_read_by_hand<'h>(
    starts: impl Iterator<Item = usize> + 'h,
    mut read_at: impl FnMut(usize) -> Reading + 'h,
    mut find_at: impl FnMut(usize) -> Option<regex::Match<'h>> + 'h,
) -> impl Iterator<Item = Range<usize>> + 'h {
    let mut searched_to = 0;
    starts.filter_map(move |at| {
        if at < searched_to {
            return None;
        }
        let span = match read_at(at) {
            Reading::Found(end) => Some(at..end),
            Reading::None => None,
            Reading::Unsure => find_at(at).filter(|m| m.start() == at).map(|m| m.range()),
        }?;
        searched_to = span.end;
        Some(span)
    })
}

/// Whether some window of a unit and the `after` units that follow it in its block
/// ([`windows`]) passes every gate and `test`.
pub fn any_window(cx: &Context, after: usize, gates: &mut [Gate], test: impl FnMut(&str) -> bool) -> bool {
    match cx.memo.windows.get(after) {
        Some(listed) => first_passing(cx, listed.get_or_init(|| listed_windows(cx, after)), gates, test),
        None => first_passing(cx, &windows(cx, after).collect::<Vec<_>>(), gates, test),
    }
    .is_some()
}

/// Skips the parts of the note a pattern cannot match, with one search of the whole text per
/// match instead of one search per part: `may_match` is `false` only when no match of the
/// pattern's loose copy starts inside the range, so nothing inside it matches the pattern.
///
/// A pattern with [`Needle`]s is searched for by those instead, in the lowercased note: then
/// `may_match` is `false` only when no needle starts inside the range, so no match of the
/// pattern lies inside it (callers match the pattern against the range's text).
pub struct Gate<'c> {
    search: Search<'c>,
    /// What the last search learned: no match (or needle) starts in `from..next`, and one starts
    /// at `next` (`usize::MAX`: none), so a range starting in `from..=next` is answered without
    /// searching. Units are asked in order, so most questions are answered here.
    from: usize,
    next: usize,
}

enum Search<'c> {
    /// Every range may match.
    Nothing,
    /// The lowercase copy ([`super::lowered_copy`]) and the lowercased note. What one gate
    /// learns, others of the same pattern reuse: `known` keeps it by `key`.
    Lowered {
        copy: &'c regex::bytes::Regex,
        text: &'c [u8],
        known: &'c KnownStarts,
        key: usize,
    },
    /// The loose copy and the note, where the note cannot be lowercased.
    Loose { loose: &'c Regex, text: &'c str },
    /// The lowercased note and the needles, with a `(from, next)` as above for each needle.
    Needles {
        text: &'c [u8],
        needles: &'c [Needle],
        cursors: [(usize, usize); MOST_NEEDLES],
    },
}

impl<'c> Gate<'c> {
    pub fn new(cx: &'c Context, pattern: &'c Pattern) -> Gate<'c> {
        let lowered = cx.lowered_text();
        let search = match (pattern.lowered(), lowered) {
            (_, Some(text)) if !pattern.needles.is_empty() => Search::Needles {
                text: text.as_bytes(),
                needles: &pattern.needles,
                // (`zip` with the needles takes as many as there are.)
                cursors: [(usize::MAX, 0); MOST_NEEDLES],
            },
            (Some(copy), Some(text)) => Search::Lowered {
                copy,
                text: text.as_bytes(),
                known: &cx.memo.known_starts,
                key: pattern as *const Pattern as usize,
            },
            _ => match pattern.loose() {
                Some(loose) => Search::Loose { loose, text: cx.text },
                None => Search::Nothing,
            },
        };
        Gate {
            search,
            from: usize::MAX,
            next: 0,
        }
    }

    /// Whether `text[range]` may match the pattern; `false` is certain.
    #[inline]
    pub fn may_match(&mut self, range: &Range<usize>) -> bool {
        if self.from <= range.start && range.start <= self.next {
            // A match inside the range starts at or before its end (an empty one at the end).
            return self.next <= range.end;
        }
        self.search_from(range)
    }

    /// After [`Gate::may_match`] said no to a range: no match (or needle) starts from the range's
    /// start to this offset, so a later range that ends before it holds none either.
    pub fn next_possible(&self) -> usize {
        self.next
    }

    /// [`Gate::may_match`] for a range before or past what the gate knows: search from its start.
    fn search_from(&mut self, range: &Range<usize>) -> bool {
        let at = range.start;
        (self.from, self.next) = match &mut self.search {
            Search::Nothing => return true,
            Search::Loose { loose, text } => (at, loose.find_at(text, at).map_or(usize::MAX, |m| m.start())),
            Search::Lowered { copy, text, known, key } => {
                known.next_start(*key, at, || copy.find_at(text, at).map_or(usize::MAX, |m| m.start()))
            }
            Search::Needles { text, needles, cursors } => {
                let (mut from, mut next) = (0, usize::MAX);
                for (needle, cursor) in needles.iter().zip(cursors.iter_mut()) {
                    if !(cursor.0 <= at && at <= cursor.1) {
                        *cursor = (at, needle.next(text, at));
                    }
                    // Every needle's span holds `at`: so does their overlap, where the first
                    // needle found starts at `next`.
                    from = from.max(cursor.0);
                    next = next.min(cursor.1);
                }
                (from, next)
            }
        };
        self.next <= range.end
    }
}

/// Where the matches of the patterns' lowercase copies start in the note, as far as gates have
/// searched, so that a part of the note is searched once per pattern however many rules ask
/// (several ask whether a unit speaks of the RPO or of contract liabilities). One list for every
/// pattern (a note's searches are a few dozen; one list per pattern cost an allocation each),
/// sorted by pattern (its address) and offset: offsets `from..=next`, in order and apart, from
/// each of which the first match starts at `next` (`usize::MAX`: none).
#[derive(Default)]
pub struct KnownStarts(RefCell<Vec<Known>>);

/// Of the pattern `key`, offsets `from..=next` from each of which the first match starts at `next`.
#[derive(Clone, Copy)]
struct Known {
    key: usize,
    from: usize,
    next: usize,
}

impl KnownStarts {
    /// The known offsets around `at` of the pattern `key`, found by `search` (the start of the
    /// first match at or after `at`) if not known yet.
    fn next_start(&self, key: usize, at: usize, search: impl FnOnce() -> usize) -> (usize, usize) {
        let mut all = self.0.borrow_mut();
        if all.capacity() == 0 {
            // Room for a note's searches at once (under the 1 KB the allocator serves fastest).
            all.reserve(40);
        }
        // The pattern's entries, and the first of them that starts after `at`.
        let first = all.partition_point(|k| k.key < key);
        let end = first + all[first..].partition_point(|k| k.key == key);
        let after = first + all[first..end].partition_point(|k| k.from <= at);
        if let Some(known) = after.checked_sub(1).filter(|&i| i >= first).map(|i| all[i]) {
            if at <= known.next {
                return (known.from, known.next);
            }
        }
        let next = search();
        // Known offsets between `at` and `next` have the same answer: the new range covers them.
        let covered = after + all[after..end].partition_point(|k| k.from <= next);
        let new = Known { key, from: at, next };
        // (What `splice` does, without its general machinery.)
        if covered == after {
            all.insert(after, new);
        } else {
            all[after] = new;
            all.drain(after + 1..covered);
        }
        (at, next)
    }
}

/// How many needles a pattern may have: a gate keeps what it learned of each in place.
const MOST_NEEDLES: usize = 6;

/// A word that every match of a pattern without one of its other needles contains, in
/// lowercase, and a check of the text where it is found: together they say where a match may
/// lie faster than the pattern's loose copy, whose leading words may be short and common
/// ("the", "by", "$"), or whose word windows (`.{0,120}`) make it slow.
pub struct Needle {
    finder: memchr::memmem::Finder<'static>,
    /// Whether a match may contain the occurrence that starts at this place of the lowercased note.
    check: Option<fn(&[u8], usize) -> bool>,
}

impl Needle {
    pub fn new(word: &'static str) -> Needle {
        Needle {
            finder: memchr::memmem::Finder::new(word.as_bytes()),
            check: None,
        }
    }

    pub fn checked(word: &'static str, check: fn(&[u8], usize) -> bool) -> Needle {
        Needle {
            check: Some(check),
            ..Needle::new(word)
        }
    }

    /// Where the first occurrence at or after `at` that passes the check starts (else `usize::MAX`).
    fn next(&self, text: &[u8], mut at: usize) -> usize {
        while let Some(found) = text.get(at..).and_then(|rest| self.finder.find(rest)) {
            let start = at + found;
            if self.check.is_none_or(|check| check(text, start)) {
                return start;
            }
            at = start + 1;
        }
        usize::MAX
    }
}

/// Whether some unit matches every pattern in `all`.
pub fn says(cx: &Context, all: &[&Pattern]) -> bool {
    find_unit(cx, all).is_some()
}

/// Whether some unit holds `word` (lowercase ASCII) in its ASCII lowercase. For a pattern one of
/// whose alternatives is that word alone (no assertion around it), such a unit matches the
/// pattern: one search of the note answers [`says`] for it where the word is used, as it mostly
/// is. `false` says nothing.
pub fn some_unit_holds(cx: &Context, word: &str) -> bool {
    let units = cx.units();
    memchr::memmem::find_iter(cx.lowered.as_bytes(), word.as_bytes()).any(|at| {
        // The last unit starting at or before the word (units are in the note's order).
        let i = units.partition_point(|u| u.start <= at);
        i.checked_sub(1)
            .and_then(|i| units.get(i))
            .is_some_and(|u| at + word.len() <= u.end)
    })
}

/// Whether the extractor found a fact of any of `concepts`.
pub fn has_fact(cx: &Context, concepts: &[Concept]) -> bool {
    cx.facts
        .iter()
        .any(|f| f.concept.is_some_and(|c| concepts.contains(&c)))
}

/// Units with up to `after` following sentences of the same block, for statements that run over
/// a sentence ("RPO was $X. We expect to recognize 65% of it ...").
pub fn windows<'a>(cx: &'a Context, after: usize) -> impl Iterator<Item = Range<usize>> + 'a {
    cx.doc.content_blocks().flat_map(move |b| {
        let (units, whole) = match b.kind {
            BlockKind::Paragraph | BlockKind::ListItem if !b.sentences.is_empty() => {
                (UnitSlice::Sentences(&b.sentences), None)
            }
            BlockKind::Table if !b.rows.is_empty() => (UnitSlice::Rows(&b.rows), None),
            _ => (UnitSlice::Sentences(&[]), Some(b.span.clone())),
        };
        let n = units.len();
        (0..n)
            .map(move |i| {
                let (first, last) = (units.get(i), units.get((i + after).min(n - 1)));
                first.start..last.end.max(first.end)
            })
            .chain(whole)
    })
}

/// The [`windows`] of a unit and `after` more, listed in a list sized at once: there is one
/// for each unit (collecting the flattened blocks grew the list a step at a time).
fn listed_windows(cx: &Context, after: usize) -> Vec<Range<usize>> {
    let count = cx.doc.content_blocks().map(|b| block_units(b).len()).sum();
    let mut listed = Vec::with_capacity(count);
    listed.extend(windows(cx, after));
    listed
}

/// A block's sentences or rows, by index.
#[derive(Clone, Copy)]
enum UnitSlice<'a> {
    Sentences(&'a [Range<usize>]),
    Rows(&'a [crate::reader::Row]),
}

impl UnitSlice<'_> {
    fn len(self) -> usize {
        match self {
            UnitSlice::Sentences(s) => s.len(),
            UnitSlice::Rows(r) => r.len(),
        }
    }
    fn get(self, i: usize) -> Range<usize> {
        match self {
            UnitSlice::Sentences(s) => s[i].clone(),
            UnitSlice::Rows(r) => r[i].span.clone(),
        }
    }
}

/// What several rules need from the whole note, worked out once per analysis on first use.
#[derive(Default)]
pub struct Memo {
    /// The note has a letter ASCII lowercasing leaves alone but `(?i)` folds to ASCII.
    odd_letters: OnceCell<bool>,
    date_style: OnceCell<DateStyle>,
    liability_term: OnceCell<&'static str>,
    rpage: OnceCell<bool>,
    answers: RefCell<Vec<(&'static str, bool)>>,
    known_starts: KnownStarts,
    liability_block_end: OnceCell<Option<usize>>,
    period_end_words: OnceCell<String>,
    opening_words: OnceCell<String>,
    period_words: OnceCell<String>,
    /// The note's [`windows`] of one to three units (the first: the units), listed once for the
    /// rules that walk them.
    windows: [OnceCell<Vec<Range<usize>>>; 3],
}

impl Context<'_> {
    /// The note with its ASCII letters lowercased, which the lowercase copies of the patterns
    /// search: their literals are plain strings the regex crate's prefilter finds fast, where the
    /// `(?i)` originals have every case variant. `None` when the note has one of the two
    /// non-ASCII letters `(?i)` matches for `k` and `s` (the Kelvin sign and the long s), which
    /// lowercasing leaves alone.
    pub fn lowered_text(&self) -> Option<&str> {
        let odd_letters = *self.memo.odd_letters.get_or_init(|| has_odd_letters(self.text));
        (!odd_letters).then_some(self.lowered)
    }

    /// Every unit of the note ([`units`]), in order, listed once for the rules that walk them.
    pub fn units(&self) -> &[Range<usize>] {
        // The windows of no unit after are the units.
        self.memo.windows[0].get_or_init(|| listed_windows(self, 0))
    }

    /// The answer to a question about the whole note that several rules ask (whether it states
    /// the RPO), computed by the first one to ask.
    pub fn remember(&self, question: &'static str, answer: impl FnOnce() -> bool) -> bool {
        if let Some(&(_, known)) = self.memo.answers.borrow().iter().find(|(q, _)| *q == question) {
            return known;
        }
        let known = answer();
        self.memo.answers.borrow_mut().push((question, known));
        known
    }
}

/// Whether `text` has the Kelvin sign (`E2 84 AA` in UTF-8) or the long s (`C5 BF`): one search
/// for their last bytes, rare in English text (curly quotes and dashes end otherwise), instead of
/// one search for each letter.
fn has_odd_letters(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(0xAA, 0xBF, b).any(|at| match b[at] {
        0xAA => at >= 2 && b[at - 2..at] == [0xE2, 0x84],
        _ => at >= 1 && b[at - 1] == 0xC5,
    })
}

/// A rule's pattern: the regex, and copies of it that answer the same faster where they can.
///
/// The regex crate's fast DFA gives up on a Unicode `\b` as soon as the text has a non-ASCII
/// character (and SEC text has curly quotes everywhere), falling back to a much slower engine.
/// So where the answer is the same, a copy with ASCII word boundaries answers; elsewhere a
/// loose copy without word boundaries says "no" first (dropping a zero-width assertion only
/// loosens a pattern). Every regex is compiled on first use: the CLI checks one note per
/// process, and most notes need only two of them per pattern.
pub struct Pattern {
    /// The pattern as the regex crate reads it (spaces made `\s+`).
    source: String,
    exact: OnceLock<Regex>,
    /// The pattern without its Unicode word boundaries, and whether it had any.
    loose_source: Option<(String, bool)>,
    /// The pattern without assertions: it matches wherever the pattern does (and maybe more),
    /// and what it matches inside a part of the text it matches in the whole text, so [`Gate`]
    /// can search the whole text once. `None` when the pattern has context assertions (`^`, `$`,
    /// an ASCII `\b`) other than Unicode word boundaries.
    loose: OnceLock<Option<Regex>>,
    /// The copy for the lowercased note ([`Context::lowered_text`], [`super::lowered_copy`]): it
    /// matches there wherever the pattern matches in the note, or finds its `words`.
    lowered: OnceLock<Option<regex::bytes::Regex>>,
    /// Words one of which every match holds in lowercase ([`re_with_words`]), if any.
    words: &'static [&'static str],
    /// What [`Gate`] searches for instead of a loose copy, if anything.
    needles: Vec<Needle>,
    /// The pattern with ASCII word boundaries (`(?-u:\b)`) for its Unicode ones, which the fast
    /// DFA handles on any text: the two agree on a text whose non-ASCII characters are none of
    /// them word characters (curly quotes, dashes, no-break spaces), since a word boundary then
    /// lies between the same characters either way. `None` when the pattern has no `\b`.
    ascii_source: Option<String>,
    ascii_bounds: OnceLock<Regex>,
}

impl Pattern {
    /// Whether the pattern matches somewhere in `haystack` (as [`Regex::is_match`]).
    pub fn is_match(&self, haystack: &str) -> bool {
        if let Some(ascii_bounds) = self.ascii_bounds() {
            if word_characters_are_ascii(haystack) {
                return ascii_bounds.is_match(haystack);
            }
        }
        match self.loose() {
            Some(loose) if self.loose_first() => loose.is_match(haystack) && self.exact().is_match(haystack),
            _ => self.exact().is_match(haystack),
        }
    }

    /// The regex to search `haystack` with: the ASCII-boundary copy where it agrees with the
    /// pattern (see `ascii_source`), else the pattern itself. Both find the same matches there.
    pub fn for_text(&self, haystack: &str) -> &Regex {
        match self.ascii_bounds() {
            Some(ascii_bounds) if word_characters_are_ascii(haystack) => ascii_bounds,
            _ => self.exact(),
        }
    }

    fn exact(&self) -> &Regex {
        self.exact
            .get_or_init(|| Regex::new(&self.source).expect("rule pattern compiles"))
    }

    /// Whether the loose copy differs from the pattern (it dropped a word boundary): then it is
    /// asked first, since it is the fast one.
    fn loose_first(&self) -> bool {
        self.loose_source.as_ref().is_some_and(|(_, dropped)| *dropped)
    }

    fn loose(&self) -> Option<&Regex> {
        self.loose
            .get_or_init(|| match &self.loose_source {
                Some((loose, true)) => Some(Regex::new(loose).expect("a pattern without word boundaries compiles")),
                Some((_, false)) => Some(self.exact().clone()),
                None => None,
            })
            .as_ref()
    }

    fn lowered(&self) -> Option<&regex::bytes::Regex> {
        self.lowered
            .get_or_init(|| match self.words {
                [] => super::lowered_copy::lowered_copy(&self.source),
                words => super::lowered_copy::words_copy(words),
            })
            .as_ref()
    }

    fn ascii_bounds(&self) -> Option<&Regex> {
        let source = self.ascii_source.as_ref()?;
        Some(
            self.ascii_bounds
                .get_or_init(|| Regex::new(source).expect("a pattern with ASCII word boundaries compiles")),
        )
    }
}

impl std::ops::Deref for Pattern {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.exact()
    }
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// A pattern that is known to compile (all patterns are literals in this crate, and a test
/// compiles every one of them). A space in the pattern matches any run of white space, since
/// drafts wrap lines inside sentences.
pub fn re(pattern: &str) -> Pattern {
    let source = spaces_match_any_white_space(pattern);
    Pattern {
        loose_source: without_unicode_word_boundaries(&source),
        ascii_source: with_ascii_word_boundaries(&source),
        source,
        exact: OnceLock::new(),
        loose: OnceLock::new(),
        lowered: OnceLock::new(),
        words: &[],
        needles: Vec::new(),
        ascii_bounds: OnceLock::new(),
    }
}

/// Whether every word character (`\w`) in `text` is an ASCII one.
fn word_characters_are_ascii(text: &str) -> bool {
    // Most units are all ASCII: one pass a word at a time says so.
    if text.is_ascii() {
        return true;
    }
    let mut rest = text;
    loop {
        // ASCII runs a few bytes at a time; all before the first non-ASCII chunk is ASCII, so
        // the cut is on a character boundary.
        let ascii = rest.as_bytes().chunks(16).take_while(|chunk| chunk.is_ascii()).count() * 16;
        rest = rest.get(ascii..).unwrap_or_default();
        let mut chars = rest.chars();
        match chars.next() {
            None => return true,
            Some(c) if is_word_character(c) && !c.is_ascii() => return false,
            Some(_) => rest = chars.as_str(),
        }
    }
}

/// Whether `c` is a word character (`\w`) as the regex crate decides it.
pub fn is_word_character(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        // The table is always compiled in (the regex crate's Unicode features); if it were not,
        // "yes" keeps callers on the exact path.
        regex_syntax::try_is_word_character(c).unwrap_or(true)
    }
}

/// Whether the character before `at` in `text` is a word character (`\w`); `false` at the start
/// (or off a character boundary). A word read by hand from `at` starts at a `\b` when it is not.
pub fn word_character_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|before| before.chars().next_back())
        .is_some_and(is_word_character)
}

/// Whether the character at `at` in `text` is a word character (`\w`); `false` at the end.
pub fn word_character_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_word_character)
}

/// The end of the white space (`\s*`: Unicode's White_Space, as `char::is_whitespace`) that
/// starts at `at` in `text`.
pub fn white_space_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    at + (rest.len() - rest.trim_start_matches(char::is_whitespace).len())
}

/// A piece of a pattern's text as the rewrites below see it: an escape (`\b`; `None` for a
/// trailing backslash) or a character, and whether it stands inside a `[...]` class.
enum Piece {
    Escape(Option<char>),
    Char(char),
}

/// The pieces of `pattern`, each with whether it is inside a class.
fn pieces(pattern: &str) -> impl Iterator<Item = (Piece, bool)> + '_ {
    let mut chars = pattern.chars();
    let mut in_class = false;
    std::iter::from_fn(move || {
        let ch = chars.next()?;
        let inside = in_class;
        if ch == '\\' {
            return Some((Piece::Escape(chars.next()), inside));
        }
        match ch {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ => {}
        }
        Some((Piece::Char(ch), inside))
    })
}

/// Writes `piece` as it was in the pattern.
fn push_piece(out: &mut String, piece: &Piece) {
    match *piece {
        Piece::Escape(next) => {
            out.push('\\');
            out.extend(next);
        }
        Piece::Char(ch) => out.push(ch),
    }
}

/// `pattern` with `(?-u:\b)` and `(?-u:\B)` for its Unicode `\b` and `\B`; `None` when it has
/// none, or has ASCII ones already.
fn with_ascii_word_boundaries(pattern: &str) -> Option<String> {
    if pattern.contains("(?-u") {
        return None;
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut replaced = false;
    for (piece, in_class) in pieces(pattern) {
        match piece {
            Piece::Escape(Some(b @ ('b' | 'B'))) if !in_class => {
                replaced = true;
                out.push_str(if b == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
            }
            _ => push_piece(&mut out, &piece),
        }
    }
    replaced.then_some(out)
}

/// Whether `text[at..]` may start with white space (`\s`): an ASCII space character, or any
/// non-ASCII byte (the other white-space characters are all non-ASCII). For needle checks.
pub fn may_be_space(text: &[u8], at: usize) -> bool {
    matches!(text.get(at), Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x80..))
}

/// [`re`] with needles for its [`Gate`]: every match of the pattern contains, in its ASCII
/// lowercase, one of them that passes its check. The patterns' tests check that.
pub fn re_with_needles(pattern: &str, needles: Vec<Needle>) -> Pattern {
    assert!(
        needles.len() <= MOST_NEEDLES,
        "{pattern:?} has more needles than a gate keeps"
    );
    Pattern { needles, ..re(pattern) }
}

/// [`re`] whose lowercase copy is a search for `words` (lowercase), one of which every match of the
/// pattern holds in its ASCII lowercase: a match of the pattern inside a part of the note then
/// holds one of them, so a [`Gate`] may say "no" where no word starts. For patterns whose leading
/// words are common ("revenue", "performance", "satisfied"), each of which restarts the copy's
/// search, where rarer words say the same. The patterns' tests check the words with
/// [`assert_words_in_every_match`].
pub fn re_with_words(pattern: &str, words: &'static [&'static str]) -> Pattern {
    Pattern { words, ..re(pattern) }
}

/// Checks that the syntax tree of `pattern` shows one of its words in every match.
#[cfg(test)]
pub fn assert_words_in_every_match(pattern: &Pattern) {
    assert!(
        super::lowered_copy::every_match_contains(pattern.as_str(), pattern.words),
        "{pattern:?}: a match may hold none of {:?}",
        pattern.words
    );
}

/// `pattern` without its Unicode `\b` and `\B`, and whether it had any; `None` when it has
/// another assertion (`^`, `$`, `\A`, `\z`, or an ASCII `(?-u:\b)`), whose meaning depends on
/// the text around a match.
fn without_unicode_word_boundaries(pattern: &str) -> Option<(String, bool)> {
    if pattern.contains("(?-u") || pattern.contains("(?m") || pattern.contains("(?R") {
        return None;
    }
    let mut out = String::with_capacity(pattern.len());
    let mut removed = false;
    for (piece, in_class) in pieces(pattern) {
        match piece {
            Piece::Escape(Some('b' | 'B')) if !in_class => removed = true,
            Piece::Escape(Some('A' | 'z' | '<' | '>')) | Piece::Char('^' | '$') if !in_class => return None,
            _ => push_piece(&mut out, &piece),
        }
    }
    Some((out, removed))
}

fn spaces_match_any_white_space(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    for (piece, in_class) in pieces(pattern) {
        match piece {
            Piece::Char(' ') if in_class => out.push_str("\\s"),
            Piece::Char(' ') => out.push_str("\\s+"),
            _ => push_piece(&mut out, &piece),
        }
    }
    out
}

/// Amount words: "$791.4 million", "$1,868", "791.4 million", "$0.2 billion".
const AMOUNT_WORDS: &str =
    r"(?i)\$\s?\d|\b\d[\d,]*(?:\.\d+)?\s*(?:thousand|million|billion)\b|\bnot (?:material|significant)|\bimmaterial\b";
pub static AMOUNT: LazyLock<Pattern> = LazyLock::new(|| re(AMOUNT_WORDS));

/// A figure: an amount in words, a "not material" statement, a number in a table cell, or a
/// placeholder for one (`$[X]`: the element is there, and `placeholder` flags it until filled).
pub static FIGURE: LazyLock<Pattern> = LazyLock::new(|| re(&format!(r"{AMOUNT_WORDS}|\|\s*\(?\$?\s?\d|\$\s?\[")));

/// Words for contract liabilities.
pub static LIABILITY: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_words(
        r"(?i)\bcontract liabilit|\b(?:deferred|unearned) (?:revenue|income)|\bcustomer (?:deposits|advances|prepayments)|\badvance (?:payments|billings)|\bbillings in excess",
        // Not the "contract" and "customer" of nearly every sentence, where the copy's search
        // would restart.
        &[
            "liabilit",
            "deferred",
            "unearned",
            "deposits",
            "advance",
            "prepayments",
            "billings",
        ],
    )
});

/// Words for remaining performance obligations, including future revenue of existing contracts
/// ("we expect to recognize revenue of $1.8 billion ... related to contract liabilities", "the
/// Company expects 66% of total deferred revenue to be realized in less than a year").
pub static RPO: LazyLock<Pattern> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:remaining|unsatisfied|unfulfilled|outstanding) (?:\w+ )?performance obligations?|\bRPO\b|transaction price allocated to|\bbacklog\b|contracted (?:but unsatisfied|revenue (?:not yet|that has not)|future revenue)|remaining contract (?:value|revenue)|revenue expected to be recognized in (?:any )?future|future revenue to be (?:earned|recognized)|expects? to recognize revenue (?:of|on)\b|{LIABILITY_AS_RPO_WORDS}"
    ))
});

/// The timing of the whole contract liability given as the remaining obligations (Apple: "the
/// Company expects 66% of total deferred revenue to be realized in less than a year").
const LIABILITY_AS_RPO_WORDS: &str = r"expects? (?:approximately )?\d+(?:\.\d+)?\s?(?:%|percent) of (?:total |the |our )?(?:deferred|unearned) revenue|(?:deferred|unearned) revenue (?:is )?(?:expected )?to be (?:realized|recognized) (?:in|within|over)";
pub static LIABILITY_AS_RPO: LazyLock<Pattern> = LazyLock::new(|| re(&format!("(?i){LIABILITY_AS_RPO_WORDS}")));

/// An omission under a practical expedient: "we do not disclose", "excludes contracts ...",
/// "elected the practical expedient".
pub static OMISSION: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:not|do not|does not|did not|elected not to|elect not to|chosen not to|opted not to) (?:to )?(?:disclose|include|present|provide)|\bomit|\bexclud|\bnot included|\bpractical expedient|\boptional exemption|\bexemption",
    )
});

/// The expedients of 606-10-50-14 and 50-14A, by what they leave out.
pub static EXPEDIENT_KIND: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_words(
        r"(?i)(?:one|1) year or less|(?:twelve|12) months or less|less than (?:one|1) year|(?:one|1) year or shorter|within (?:one|1) year or less|right to invoice|as invoiced|recogni[sz]ed? (?:revenue )?(?:at the amount|as) (?:to which|invoiced)|amount to which (?:we|the company) (?:have|has) the right|sales[- ]based|usage[- ]based|royalt|variable consideration|wholly unsatisfied|distinct (?:good|service)s? (?:that forms? part of|in) a series|50-14A?\b|55-18",
        // The pattern's leading words ("1", "as") are too short for the regex crate's prefilter,
        // so its copy is run byte by byte over the whole note; these are not.
        &[
            "year",
            "months",
            "invoic",
            "which",
            "based",
            "royalt",
            "variable",
            "unsatisfied",
            "series",
            "50-14",
            "55-18",
        ],
    )
});

/// A month-name date, "June 30, 2023", "Jun. 30, 2023", "Sept. 30, 2022".
pub static DATE: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(\.?)\s+(\d{1,2}),\s*(\d{4})\b",
    )
});

/// A match of [`DATE`], with its groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention<'h> {
    pub span: Range<usize>,
    /// "June", "Jun", "Sept"
    pub month: &'h str,
    /// Whether a dot follows the month ("Jun. 30").
    pub dot: bool,
    pub day: &'h str,
    pub year: &'h str,
}

impl<'h> DateMention<'h> {
    /// The groups of a match at `start`: month letters, an optional dot, white space, the day up
    /// to the comma, white space, the year.
    pub fn parse(matched: &'h str, start: usize) -> DateMention<'h> {
        let month_len = matched
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(matched.len());
        let (month, rest) = matched.split_at(month_len);
        let dot = rest.starts_with('.');
        let rest = rest.strip_prefix('.').unwrap_or(rest).trim_start();
        let (day, year) = rest.split_once(',').unwrap_or((rest, ""));
        DateMention {
            span: start..start + matched.len(),
            month,
            dot,
            day,
            year: year.trim_start(),
        }
    }

    pub fn date(&self) -> Option<Date> {
        Date::new(
            self.year.parse().ok()?,
            Date::month_from_name(self.month)?,
            self.day.parse().ok()?,
        )
    }
}

/// The matches of [`DATE`] in `haystack`, exactly as `DATE.captures_iter(haystack)` finds them:
/// read by hand at each month name (`date_reading`), the groups read off the match.
pub fn dates(haystack: &str) -> impl Iterator<Item = DateMention<'_>> + '_ {
    super::date_reading::date_spans(haystack).map(|span| DateMention::parse(&haystack[span.clone()], span.start))
}

/// How the note writes dates, so a fix writes them the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// "June 30, 2023"
    Long,
    /// "Jun. 30, 2023" (`dot`) or "Jun 30, 2023".
    Short { dot: bool },
}

impl DateStyle {
    pub fn of(d: &DateMention) -> DateStyle {
        let name = d.month;
        let full = Date::month_from_name(name)
            .and_then(|m| Date::new(2000, m, 1))
            .is_some_and(|d| d.month_name() == name);
        if full {
            DateStyle::Long
        } else {
            DateStyle::Short { dot: d.dot }
        }
    }

    pub fn format(self, d: Date) -> String {
        match self {
            DateStyle::Long => d.long(),
            DateStyle::Short { dot } => {
                let dot = if dot { "." } else { "" };
                format!("{}{dot} {}, {}", &d.month_name()[..3], d.day, d.year)
            }
        }
    }
}

/// The style of the note's body dates (the first one), else the long style.
pub fn note_date_style(cx: &Context) -> DateStyle {
    *cx.memo.date_style.get_or_init(|| {
        dates(&cx.text[cx.doc.body.clone()])
            .next()
            .map_or(DateStyle::Long, |c| DateStyle::of(&c))
    })
}

/// The period end as the note writes dates, or `[date]`. Worked out once per note: several
/// rules' messages and templates quote it.
pub fn period_end_words<'a>(cx: &'a Context) -> &'a str {
    cx.memo
        .period_end_words
        .get_or_init(|| match cx.period.and_then(|p| p.end) {
            Some(end) => note_date_style(cx).format(end),
            None => "[date]".to_string(),
        })
}

/// The opening balance date (the day before the period starts), or `[date]`.
pub fn opening_words<'a>(cx: &'a Context) -> &'a str {
    cx.memo
        .opening_words
        .get_or_init(|| match cx.period.and_then(|p| p.start()) {
            Some(start) => note_date_style(cx).format(Date::from_days(start.days() - 1)),
            None => "[date]".to_string(),
        })
}

/// "six months ended June 30, 2023", "year ended December 31, 2024", or `[period]`.
pub fn period_words<'a>(cx: &'a Context) -> &'a str {
    cx.memo.period_words.get_or_init(|| {
        let Some(p) = cx.period else {
            return "[period]".to_string();
        };
        let end = period_end_words(cx);
        match p.months {
            Some(12) => format!("year ended {end}"),
            Some(3) => format!("three months ended {end}"),
            Some(6) => format!("six months ended {end}"),
            Some(9) => format!("nine months ended {end}"),
            Some(m) => format!("{m} months ended {end}"),
            None if p.is_annual() => format!("year ended {end}"),
            None => format!("[period] ended {end}"),
        }
    })
}

/// The note's own word for contract liabilities: the one it uses most, else "deferred revenue".
pub fn liability_term(cx: &Context) -> &'static str {
    cx.memo.liability_term.get_or_init(|| most_used_liability_term(cx))
}

fn most_used_liability_term(cx: &Context) -> &'static str {
    let body = cx.doc.body.clone();
    static DEFERRED: LazyLock<Pattern> = LazyLock::new(|| re(r"(?i)\bdeferred revenue"));
    static UNEARNED: LazyLock<Pattern> = LazyLock::new(|| re(r"(?i)\bunearned revenue"));
    static CONTRACT: LazyLock<Pattern> = LazyLock::new(|| re(r"(?i)\bcontract liabilit"));
    let count = |re: &Pattern, words: &str| match cx.lowered_text() {
        Some(lowered) => count_words_starting_words(&cx.text[body.clone()], &lowered[body.clone()], words),
        None => re.find_iter(&cx.text[body.clone()]).count(),
    };
    let counts = [
        (count(&DEFERRED, "deferred revenue"), "deferred revenue"),
        (count(&UNEARNED, "unearned revenue"), "unearned revenue"),
        (count(&CONTRACT, "contract liabilit"), "contract liabilities"),
    ];
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map_or("deferred revenue", |(_, t)| t)
}

/// How often `(?i)\bWORDS` matches in `text`, read off `lowered` (`text` with its ASCII letters
/// lowercased): `words` is lowercase ASCII without "k" or "s" (the letters other characters fold
/// to) and cannot overlap itself, so the matches are where `lowered` holds it after a non-word
/// character.
fn count_words_starting_words(text: &str, lowered: &str, words: &str) -> usize {
    memchr::memmem::find_iter(lowered.as_bytes(), words.as_bytes())
        .filter(|&at| !text[..at].chars().next_back().is_some_and(is_word_character))
        .count()
}

/// The end of the last content block of the first section whose title matches `title`.
pub fn section_end(cx: &Context, title: &Pattern) -> Option<usize> {
    let s = cx
        .doc
        .sections
        .iter()
        .find(|s| title.is_match(&cx.text[s.title.clone()]))?;
    cx.doc
        .content_blocks()
        .filter(|b| b.span.start >= s.span.start && b.span.end <= s.span.end)
        .map(|b| b.span.end)
        .max()
}

/// The end of the last block that has a unit matching every pattern in `all`. Its gates share
/// what they find with the other gates of the same patterns (see `last_block_end_saying`).
pub fn block_end_saying(cx: &Context, all: &[&Pattern]) -> Option<usize> {
    let mut gates: Vec<Gate> = all.iter().map(|p| Gate::new(cx, p)).collect();
    cx.doc
        .content_blocks()
        .filter(|b| {
            block_units(b).any(|u| {
                gates.iter_mut().all(|g| g.may_match(&u)) && all.iter().all(|re| re.is_match(&cx.text[u.clone()]))
            })
        })
        .map(|b| b.span.end)
        .last()
}

/// [`block_end_saying`] by trying blocks from the end, so the search stops at the last one: for
/// patterns other rules have not searched the note for already (the RPO's have been). Each
/// block is first asked of the patterns' lowercase copies on its own lowercased text: a copy has
/// no assertions, so it matches there wherever its pattern matches a unit of the block.
fn last_block_end_saying(cx: &Context, all: &[&Pattern]) -> Option<usize> {
    let lowered = cx.lowered_text().map(str::as_bytes);
    let may_say = |b: &Block| {
        all.iter().all(
            |p| match (p.lowered(), lowered.and_then(|text| text.get(b.span.clone()))) {
                (Some(copy), Some(text)) => copy.is_match(text),
                _ => true,
            },
        )
    };
    cx.doc
        .blocks
        .iter()
        .rev()
        .filter(|b| b.kind != BlockKind::Comment)
        .find(|b| may_say(b) && block_units(b).any(|u| all.iter().all(|re| re.is_match(&cx.text[u.clone()]))))
        .map(|b| b.span.end)
}

/// The end of the last block that speaks of contract liabilities, where several rules insert
/// their templates.
pub fn liability_block_end(cx: &Context) -> Option<usize> {
    *cx.memo
        .liability_block_end
        .get_or_init(|| last_block_end_saying(cx, &[&LIABILITY]))
}

/// The end of the note's last block (or of its body).
/// Where a template for an element that belongs at the top of the note goes: after the first
/// block below the title (the note's opening paragraph), else at the note's end.
pub fn after_opening_block(cx: &Context) -> usize {
    let title_end = cx.note_anchor().end;
    cx.doc
        .content_blocks()
        .find(|b| b.span.start > title_end)
        .map_or_else(|| note_end(cx), |b| b.span.end)
}

pub fn note_end(cx: &Context) -> usize {
    cx.doc
        .content_blocks()
        .map(|b| b.span.end)
        .max()
        .unwrap_or(cx.doc.body.end)
}

/// A finding for an element missing from the whole note: on the note's title, with a fix that
/// inserts `template` as a new paragraph at `at`. The template's placeholders are then flagged
/// by `placeholder` until the writer fills them in.
pub fn missing(cx: &Context, meta: &RuleMeta, message: String, template: String, at: usize) -> Finding {
    let mut f = cx.finding(meta, cx.note_anchor(), message);
    f.fix = Some(insert_paragraph(cx, at, &template, meta.id));
    f
}

pub fn insert_paragraph(cx: &Context, at: usize, template: &str, id: &str) -> Fix {
    let at = crate::position::floor_char_boundary(cx.text, at.min(cx.text.len()));
    Fix {
        title: ["Insert a template for `", id, "`"].concat(),
        edits: vec![Edit {
            span: at..at,
            new_text: ["\n\n", template].concat(),
        }],
    }
}

/// Amount facts of a concept.
pub fn amounts<'a>(cx: &'a Context, concept: Concept) -> impl Iterator<Item = (usize, &'a Fact)> + 'a {
    cx.facts
        .iter()
        .enumerate()
        .filter(move |(_, f)| f.kind == FactKind::Amount && f.is(concept))
}

/// A fix that inserts `sentence` right after the sentence ending at `at`, in the same paragraph.
pub fn insert_sentence(cx: &Context, at: usize, sentence: &str, id: &str) -> Fix {
    let at = crate::position::floor_char_boundary(cx.text, at.min(cx.text.len()));
    Fix {
        title: ["Insert a template for `", id, "`"].concat(),
        edits: vec![Edit {
            span: at..at,
            new_text: [" ", sentence].concat(),
        }],
    }
}

/// Whether the text is an SEC R page. The reader decides from the header; some real R pages frame
/// the header cells with hundreds of pipes the reader does not take for a header, so a text whose
/// first lines have a `Months Ended` line and an `[Abstract]` line counts too.
pub fn is_rpage(cx: &Context) -> bool {
    *cx.memo.rpage.get_or_init(|| reads_as_rpage(cx))
}

fn reads_as_rpage(cx: &Context) -> bool {
    if cx.doc.format == crate::reader::Format::RPage {
        return true;
    }
    // The first twelve lines, searched at once: neither phrase holds a line break. (The memchr
    // crate's search finds the line breaks of long lines faster than `str::match_indices`.)
    let text = cx.text.as_bytes();
    let head_end = memchr::memchr_iter(b'\n', text).nth(11).unwrap_or(text.len());
    let head = &text[..head_end];
    let has = |phrase: &str| memchr::memmem::find(head, phrase.as_bytes()).is_some();
    has("Months Ended") && has("[Abstract]")
}

/// Checks a pattern's needles: on texts made of `words` (in many orders), wherever the pattern
/// matches, one of its needles passes its check inside the match, so its [`Gate`] says yes.
#[cfg(test)]
pub fn assert_needles_cover(pattern: &Pattern, words: &[&str]) {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut matches = 0;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..12 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(words[(seed % words.len() as u64) as usize]);
        }
        let lowered = text.to_ascii_lowercase();
        for m in pattern.find_iter(&text) {
            let inside = pattern.needles.iter().any(|n| {
                let next = n.next(lowered.as_bytes(), m.start());
                next < m.end()
            });
            assert!(inside, "no needle inside {:?} in {text:?}", m.as_str());
            matches += 1;
        }
    }
    assert!(matches > 100, "the words make too few matches of {pattern:?}");
}

#[cfg(test)]
mod pattern_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn loose_copies() {
        assert_eq!(
            without_unicode_word_boundaries(r"(?i)\bRPO\b|[\b]x\\b"),
            Some((r"(?i)RPO|[\b]x\\b".to_string(), true))
        );
        assert_eq!(without_unicode_word_boundaries(r"^per\b"), None);
        assert_eq!(
            without_unicode_word_boundaries(r"[^.;]a"),
            Some((r"[^.;]a".to_string(), false))
        );
        assert_eq!(without_unicode_word_boundaries(r"(?-u:\b)a"), None);
    }

    const WORDS: &[&str] = &[
        "RPO",
        "rpo",
        "RPOs",
        "é",
        "’",
        "—",
        " ",
        "\n",
        "$",
        "1",
        "5.2",
        "million",
        "%",
        "remaining",
        "performance",
        "obligations",
        "deferred",
        "revenue",
        "contract",
        "liabilities",
        "backlog",
        "not",
        "material",
        "over time",
        "expect",
        "to",
        "recognize",
        "of",
        "|",
        "(",
        "12 months",
        "thereafter",
        "practical expedient",
        "ü",
        "_",
        "Deferred Revenue",
        "PRACTICAL EXPEDIENT",
        "June 30, 2023",
        "Sept. 1, 2022",
        "Backlog",
        // Letters `(?i)` matches for `k` and `s`: the gates then search the note itself.
        "\u{212A}",
        "\u{17F}",
    ];

    /// A note of [`WORDS`], where the three indices past them are a paragraph break, a sentence
    /// end and a table row.
    fn words_and_breaks(words: &[usize]) -> String {
        words
            .iter()
            .map(|&i| {
                WORDS
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| ["\n\n", ". ", "\n| a | $1 |\n"][i - WORDS.len()])
            })
            .collect()
    }

    const DATE_WORDS: &[&str] = &[
        "June",
        "Jun",
        "Jun.",
        "Sept",
        "Sept.",
        "Sep",
        "May",
        "March",
        "Mar",
        " ",
        "\n",
        "30",
        "1",
        "2023",
        "20234",
        ",",
        ", ",
        "é",
        "’",
        "a",
        "_",
        "x",
        "2",
        "June 30, 2023",
        "Sept. 1, 2022",
        "Dec 31,2021",
    ];

    /// Every rule pattern answers `is_match` as its regex does, and `for_text` finds the same
    /// matches and groups, on texts with and without non-ASCII word characters.
    #[test]
    fn patterns_answer_as_their_regex() {
        use crate::rules::lowered_copy::tests::{rule_patterns, texts};
        let (mut yes, mut ascii_bounds) = (0, 0);
        for source in rule_patterns() {
            let pattern = re(&source);
            let plain = Regex::new(pattern.as_str()).unwrap();
            for text in texts(&source) {
                let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                for (i, &start) in bounds.iter().enumerate().step_by(5) {
                    for &end in bounds[i..].iter().step_by(3) {
                        let t = &text[start..end];
                        let expected = plain.is_match(t);
                        assert_eq!(pattern.is_match(t), expected, "{source:?} on {t:?}");
                        let groups = |re: &Regex| -> Vec<Vec<Option<Range<usize>>>> {
                            re.captures_iter(t)
                                .map(|c| c.iter().map(|g| g.map(|g| g.range())).collect())
                                .collect()
                        };
                        assert_eq!(groups(pattern.for_text(t)), groups(&plain), "{source:?} on {t:?}");
                        yes += usize::from(expected);
                        ascii_bounds += usize::from(pattern.ascii_source.is_some() && word_characters_are_ascii(t));
                    }
                }
            }
        }
        assert!(
            yes > 10_000 && ascii_bounds > 10_000,
            "too few cases: {yes} matches, {ascii_bounds} ASCII"
        );
    }

    #[test]
    fn expedient_kind_words_are_in_every_match() {
        assert_words_in_every_match(&EXPEDIENT_KIND);
    }

    #[test]
    fn liability_words_are_in_every_match() {
        assert_words_in_every_match(&LIABILITY);
    }

    #[test]
    fn word_characters() {
        assert!(word_characters_are_ascii("the company’s revenue — net\u{a0}of"));
        assert!(!word_characters_are_ascii("the café"));
        assert_eq!(
            with_ascii_word_boundaries(r"(?i)\bRPO\B|[\b]"),
            Some(r"(?i)(?-u:\b)RPO(?-u:\B)|[\b]".to_string())
        );
        assert_eq!(with_ascii_word_boundaries(r"RPO"), None);
    }

    proptest! {
        /// One search for the odd letters' last bytes finds what a search for each letter finds.
        #[test]
        fn odd_letters_found_as_by_their_own_searches(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    &["\u{212A}", "\u{17F}", "\u{2122}", "\u{aa}", "\u{bf}", "\u{ff}", "\u{2019}", "\u{1bf}",
                      "\u{12a}", "\u{2128}", "s", "K", "x", " ", "é"][..],
                ),
                0..10,
            )
        ) {
            let text: String = pieces.concat();
            let has = |letter: &str| memchr::memmem::find(text.as_bytes(), letter.as_bytes()).is_some();
            prop_assert_eq!(has_odd_letters(&text), has("\u{212A}") || has("\u{17F}"));
        }

        /// The liability terms counted off the lowercased note match as often as their patterns.
        #[test]
        fn liability_terms_counted_as_their_patterns_match(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    &["Deferred Revenue", "deferred revenue", "Unearned", " revenue", "contract liabilit", "CONTRACT",
                      " LIABILITIES", "x", "_", "é", "’", " ", "\u{a0}", "1"][..],
                ),
                0..12,
            )
        ) {
            let text: String = pieces.concat();
            for (source, words) in [
                (r"(?i)\bdeferred revenue", "deferred revenue"),
                (r"(?i)\bunearned revenue", "unearned revenue"),
                (r"(?i)\bcontract liabilit", "contract liabilit"),
            ] {
                let expected = Regex::new(source).unwrap().find_iter(&text).count();
                prop_assert_eq!(count_words_starting_words(&text, &text.to_ascii_lowercase(), words), expected);
            }
        }

        /// Whatever order gates ask in, what `KnownStarts` answers is where the first match at or
        /// after the offset starts, as a search from there finds it.
        #[test]
        fn known_starts_answer_as_a_search(
            words in proptest::collection::vec(0..WORDS.len(), 0..40),
            offsets in proptest::collection::vec(0usize..400, 1..30),
        ) {
            let text: String = words.iter().map(|&i| WORDS[i]).collect::<String>().to_ascii_lowercase();
            let copy = RPO.lowered().unwrap();
            let search = |at: usize| copy.find_at(text.as_bytes(), at).map_or(usize::MAX, |m| m.start());
            let known = KnownStarts::default();
            for at in offsets {
                let at = at.min(text.len());
                let (from, next) = known.next_start(1, at, || search(at));
                prop_assert!(from <= at && at <= next);
                prop_assert_eq!(next, search(at));
                prop_assert_eq!(next, search(from));
            }
        }

        /// A gate answers a range as a gate that was asked nothing before does, whatever it was
        /// asked before and in whatever order (what it keeps between questions changes no answer).
        #[test]
        fn gate_answers_as_a_fresh_gate(
            words in proptest::collection::vec(0..WORDS.len(), 0..40),
            ranges in proptest::collection::vec((0usize..400, 0usize..60), 1..30),
        ) {
            let text: String = words.iter().map(|&i| WORDS[i]).collect();
            let doc = crate::reader::Document::read(&text, false);
            let config = crate::config::Config::default();
            let lowered = text.to_ascii_lowercase();
            let cx = Context::new(&text, &lowered, &doc, &[], None, &config);
            let needles = re_with_needles(
                r"(?i)\bdeferred revenues?\b|\bRPO\b",
                vec![Needle::new("deferred"), Needle::checked("rpo", |text, at| text.get(at + 3) != Some(&b'x'))],
            );
            for p in [&*RPO, &*LIABILITY, &*FIGURE, &*DATE, &needles] {
                let mut gate = Gate::new(&cx, p);
                for &(start, len) in &ranges {
                    let start = start.min(text.len());
                    let range = start..(start + len).min(text.len());
                    prop_assert_eq!(gate.may_match(&range), Gate::new(&cx, p).may_match(&range), "{:?}", range);
                }
            }
        }

        /// The searches that skip what gates rule out find what plain ones find: the search from
        /// the last block finds the block the forward search finds, and `find_unit` the first unit
        /// a walk over every unit finds.
        #[test]
        fn gated_searches_agree_with_plain_ones(
            words in proptest::collection::vec(0..WORDS.len() + 3, 0..60),
        ) {
            let text = words_and_breaks(&words);
            let doc = crate::reader::Document::read(&text, false);
            let config = crate::config::Config::default();
            let lowered = text.to_ascii_lowercase();
            let cx = Context::new(&text, &lowered, &doc, &[], None, &config);
            // `Context::units` lists them as the windows of no unit after.
            prop_assert_eq!(windows(&cx, 0).collect::<Vec<_>>(), units(&cx).collect::<Vec<_>>());
            for all in [&[&*LIABILITY][..], &[&*RPO], &[&*RPO, &*FIGURE], &[&*DATE, &*AMOUNT]] {
                prop_assert_eq!(last_block_end_saying(&cx, all), block_end_saying(&cx, all));
            }
            for all in [&[&*LIABILITY][..], &[&*RPO, &*FIGURE], &[&*FIGURE, &*RPO], &[&*DATE, &*AMOUNT, &*OMISSION]] {
                // (Compiled once, not per unit: a debug build's compile is slow.)
                let regexes: Vec<Regex> = all.iter().map(|p| Regex::new(p.as_str()).unwrap()).collect();
                let plain = units(&cx).find(|u| regexes.iter().all(|re| re.is_match(&text[u.clone()])));
                prop_assert_eq!(find_unit(&cx, all), plain);
            }
        }

        /// The fast date search finds exactly what `captures_iter` does, groups included.
        #[test]
        fn dates_agree_with_captures_iter(words in proptest::collection::vec(0..DATE_WORDS.len(), 0..30)) {
            let text: String = words.iter().map(|&i| DATE_WORDS[i]).collect();
            let fast: Vec<_> = dates(&text).collect();
            let plain: Vec<_> = DATE
                .captures_iter(&text)
                .map(|c| DateMention {
                    span: c.get(0).unwrap().range(),
                    month: c.get(1).unwrap().as_str(),
                    dot: !c[2].is_empty(),
                    day: c.get(3).unwrap().as_str(),
                    year: c.get(4).unwrap().as_str(),
                })
                .collect();
            prop_assert_eq!(fast, plain);
        }

        /// A pattern and its gate answer exactly as the plain regex does, on any part of any text.
        #[test]
        fn pattern_and_gate_agree_with_the_regex(words in proptest::collection::vec(0..WORDS.len(), 0..40), cut in 0usize..200) {
            let text: String = words.iter().map(|&i| WORDS[i]).collect();
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let doc = crate::reader::Document::read(&text, false);
            let config = crate::config::Config::default();
            let lowered = text.to_ascii_lowercase();
            let cx = Context::new(&text, &lowered, &doc, &[], None, &config);
            for p in [&*RPO, &*FIGURE, &*LIABILITY, &*AMOUNT, &*OMISSION, &*EXPEDIENT_KIND, &*LIABILITY_AS_RPO, &*DATE] {
                let plain = Regex::new(p.as_str()).unwrap();
                for range in [0..at, at..text.len(), 0..text.len()] {
                    let t = &text[range.clone()];
                    prop_assert_eq!(p.is_match(t), plain.is_match(t));
                    if plain.is_match(t) {
                        prop_assert!(Gate::new(&cx, p).may_match(&range));
                    }
                }
            }
        }
    }
}
