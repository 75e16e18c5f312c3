//! Table cells: every number is an amount, scaled by the caption in scope ("(in thousands)" in
//! the sentence introducing the table, a "(In millions)" cell, a "$ in Millions" page header).
//! Rows are classified by their label and dated by their column header ("June 30, 2023",
//! "Three Months Ended" + "2023 | 2022") or, in a roll-forward, by the balance rows around them.
//! Only rows whose label says plainly what they are get a concept: precision over recall.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use memchr::memmem;
use regex::Regex;

use super::bands;
use super::classify::{cue_automaton, says_remaining_obligations};
use super::dates::{self, month_number};
use super::money::{caption_scale, parse_cell};
use super::{Band, Concept, Fact, FactKind, ScaleSource};
use crate::date::Date;
use crate::reader::{is_ascii_space, BlockKind, Document, Period};

/// "December 31," without a year, as in "Year Ended December 31,".
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[a-zA-Z]*\.?\s+(\d{1,2})(?-u:\b),?").unwrap()
});

/// Whether `s` has a letter a month name of [`MONTH_DAY`] (or of a date, `scan_dates`) starts
/// with: every match has one, the names being ASCII and case-sensitive. Most cells are figures,
/// years or words without one, and the look costs less than a search's setup.
fn may_name_month(s: &str) -> bool {
    s.bytes()
        .any(|b| matches!(b, b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D'))
}

/// The first date a cell names. Every date starts with a month name, and those start with a
/// letter [`may_name_month`] looks for: most cells ("2023", "Total") need no search.
fn first_date(text: &str, cell: &Range<usize>) -> Option<Date> {
    let s = cell_text(text, cell);
    if !may_name_month(s) {
        return None;
    }
    dates::first_date(s)
}

/// Where [`MONTH_DAY`] first matches `s`. An ASCII text (nearly every header cell) is read by
/// hand, where the regex's search cost some thousand instructions a cell; elsewhere `\s` and
/// `\d` see more than ASCII, and the regex reads it.
fn find_month_day(s: &str) -> Option<Range<usize>> {
    if !s.is_ascii() {
        return MONTH_DAY.find(s).map(|m| m.range());
    }
    const NAMES: [&[u8; 3]; 24] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec", b"JAN", b"FEB",
        b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT", b"NOV", b"DEC",
    ];
    let b = s.as_bytes();
    let is_word = |k: usize| b.get(k).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let is_space = is_ascii_space;
    let count = |from: usize, class: fn(&u8) -> bool| b[from..].iter().take_while(|c| class(c)).count();
    for start in 0..b.len() {
        // `\b` then a month's name ("Sept" is "Sep" and a letter); most bytes are no first letter of one.
        if !matches!(b[start], b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D') {
            continue;
        }
        let Some(name) = b.get(start..start + 3) else {
            break;
        };
        if (start > 0 && is_word(start - 1)) || !NAMES.iter().any(|n| n[..] == *name) {
            continue;
        }
        // `[a-zA-Z]*\.?\s+`: the letters and the stop cannot give anything back to `\s`.
        let mut k = start + 3 + count(start + 3, u8::is_ascii_alphabetic);
        if b.get(k) == Some(&b'.') {
            k += 1;
        }
        let space = b[k..].iter().take_while(|&&c| is_space(c)).count();
        if space == 0 {
            continue;
        }
        k += space;
        // `(\d{1,2})\b`: one or two digits, then no word character (with three digits, neither
        // split leaves a boundary).
        let digits = count(k, u8::is_ascii_digit);
        if !(1..=2).contains(&digits) || is_word(k + digits) {
            continue;
        }
        k += digits;
        if b.get(k) == Some(&b',') {
            k += 1;
        }
        return Some(start..k);
    }
    None
}

/// The month and day of a [`MONTH_DAY`] match, read from its text: the month's first three
/// letters, then the digits after the white space.
fn month_day_of(found: &str) -> Option<(u32, u32)> {
    let month = month_number(found.get(..3)?)?;
    let day = found.trim_end_matches(',').rsplit(char::is_whitespace).next()?;
    Some((month, day.parse().ok()?))
}

const LIABILITY_WORDS: &[&str] = &[
    "deferred revenue",
    "contract liabilit",
    "unearned revenue",
    "deferred income",
];
/// A searcher for each word of [`LIABILITY_WORDS`], built once (a `contains` built one for
/// each word, each time: for the row labels and the caption of every table). One search for all
/// the words (aho-corasick) measured slower: their common first letters defeat its prefilter.
static LIABILITY_FINDERS: LazyLock<Vec<memmem::Finder<'static>>> =
    LazyLock::new(|| LIABILITY_WORDS.iter().map(memmem::Finder::new).collect());

/// Whether `lower` holds a word of [`LIABILITY_WORDS`].
fn says_liability(lower: &str) -> bool {
    LIABILITY_FINDERS.iter().any(|f| f.find(lower.as_bytes()).is_some())
}

const FLOW_WORDS: &[&str] = &[
    "recogni",
    "addition",
    "increase",
    "decrease",
    "change",
    "cash received",
    "billing",
    "payment",
    "reclass",
    "acquisition",
    "foreign",
    "currency",
    "other",
    "amortiz",
    "impair",
    "deferral",
    "current",
    "long-term",
    "short-term",
    "net of",
    "write",
];

/// Period lengths a header cell names, any case, each with its months.
const LENGTH_WORDS: &[(&str, u32)] = &[
    ("three months", 3),
    ("quarter", 3),
    ("13 weeks", 3),
    ("six months", 6),
    ("26 weeks", 6),
    ("nine months", 9),
    ("39 weeks", 9),
    ("year", 12),
    ("twelve months", 12),
    ("52 weeks", 12),
];
static LENGTHS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .prefilter(false)
        .kind(Some(AhoCorasickKind::DFA))
        .build(LENGTH_WORDS.iter().map(|(w, _)| w))
        .expect("length words are plain literals")
});

/// Whether `cell` may hold a word of [`LENGTH_WORDS`]: each has a "q" (quarter), "k" (weeks),
/// "h" (months) or "y" (year), which the automaton matches only as these ASCII letters. Most
/// header cells ("December 31,", "2023") have none, and the look costs less than a search's set-up.
fn may_name_length(cell: &str) -> bool {
    cell.bytes()
        .any(|b| matches!(b.to_ascii_lowercase(), b'q' | b'k' | b'h' | b'y'))
}

/// The period length a header cell names; of several, the shortest ("Three Months Ended ...
/// Year" is a quarter).
fn length_in(cell: &str) -> Option<u32> {
    if !may_name_length(cell) {
        return None;
    }
    LENGTHS
        .find_overlapping_iter(cell)
        .map(|m| LENGTH_WORDS[m.pattern().as_usize()].1)
        .min()
}

fn is_year(v: f64, cell: &str) -> bool {
    (1990.0..=2100.0).contains(&v) && v.fract() == 0.0 && !cell.bytes().any(|b| b == b'$' || b == b',')
}

struct Columns {
    /// Per value column (right-aligned to the row's cells after the label).
    dates: Vec<Option<Date>>,
    months: Vec<Option<u32>>,
    /// Time bands of the columns ("Within 1 year | 1-3 years | Thereafter").
    bands: Vec<Option<Band>>,
}

fn cell_text<'t>(text: &'t str, r: &Range<usize>) -> &'t str {
    &text[r.clone()]
}

/// What a header cell's bytes may hold, each bit a look that lets one search through.
#[derive(Clone, Copy)]
struct Looks(u8);

impl Looks {
    /// A letter a month name starts with ([`may_name_month`]).
    const MONTH: u8 = 1 << 0;
    /// An ASCII digit: a year or day is read only from those.
    const DIGIT: u8 = 1 << 1;
    /// A letter every length word has ([`may_name_length`]).
    const LENGTH: u8 = 1 << 2;
    /// A first letter of a band's key word ("month", "year", "thereafter") in any case, or a
    /// byte outside ASCII: without one [`bands::may_have_band`] says no.
    const BAND: u8 = 1 << 3;

    /// Whether every look of `bits` lets the cell through.
    fn has(self, bits: u8) -> bool {
        self.0 & bits == bits
    }
}

/// The looks of each byte.
static BYTE_LOOKS: [u8; 256] = {
    let mut looks = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let lower = c.to_ascii_lowercase();
        if matches!(c, b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D') {
            looks[b] |= Looks::MONTH;
        }
        if c.is_ascii_digit() {
            looks[b] |= Looks::DIGIT;
        }
        if matches!(lower, b'q' | b'k' | b'h' | b'y') {
            looks[b] |= Looks::LENGTH;
        }
        if matches!(lower, b'm' | b'y' | b't') || !c.is_ascii() {
            looks[b] |= Looks::BAND;
        }
        b += 1;
    }
    looks
};

/// Every look of a cell, in one pass over its bytes (a cell is looked at for each of them).
fn cell_looks(cell: &str) -> Looks {
    Looks(cell.bytes().fold(0, |looks, b| looks | BYTE_LOOKS[usize::from(b)]))
}

/// Header lines (the short lines just before the table, and its rows before the first figure)
/// → a date and a period length per column.
fn columns<'h>(
    text: &str,
    lowered: &str,
    header_lines: impl Iterator<Item = &'h [Range<usize>]> + Clone,
    note_end: Option<Date>,
) -> Columns {
    // Bare years ("2025 | 2024 | 2023") end on the note's fiscal month and day unless a header
    // line names another ("Year Ended December 31,").
    let mut month_day: Option<(u32, u32)> = note_end.map(|d| (d.month, d.day));
    for line in header_lines.clone() {
        for c in line.iter() {
            let cell = cell_text(text, c);
            // A day that is no ASCII number is not read (`month_day_of`), so a cell without an
            // ASCII digit gives none.
            if !cell_looks(cell).has(Looks::MONTH | Looks::DIGIT) {
                continue;
            }
            if let Some(found) = find_month_day(cell).and_then(|m| month_day_of(&cell[m])) {
                month_day = Some(found);
            }
        }
    }
    let mut dates: Vec<Option<Date>> = Vec::new();
    let mut months: Vec<Option<u32>> = Vec::new();
    let mut band_row: Vec<Option<Band>> = Vec::new();
    // Each line's bands, dates and lengths, in lists reused from line to line (a line that has
    // more than those before it swaps its list in).
    let (mut line_bands, mut line_dates, mut line_months) = (Vec::new(), Vec::new(), Vec::new());
    for line in header_lines {
        let mut previous: Option<Band> = None;
        line_bands.clear();
        line_dates.clear();
        line_months.clear();
        // Each cell's bytes read once for what they may hold; most searches are turned away.
        for c in line.iter() {
            let s = cell_text(text, c);
            let looks = cell_looks(s);
            if !s.is_empty() {
                let band = looks
                    .has(Looks::BAND)
                    .then(|| first_band(text, lowered, c, previous))
                    .flatten()
                    .or_else(|| {
                        looks
                            .has(Looks::DIGIT)
                            .then(|| future_year_band(text, c, note_end))
                            .flatten()
                    });
                previous = band.or(previous);
                line_bands.push(band);
            }
            if let Some(date) = looks.has(Looks::MONTH).then(|| dates::first_date(s)).flatten() {
                line_dates.push(Some(date));
            } else if let (true, Some((mo, d))) = (looks.has(Looks::DIGIT), month_day) {
                if let Ok(y) = s.trim().parse::<i32>() {
                    if (1990..=2100).contains(&y) {
                        line_dates.push(Date::new(y, mo, d));
                    }
                }
            }
            if looks.has(Looks::LENGTH) {
                line_months.extend(length_in(s).map(Some));
            }
        }
        if line_bands.iter().filter(|b| b.is_some()).count() >= 2 {
            std::mem::swap(&mut band_row, &mut line_bands);
        }
        if line_dates.len() >= dates.len() && !line_dates.is_empty() {
            std::mem::swap(&mut dates, &mut line_dates);
        }
        if !line_months.is_empty() {
            std::mem::swap(&mut months, &mut line_months);
        }
    }
    // Group headers ("Three Months Ended | Six Months Ended") span their share of the columns.
    if !months.is_empty() && dates.len() > months.len() && dates.len() % months.len() == 0 {
        let share = dates.len() / months.len();
        months = months.iter().flat_map(|m| std::iter::repeat_n(*m, share)).collect();
    } else if months.len() == 1 && dates.len() > 1 {
        months = vec![months[0]; dates.len()];
    }
    Columns {
        dates,
        months,
        bands: band_row,
    }
}

/// The first time band a cell names, after the band `previous`; cells the look of
/// [`bands::may_have_band`] turns away are not searched.
fn first_band(text: &str, lowered: &str, cell: &Range<usize>, previous: Option<Band>) -> Option<Band> {
    if !bands::may_have_band(cell_text(lowered, cell)) {
        return None;
    }
    let mut found = Vec::new();
    bands::scan(text, cell.clone(), previous, &mut found);
    found.first().map(|b| b.band)
}

/// A column headed by a fiscal year after the note's ("2025 | 2026 | Thereafter" in a table of
/// remaining performance obligations at September 30, 2024) is the band of that year: 2025 =
/// months 1–12, 2026 = 13–24.
fn future_year_band(text: &str, cell: &Range<usize>, note_end: Option<Date>) -> Option<Band> {
    let mut year = cell_text(text, cell).trim();
    // As `trim_start_matches("Fiscal ")`, without building a substring searcher for each cell.
    while let Some(rest) = year.strip_prefix("Fiscal ") {
        year = rest;
    }
    let year: i32 = year.trim().parse().ok()?;
    let ahead = u32::try_from(year - note_end?.year)
        .ok()
        .filter(|k| (1..=10).contains(k))?;
    Some(Band {
        from_month: (ahead - 1) * 12 + 1,
        to_month: Some(ahead * 12),
    })
}

/// How many blocks before a table its caption (its scale) is looked for in. No table reads
/// further back: the facts of a part of the note depend on this many blocks before it
/// (`parts.rs`).
pub(super) const LOOK_BACK: usize = 3;
/// How many blocks before a table its column header and caption words are read from.
const HEADER_BLOCKS: usize = 2;
const _: () = assert!(HEADER_BLOCKS <= LOOK_BACK);

fn caption_multiplier(text: &str, doc: &Document, index: usize) -> Option<f64> {
    let block = &doc.blocks[index];
    for row in block.rows.iter().take(3) {
        for c in &row.cells {
            if let Some(m) = caption_scale(cell_text(text, c)) {
                return Some(m);
            }
        }
    }
    for b in doc.blocks[..index].iter().rev().take(LOOK_BACK) {
        if b.kind == BlockKind::Table {
            break;
        }
        if let Some(m) = caption_scale(&text[b.span.clone()]) {
            return Some(m);
        }
    }
    None
}

/// The short lines just before the table that name its columns ("Year Ended December 31,"):
/// how many of the blocks right before it are such lines.
fn header_blocks(text: &str, lowered: &str, doc: &Document, index: usize) -> usize {
    doc.blocks[..index]
        .iter()
        .rev()
        .take(HEADER_BLOCKS)
        .take_while(|b| {
            let s = &text[b.span.clone()];
            s.len() < 80
                && b.kind != BlockKind::Table
                && ({
                    let lower = &lowered[b.span.clone()];
                    lower.contains("ended")
                        || lower.contains("as of")
                        || may_name_month(s) && find_month_day(s).is_some()
                })
                && !s.trim_end().ends_with('.')
        })
        .count()
}

/// A cell read as an amount: its value as written and the span of the figure.
type Figure = Option<(f64, Range<usize>)>;

fn note_months(note: Option<&Period>) -> Option<u32> {
    note.and_then(|p| p.months.or(if p.is_annual() { Some(12) } else { None }))
}

/// `lowered` is `text` with its ASCII letters lowercased.
pub fn extract(
    text: &str,
    lowered: &str,
    doc: &Document,
    index: usize,
    note: Option<&Period>,
    page_scale: Option<f64>,
    out: &mut Vec<Fact>,
) {
    let block = &doc.blocks[index];
    let (multiplier, scale) = match caption_multiplier(text, doc, index).or(page_scale) {
        Some(m) => (m, ScaleSource::Heading),
        None => (1.0, ScaleSource::Assumed),
    };
    // Every cell read once, into one list: a row's figures are `figures[start..]`, one a cell (a
    // list per row cost an allocation each).
    let mut figures: Vec<Figure> = Vec::with_capacity(block.rows.iter().map(|r| r.cells.len()).sum());
    // The rows with figures: each row's index, where its figures start and (filled below) what
    // its label says.
    let mut data_rows: Vec<(usize, usize, u16)> = Vec::with_capacity(block.rows.len());
    // The rows before the first data row (all of them in a table without one) head the columns.
    let mut header_rows = 0;
    for (k, row) in block.rows.iter().enumerate() {
        let start = figures.len();
        figures.extend(row.cells.iter().map(|c| parse_cell(text, c.clone())));
        // Whether the row has numbers, and whether they are all years.
        let (mut numbers, mut years) = (false, true);
        for (c, figure) in row.cells.iter().zip(&figures[start..]) {
            if let Some((v, _)) = figure.clone().or_else(|| percent_cell(text, c.clone())) {
                numbers = true;
                years &= is_year(v, cell_text(text, c));
            }
        }
        let years_only = numbers && years;
        if data_rows.is_empty() && (!numbers || years_only) {
            header_rows = k + 1;
        } else if numbers && !years_only {
            data_rows.push((k, start, 0));
        }
    }
    let figures_of = |k: usize, start: usize| &figures[start..start + block.rows[k].cells.len()];
    let header_lines = doc.blocks[index - header_blocks(text, lowered, doc, index)..index]
        .iter()
        .map(|b| std::slice::from_ref(&b.span))
        .chain(block.rows[..header_rows].iter().map(|r| &r.cells[..]));
    let cols = columns(text, lowered, header_lines, note.and_then(|p| p.end));
    // The row labels, one a line, then the caption words (the blocks before the table, nearest
    // first) after a line break of their own: one text sized once (growing it cost a
    // reallocation every few rows) for the label words and one search of the RPO words.
    let labels = || {
        block
            .rows
            .iter()
            .map(|r| r.cells.first().map_or("", |c| cell_text(lowered, c)))
    };
    let caption = || {
        doc.blocks[..index]
            .iter()
            .rev()
            .take(HEADER_BLOCKS)
            .map(|b| &lowered[b.span.clone()])
    };
    let mut table_lower = String::with_capacity(
        labels().map(|label| label.len() + 1).sum::<usize>() + caption().map(str::len).sum::<usize>(),
    );
    for (k, label) in labels().enumerate() {
        if k > 0 {
            table_lower.push('\n');
        }
        table_lower.push_str(label);
    }
    let labels_end = table_lower.len();
    table_lower.push('\n');
    let caption_start = table_lower.len();
    caption().for_each(|words| table_lower.push_str(words));
    // What the data rows' labels say, and what any label says (no list for every row's).
    let mut any_label_says = 0;
    let mut next_data_row = 0;
    labels_say(&table_lower[..labels_end], |k, bits| {
        any_label_says |= bits;
        // Lines come in order: the data rows before line k are done with.
        while data_rows.get(next_data_row).is_some_and(|&(row, _, _)| row < k) {
            next_data_row += 1;
        }
        if let Some((row, _, said)) = data_rows.get_mut(next_data_row) {
            if *row == k {
                *said |= bits;
            }
        }
    });
    // (The labels' liability words are those of [`says::LIABILITY`].)
    let about_liability = any_label_says & says::LIABILITY != 0 || says_liability(&table_lower[caption_start..]);
    // No RPO word holds a line break, and one reads a line break as the start or end of a
    // text: one search of the labels and caption says what a search of each would.
    let about_rpo = says_remaining_obligations(&table_lower);
    let note_end = note.and_then(|p| p.end);
    let mut rpo_total: Option<usize> = None;
    // Rows whose label carries a date: the balances of a roll-forward ("Balance at December 31, 2022").
    // Read only for a table with a row of revenue recognized from the liability (most have none).
    let read_balance_dates: OnceCell<Vec<(usize, Date)>> = OnceCell::new();
    let balance_dates = || {
        read_balance_dates.get_or_init(|| {
            block
                .rows
                .iter()
                .enumerate()
                .filter_map(|(k, r)| {
                    let label = r.cells.first()?;
                    first_date(text, label).map(|date| (k, date))
                })
                .collect()
        })
    };

    // Every fact of the table is a figure of a data row: room for them at once (the note's list
    // grew a step at a time, copying every fact before at each step).
    out.reserve(data_rows.iter().map(|&(k, start, _)| figures_of(k, start).len()).sum());
    let mut previous_row_band: Option<Band> = None;
    for &(k, start, said) in &data_rows {
        let row = &block.rows[k];
        let label_is_text = row
            .cells
            .first()
            .is_some_and(|c| figures_of(k, start)[0].is_none() && !cell_text(text, c).is_empty());
        let label = if label_is_text {
            cell_text(lowered, &row.cells[0])
        } else {
            ""
        };
        let first_value = usize::from(label_is_text);
        let value_cells: &[Range<usize>] = &row.cells[first_value..];
        let value_figures = &figures_of(k, start)[first_value..];
        let n = value_cells.len();
        let concept = row_concept(label, said, about_liability);
        // In a table of remaining performance obligations, a row or column named by a time band
        // ("Next 12 months", "13 to 36 months", "Thereafter") holds the RPO of that band.
        let row_band = if about_rpo && label_is_text {
            first_band(text, lowered, &row.cells[0], previous_row_band)
        } else {
            None
        };
        if row_band.is_some() {
            previous_row_band = row_band;
        }
        // Columns that are time bands make every row of a table about remaining performance
        // obligations an amount of them (by product line, then the total).
        let band_columns = cols.bands.iter().filter(|b| b.is_some()).count() >= 2;
        let rpo_row = about_rpo
            && concept.is_none()
            && (row_band.is_some() || band_columns || label.starts_with("total") || says_remaining_obligations(label));
        for (j, c) in value_cells.iter().enumerate() {
            if rpo_row {
                if let Some((fraction, span)) = percent_cell(text, c.clone()) {
                    let mut f = Fact::bare(FactKind::Percent, span, fraction);
                    let band = row_band.or(aligned(&cols.bands, n, j));
                    if let Some(band) = band {
                        f.concept = Some(Concept::RevenueRemainingPerformanceObligationPercentage);
                        f.band = Some(band);
                        f.date = aligned(&cols.dates, n, j).or(note_end);
                        f.parent = rpo_total;
                    }
                    out.push(f);
                    continue;
                }
            }
            let Some((v, span)) = value_figures[j].clone() else {
                continue;
            };
            let mut fact = Fact::amount(span, v * multiplier, multiplier, scale);
            // Right-align the header's columns with the row's.
            let col_date: Option<Date> = aligned(&cols.dates, n, j);
            let col_months: Option<u32> = aligned(&cols.months, n, j);
            match concept {
                Some(Concept::ContractWithCustomerLiabilityRevenueRecognized) => {
                    let balance_dates = balance_dates();
                    let next_balance = balance_dates.iter().find(|(r, _)| *r > k).map(|(_, d)| *d);
                    let prev_balance = balance_dates.iter().rev().find(|(r, _)| *r < k).map(|(_, d)| *d);
                    let end = col_date
                        .or(next_balance)
                        .or_else(|| if n == 1 { note.and_then(|p| p.end) } else { None });
                    if let Some(end) = end {
                        let months = col_months.or(note_months(note)).unwrap_or(12);
                        let start = match (col_date, prev_balance) {
                            (None, Some(p)) => Date::from_days(p.days() + 1),
                            _ => Date::from_days(end.add_months(-(months as i32)).days() + 1),
                        };
                        fact.value = fact.value.abs();
                        fact.concept = concept;
                        fact.period = Some((start, end));
                    }
                }
                Some(c) => {
                    let date = col_date.or_else(|| first_date(text, &row.cells[0]));
                    // "Deferred revenue, beginning of year" in a column of the year ended
                    // December 31, 2023 is the balance at December 31, 2022.
                    let opening = c.is_instant()
                        && col_date.is_some()
                        && (label.contains("beginning of") || label.contains("opening"));
                    let date = match (opening, col_months.or(note_months(note))) {
                        (true, Some(months)) => date.map(|d| d.add_months(-(months as i32))),
                        (true, None) => None,
                        (false, _) => date,
                    };
                    if let Some(date) = date {
                        fact.concept = Some(c);
                        fact.date = Some(date);
                    }
                }
                None if rpo_row => {
                    let column_band = aligned(&cols.bands, n, j);
                    let band = row_band.or(column_band);
                    fact.concept = Some(Concept::RevenueRemainingPerformanceObligation);
                    // Columns named by future years are bands, not the dates of the amounts.
                    fact.date = if column_band.is_some() || band_columns {
                        note_end.or(col_date)
                    } else {
                        col_date.or(note_end)
                    };
                    fact.band = band;
                    if band.is_none() {
                        rpo_total = Some(out.len());
                    }
                }
                None => {}
            }
            out.push(fact);
        }
    }
}

/// A cell that is a percentage: "65%", "65 %".
fn percent_cell(text: &str, cell: Range<usize>) -> Option<(f64, Range<usize>)> {
    let s = &text[cell.clone()];
    let t = s.trim();
    let number = t.strip_suffix('%')?.trim_end();
    let v: f64 = number.parse().ok()?;
    let start = cell.start + (s.len() - s.trim_start().len());
    Some((v / 100.0, start..start + t.len()))
}

/// Column `j` of `n` value cells, with the header's columns right-aligned to them (tables lose
/// their leading blank header cell).
fn aligned<T: Copy>(list: &[Option<T>], n: usize, j: usize) -> Option<T> {
    let offset = n.checked_sub(list.len())?;
    j.checked_sub(offset).and_then(|i| list.get(i).copied().flatten())
}

/// "Revenue recognized from amounts billed during the year": out of this period's billings.
const NEW_BILLINGS_WORDS: &[&str] = &[
    "billed during",
    "billings during",
    "invoiced during",
    "during the",
    "current period",
    "current year",
    "new billings",
];

/// The word lists a row label is read by, each a bit of [`label_says`].
mod says {
    pub const LIABILITY: u16 = 1 << 0;
    pub const FLOW: u16 = 1 << 1;
    pub const NEW_BILLINGS: u16 = 1 << 2;
    pub const LIABILITY_ROW: u16 = 1 << 3;
    pub const ASSET_ROW: u16 = 1 << 4;
    pub const RECEIVABLE_ROW: u16 = 1 << 5;
    pub const CONTRACT_COST_ROW: u16 = 1 << 6;
    pub const EXPECT: u16 = 1 << 7;
    pub const RECOGNI: u16 = 1 << 8;
    pub const BEGINNING: u16 = 1 << 9;
    pub const OPENING: u16 = 1 << 10;
    pub const INCLUDED_IN: u16 = 1 << 11;
    pub const AMORTIZ: u16 = 1 << 12;
}

const LABEL_WORD_LISTS: &[(&[&str], u16)] = &[
    (LIABILITY_WORDS, says::LIABILITY),
    (FLOW_WORDS, says::FLOW),
    (NEW_BILLINGS_WORDS, says::NEW_BILLINGS),
    (
        &[
            "contract liabilit",
            "deferred revenue",
            "unearned revenue",
            "billings in excess of",
        ],
        says::LIABILITY_ROW,
    ),
    (&["contract asset"], says::ASSET_ROW),
    (
        &["unbilled receivable", "accounts receivable, net", "accounts receivable"],
        says::RECEIVABLE_ROW,
    ),
    (
        &["commission", "contract cost", "costs to obtain", "acquisition cost"],
        says::CONTRACT_COST_ROW,
    ),
    (&["expect"], says::EXPECT),
    (&["recogni"], says::RECOGNI),
    (&["beginning"], says::BEGINNING),
    (&["opening"], says::OPENING),
    (&["included in"], says::INCLUDED_IN),
    (&["amortiz"], says::AMORTIZ),
];

/// Every word of [`LABEL_WORD_LISTS`] once, with the bits of the lists it is in.
static LABEL_WORDS: LazyLock<(AhoCorasick, Vec<u16>)> = LazyLock::new(|| {
    let mut words: Vec<(&str, u16)> = Vec::new();
    for &(list, bit) in LABEL_WORD_LISTS {
        for &w in list {
            match words.iter_mut().find(|(known, _)| *known == w) {
                Some((_, bits)) => *bits |= bit,
                None => words.push((w, bit)),
            }
        }
    }
    (
        cue_automaton(words.iter().map(|(w, _)| w)),
        words.iter().map(|(_, bits)| *bits).collect(),
    )
});

/// Which word lists a (lowercase) row label has a word of, in one pass over it.
#[cfg(test)]
fn label_says(label: &str) -> u16 {
    let (automaton, bits) = &*LABEL_WORDS;
    automaton
        .find_overlapping_iter(label)
        .fold(0, |found, m| found | bits[m.pattern().as_usize()])
}

/// [`label_says`] of each of the (lowercase) labels `joined` one a line, in one pass over them
/// all: `said(line, bits)` for each word found, in the order of the lines. No word holds a line
/// break, so each match lies in one label: the line breaks before its end tell which.
fn labels_say(joined: &str, mut said: impl FnMut(usize, u16)) {
    let (automaton, bits) = &*LABEL_WORDS;
    let (mut line, mut counted_to) = (0, 0);
    // Overlapping matches come in the order of their ends.
    for m in automaton.find_overlapping_iter(joined) {
        line += memchr::memchr_iter(b'\n', &joined.as_bytes()[counted_to..m.end()]).count();
        counted_to = m.end();
        said(line, bits[m.pattern().as_usize()]);
    }
}

/// What a row is, by its label and what the label says (`found`, [`label_says`]).
/// `about_liability`: the table is about deferred revenue or contract liabilities (a roll-forward
/// whose "Revenue recognized" row is out of that liability).
fn row_concept(label: &str, found: u16, about_liability: bool) -> Option<Concept> {
    let has = |list: u16| found & list != 0;
    if label.is_empty() || has(says::EXPECT) {
        return None;
    }
    let liability = has(says::LIABILITY);
    let recognized = has(says::RECOGNI);
    // "Revenue recognized from amounts billed during the year": out of this period's billings,
    // not out of the opening balance.
    let from_new_billings = !has(says::BEGINNING) && !has(says::OPENING) && has(says::NEW_BILLINGS);
    if from_new_billings {
        return None;
    }
    if (recognized && (liability || has(says::BEGINNING)))
        || (has(says::INCLUDED_IN) && liability)
        || (recognized && about_liability && label.trim_start().starts_with("revenue recogni"))
    {
        return Some(Concept::ContractWithCustomerLiabilityRevenueRecognized);
    }
    let flow = has(says::FLOW);
    let plain = |list: u16| has(list) && !flow;
    // Construction accounting's name for the liability ("billing" is otherwise a flow word).
    if label.starts_with("billings in excess of") && !recognized {
        return Some(Concept::ContractWithCustomerLiability);
    }
    if plain(says::LIABILITY_ROW) || (about_liability && label.starts_with("balance") && !flow) {
        return Some(Concept::ContractWithCustomerLiability);
    }
    if plain(says::ASSET_ROW) {
        return Some(Concept::ContractWithCustomerAssetNet);
    }
    if plain(says::RECEIVABLE_ROW) {
        return Some(Concept::AccountsReceivableNetCurrent);
    }
    if has(says::AMORTIZ) && has(says::CONTRACT_COST_ROW) {
        return Some(Concept::CapitalizedContractCostAmortization);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::dates::scan_dates;
    use super::*;

    #[test]
    fn rpo_table_by_band() {
        use crate::reader::{PeriodKind, PeriodSource};
        let text = "The following table presents our remaining performance obligations (in millions):\n\nNext 12 months | $600 | 60%\n13 to 36 months | 300 | 30%\nThereafter | 100 | 10%\nTotal | $1,000 | 100%\n";
        let doc = Document::read(text, false);
        let end = Date::new(2023, 12, 31);
        let period = Period {
            months: Some(12),
            end,
            kind: Some(PeriodKind::Annual),
            source: PeriodSource::Config,
        };
        let facts = super::super::extract(text, &text.to_ascii_lowercase(), &doc, Some(&period));
        let rpo: Vec<(f64, Option<Band>)> = facts
            .iter()
            .filter(|f| f.is(Concept::RevenueRemainingPerformanceObligation))
            .map(|f| (f.value, f.band))
            .collect();
        assert_eq!(rpo.len(), 4, "{rpo:?}");
        assert_eq!(
            rpo[0],
            (
                600e6,
                Some(Band {
                    from_month: 1,
                    to_month: Some(12)
                })
            )
        );
        assert_eq!(
            rpo[2],
            (
                100e6,
                Some(Band {
                    from_month: 37,
                    to_month: None
                })
            )
        );
        assert_eq!(rpo[3], (1000e6, None));
        let pct = facts
            .iter()
            .filter(|f| f.is(Concept::RevenueRemainingPerformanceObligationPercentage))
            .count();
        assert_eq!(pct, 3);
    }

    #[test]
    fn fiscal_prefixes_are_stripped_as_before() {
        let end = Date::new(2024, 9, 30);
        for cell in [
            "2025",
            " Fiscal 2026 ",
            "Fiscal Fiscal 2027",
            "Fiscal  2025",
            "Fiscal2025",
            "FY 2025",
            "fiscal 2025",
            "Fiscal ",
            "",
            "2024",
            "\u{a0}Fiscal 2030",
        ] {
            let old = cell.trim().trim_start_matches("Fiscal ").trim().parse::<i32>().ok();
            let band = future_year_band(cell, &(0..cell.len()), end);
            let from_old = old.and_then(|year| {
                let ahead = u32::try_from(year - 2024).ok().filter(|k| (1..=10).contains(k))?;
                Some((ahead - 1) * 12 + 1)
            });
            assert_eq!(band.map(|b| b.from_month), from_old, "{cell:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// A cell the month look turns away has no date and no month and day.
        #[test]
        fn cells_without_a_month_letter_name_no_date(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "december", "DECEMBER", "December", "june", "Sept.", "dec", " ", "\u{a0}", "31", ",", "2023", "1",
                "Year Ended", "year ended", "ſ", "\u{661}\u{662}",
            ]),
            0..8,
        )) {
            let s: String = pieces.concat();
            if !may_name_month(&s) {
                let mut found = Vec::new();
                scan_dates(&s, 0..s.len(), &[], &[], &mut found);
                proptest::prop_assert!(found.is_empty(), "{:?}", s);
                proptest::prop_assert!(!MONTH_DAY.is_match(&s), "{:?}", s);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The hand reading of a month and day finds the regex's first match.
        #[test]
        fn month_day_is_the_regex_match(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "Dec", "DEC", "December", "dec", "Sept", "SEPT.", "May", "Jun.", "Ended ", "ember", ".", " ", "  ",
                "\t", "\x0b", "\n", "\u{a0}", "3", "31", "2023", ",", "_", "x", "-", "(", "\u{661}", "é", "st",
            ]),
            0..8,
        )) {
            let s: String = pieces.concat();
            proptest::prop_assert_eq!(find_month_day(&s), MONTH_DAY.find(&s).map(|m| m.range()), "{:?}", s);
        }
    }

    #[test]
    fn month_days_read_as_the_regex_reads_them() {
        for s in [
            "Year Ended December 31,",
            "Dec. 31, 2023",
            "DEC 3",
            "Sept 30",
            "Dec 311",
            "Dec 31st",
            "xDec 31",
            "_Dec 31",
            "Dec31",
            "Dec.31",
            "December 31 and June 30",
            "Decx 5,",
            "",
            "De",
        ] {
            assert_eq!(find_month_day(s), MONTH_DAY.find(s).map(|m| m.range()), "{s:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// A header cell the length look turns away holds no length word.
        #[test]
        fn cells_without_a_length_letter_name_no_length(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "three", "months", "MONTHS", "quarter", "QUARTER", "13", "26", "52", "weeks", "WEEKS", "year",
                "Year", "twelve", "six", "nine", "39", " ", "\u{a0}", "ended", "December", "31", ",", "2023", "ſ",
                "\u{212a}",
            ]),
            0..8,
        )) {
            let s: String = pieces.concat();
            if !may_name_length(&s) {
                proptest::prop_assert!(LENGTHS.find_overlapping_iter(&s).next().is_none(), "{:?}", s);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// A cell's looks in one pass say what each look says of it (the band look: at least).
        #[test]
        fn cell_looks_say_what_each_look_says(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "December", "DEC", "Sept.", "31", ",", "2023", "Three Months", "QUARTER", "weeks", "Year",
                "Thereafter", "1-3 years", "next 12 months", "Fiscal ", "$", "%", " ", "\u{a0}", "ſ", "\u{212a}",
                "\u{661}", "x", "(", "total",
            ]),
            0..8,
        )) {
            let s: String = pieces.concat();
            let looks = cell_looks(&s);
            proptest::prop_assert_eq!(looks.has(Looks::MONTH), may_name_month(&s), "{:?}", s);
            proptest::prop_assert_eq!(looks.has(Looks::DIGIT), s.bytes().any(|b| b.is_ascii_digit()), "{:?}", s);
            proptest::prop_assert_eq!(looks.has(Looks::LENGTH), may_name_length(&s), "{:?}", s);
            if !looks.has(Looks::BAND) {
                proptest::prop_assert!(!bands::may_have_band(&s.to_ascii_lowercase()), "{:?}", s);
            }
        }
    }

    fn concept_of(label: &str, about_liability: bool) -> Option<Concept> {
        row_concept(label, label_says(label), about_liability)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        /// Reading every label in one pass over them joined finds what a pass over each finds.
        #[test]
        fn labels_read_together_say_what_each_says(labels in proptest::collection::vec(
            proptest::collection::vec(
                proptest::sample::select(vec![
                    "deferred revenue", "contract liabilit", "ies", "recogni", "zed", "billing", "s in excess of",
                    "beginning", "opening", "included in", "amortiz", "commission", "expect", "accounts receivable",
                    ", net", "contract asset", "during the", "current year", "re", "co", " ", "\u{a0}", "é", "2023",
                ]),
                0..6,
            ),
            0..8,
        )) {
            let labels: Vec<String> = labels.iter().map(|pieces| pieces.concat()).collect();
            let mut said = vec![0u16; labels.len()];
            labels_say(&labels.join("\n"), |line, bits| said[line] |= bits);
            let each: Vec<u16> = labels.iter().map(|label| label_says(label)).collect();
            proptest::prop_assert_eq!(said, each, "{:?}", labels);
        }
    }

    #[test]
    fn row_labels() {
        assert_eq!(
            concept_of("revenue recognized related to contract liability balance", false),
            Some(Concept::ContractWithCustomerLiabilityRevenueRecognized)
        );
        assert_eq!(
            concept_of(
                "portion of total net sales that was included in deferred revenue as of the beginning of the period",
                false
            ),
            Some(Concept::ContractWithCustomerLiabilityRevenueRecognized)
        );
        assert_eq!(
            concept_of("revenue recognized", true),
            Some(Concept::ContractWithCustomerLiabilityRevenueRecognized)
        );
        assert_eq!(concept_of("revenue recognized", false), None);
        assert_eq!(concept_of("contract liabilities - current", false), None);
        assert_eq!(
            concept_of("contract liabilities", false),
            Some(Concept::ContractWithCustomerLiability)
        );
    }
}
