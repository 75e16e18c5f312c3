//! The reader: a note's text → [`Document`] (format, R-page header period, body, blocks,
//! sections, sentences, tables, suppressions). It knows layout, not accounting.
//!
//! Three inputs share one block model: Markdown (`#` headings, pipe tables, lists, HTML comments),
//! plain text (blank-line paragraphs, ` | ` table rows, short title-case heading lines) and the text
//! of SEC "R" pages (a `N Months Ended` / period-end header, `|`-framed cells and an
//! `|X - References` trailer, which is not part of the note).

mod blocks;
mod incremental;
mod rpage;
mod sentences;

use std::ops::Range;

use crate::date::Date;

pub use incremental::{KeptBlocks, TextEdit};
pub(crate) use rpage::months_from_word;
pub use sentences::split_sentences;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Markdown,
    RPage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading line; `level` 1 is the note's title.
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem,
    Table,
    /// An HTML comment (Markdown): not part of the note's text.
    Comment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub span: Range<usize>,
    /// Each cell's text, trimmed; empty cells keep an empty span at their place.
    pub cells: Vec<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// The block's content: without Markdown markers (`#`, `- `), R-page frame pipes or
    /// surrounding white space.
    pub span: Range<usize>,
    /// Index into [`Document::sections`] of the section this block is in (a heading is in its
    /// own section).
    pub section: Option<usize>,
    /// Sentences of paragraphs and list items (empty for other kinds).
    pub sentences: Vec<Range<usize>>,
    /// Rows of a table (empty for other kinds).
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading text.
    pub title: Range<usize>,
    pub level: u8,
    /// From the heading to the next heading of the same or a higher level.
    pub span: Range<usize>,
    /// Index of the heading block.
    pub heading_block: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Annual,
    Interim,
}

/// Where a period came from, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PeriodSource {
    /// `--form` / `--period-end` or `revlint.toml`.
    Config,
    /// An R-page `N Months Ended` header.
    Header,
    /// Phrases in the text ("six months ended June 30, 2025").
    Text,
}

/// The reporting period the note covers: what makes a requirement annual-only or interim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub months: Option<u32>,
    pub end: Option<Date>,
    pub kind: Option<PeriodKind>,
    pub source: PeriodSource,
}

impl Period {
    pub fn is_annual(&self) -> bool {
        self.kind == Some(PeriodKind::Annual)
    }
    pub fn is_interim(&self) -> bool {
        self.kind == Some(PeriodKind::Interim)
    }
    /// The start of the period (the day after the opening balance date), when known.
    pub fn start(&self) -> Option<Date> {
        let end = self.end?;
        let opening = end.add_months(-(self.months? as i32));
        Some(Date::from_days(opening.days() + 1))
    }
}

/// White space as `char::is_whitespace` and the regex `\s` see it in ASCII text: space, tab, line
/// feed, vertical tab, form feed, carriage return (`u8::is_ascii_whitespace` leaves out the
/// vertical tab).
pub fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t'..=b'\r')
}

pub fn kind_of_months(months: u32) -> PeriodKind {
    if months >= 12 {
        PeriodKind::Annual
    } else {
        PeriodKind::Interim
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The rule ids disabled; empty means every rule.
    pub rules: Vec<String>,
    /// Where the directive stands.
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub format: Format,
    /// The note itself: the text without an R-page header and trailer.
    pub body: Range<usize>,
    /// The period an R-page header states.
    pub header_period: Option<Period>,
    /// The period the text's own phrases imply ("six months ended June 30, 2025").
    pub text_period: Option<Period>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub suppressions: Vec<Suppression>,
    /// The phrases `text_period` comes from, kept for a re-read after an edit.
    period_phrases: Vec<rpage::PeriodPhrase>,
}

/// Gives each block the last section (the innermost) whose span holds the block's start.
/// Sections come in heading order, so those starting at or before a block are a prefix; the
/// search walks back from its end and stops at the first that still holds the block, which is
/// the one just before it in a well-nested note: linear, where checking every section for
/// every block was quadratic (a note of 10,000 headings took seconds).
fn assign_sections(blocks: &mut [Block], sections: &[Section]) {
    let holds = |s: &Section, at: usize| at >= s.span.start && at < s.span.end.max(s.span.start + 1);
    let sorted = sections.windows(2).all(|w| w[0].span.start <= w[1].span.start);
    // Blocks come in order too: the prefix only grows, from one block to the next.
    let mut started = 0;
    let mut previous = 0;
    for b in blocks.iter_mut() {
        let at = b.span.start;
        b.section = if sorted {
            if at < previous {
                started = sections.partition_point(|s| s.span.start <= at);
            }
            previous = at;
            while sections.get(started).is_some_and(|s| s.span.start <= at) {
                started += 1;
            }
            (0..started).rev().find(|&i| holds(&sections[i], at))
        } else {
            (0..sections.len()).rev().find(|&i| holds(&sections[i], at))
        };
    }
}

impl Document {
    /// Reads `text`. Markdown is told by `markdown` (a `.md` file, or an editor's language id);
    /// an R page is recognised by its header.
    pub fn read(text: &str, markdown: bool) -> Document {
        let (format, body, header_period) = match rpage::header(text) {
            Some(h) => (Format::RPage, h.body, h.period),
            None if markdown => (Format::Markdown, 0..text.len(), None),
            None => (Format::Plain, 0..text.len(), None),
        };
        let (mut blocks, suppressions) = blocks::read_blocks(text, body.clone(), format);
        let sections = blocks::sections(&blocks, body.end);
        assign_sections(&mut blocks, &sections);
        let (period_phrases, _) = rpage::period_phrases(text, body.clone(), body.start, |_| false);
        Document {
            format,
            body,
            header_period,
            text_period: rpage::period_of(&period_phrases),
            blocks,
            sections,
            suppressions,
            period_phrases,
        }
    }

    /// Blocks whose text is part of the note (no comments).
    pub fn content_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|b| b.kind != BlockKind::Comment)
    }

    /// Every sentence of every paragraph and list item, in order.
    pub fn sentences(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.blocks.iter().flat_map(|b| b.sentences.iter().cloned())
    }

    /// The block that holds byte `offset`.
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        self.blocks
            .iter()
            .find(|b| b.span.start <= offset && offset <= b.span.end)
    }

    /// Whether `rule` is disabled by a `revlint-disable` directive.
    pub fn is_disabled(&self, rule: &str) -> bool {
        self.suppressions
            .iter()
            .any(|s| s.rules.is_empty() || s.rules.iter().any(|r| r == rule))
    }
}

#[cfg(test)]
mod tests;
