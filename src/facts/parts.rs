//! The note's facts, part by part: a part runs from one heading to the next.
//!
//! What a part's facts depend on is known exactly: the part's own text and blocks, the
//! [`LOOK_BACK`] blocks before it (a table's caption or column header may be there), the note's
//! period, and the RPO total an earlier part left for later percentages to belong to. A heading
//! resets everything else the sentence reader remembers. So after an edit, [`extract_edited`]
//! keeps the facts of the parts before and after the edit that none of these changed for, and
//! extracts only the parts around it: on a 1 MB document, one section instead of the note.

use std::ops::Range;

use super::tables::LOOK_BACK;
use super::{money, sentence, tables, Fact};
use crate::reader::{BlockKind, Document, KeptBlocks, Period, TextEdit};

/// The parts of a note and where their facts are in its list of facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parts(Vec<Part>);

#[derive(Clone, Debug, PartialEq)]
struct Part {
    /// From a heading (or the first block) to the next heading.
    blocks: Range<usize>,
    /// The text its mentions are found in: from its first block (the body's start for the first
    /// part) to the next part's first block (the body's end for the last).
    span: Range<usize>,
    /// Its facts, in the note's list.
    facts: Range<usize>,
    /// The RPO total (index of the fact) it started after, and the one it ended with.
    rpo_total_in: Option<usize>,
    rpo_total_out: Option<usize>,
}

/// What the facts of a note were, for [`extract_edited`].
pub struct EarlierFacts {
    pub facts: Vec<Fact>,
    pub parts: Parts,
    pub period: Option<Period>,
}

/// The blocks and text span of each part of `doc`.
fn bounds(doc: &Document) -> Vec<(Range<usize>, Range<usize>)> {
    if doc.blocks.is_empty() {
        return Vec::new();
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain((1..doc.blocks.len()).filter(|&i| matches!(doc.blocks[i].kind, BlockKind::Heading { .. })))
        .collect();
    let span_start = |k: usize| {
        if k == 0 {
            doc.body.start
        } else {
            doc.blocks[starts[k]].span.start
        }
    };
    (0..starts.len())
        .map(|k| {
            let end_block = starts.get(k + 1).copied().unwrap_or(doc.blocks.len());
            let end = if k + 1 < starts.len() {
                span_start(k + 1)
            } else {
                doc.body.end
            };
            (starts[k]..end_block, span_start(k)..end)
        })
        .collect()
}

/// The scale an R page's header states for the whole note: "Revenue - USD ($) $ in Millions".
fn page_scale(text: &str, doc: &Document) -> Option<f64> {
    if doc.body.start > 0 {
        money::caption_scale(&text[..doc.body.start])
    } else {
        None
    }
}

/// All facts of a document, in text order, and its parts.
pub fn extract(text: &str, lowered: &str, doc: &Document, period: Option<&Period>) -> (Vec<Fact>, Parts) {
    let mut facts = Vec::with_capacity(facts_estimate(doc));
    let mut parts = Vec::new();
    let x = Extraction::new(text, lowered, doc, period);
    let mut rpo_total = None;
    for (blocks, span) in bounds(doc) {
        rpo_total = x.part(blocks, span, rpo_total, &mut facts, &mut parts);
    }
    (facts, Parts(parts))
}

/// About as many facts as a note has, without reading its text again: a table has one for
/// each cell but the label's in most rows, and a sentence about one. Reserved up front, where
/// growing the list as it filled moved every fact several times.
fn facts_estimate(doc: &Document) -> usize {
    doc.blocks
        .iter()
        .map(|b| b.sentences.len() + b.rows.iter().map(|r| r.cells.len().saturating_sub(1)).sum::<usize>())
        .sum()
}

/// The same as [`super::extract_with_parts`] of the new text, for a document that `edit` made from the one of
/// `earlier`, re-read keeping `kept` of its blocks (`None`: read afresh).
pub fn extract_edited(
    earlier: EarlierFacts,
    kept: Option<KeptBlocks>,
    edit: &TextEdit,
    text: &str,
    lowered: &str,
    doc: &Document,
    period: Option<&Period>,
) -> (Vec<Fact>, Parts) {
    let Some(kept) = kept.filter(|_| earlier.period.as_ref() == period && doc.body.start == 0) else {
        return extract(text, lowered, doc, period);
    };
    let new = bounds(doc);
    let EarlierFacts {
        facts: mut all,
        parts: Parts(old),
        ..
    } = earlier;
    let old_total = all.len();
    let old_end = edit.range.end;
    let shift = |at: usize| at - old_end + edit.range.start + edit.new_len;
    let shift_block = |i: usize| i - kept.old_after + kept.new_after;

    // Parts before the edit whose blocks the re-read kept and whose text it did not touch.
    let prefix = old
        .iter()
        .zip(&new)
        .take_while(|(o, (blocks, span))| {
            o.blocks == *blocks && blocks.end <= kept.kept && o.span == *span && span.end <= edit.range.start
        })
        .count();
    // Parts after it likewise, their look-back blocks included.
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(o, (blocks, span))| {
            o.blocks.start >= kept.old_after + LOOK_BACK
                && o.span.start >= old_end
                && *blocks == (shift_block(o.blocks.start)..shift_block(o.blocks.end))
                && *span == (shift(o.span.start)..shift(o.span.end))
        })
        .count();

    let region_start = prefix.checked_sub(1).map_or(0, |k| old[k].facts.end);
    let mut tail = all.split_off(region_start);
    let mut parts: Vec<Part> = old[..prefix].to_vec();
    let mut rpo_total = prefix.checked_sub(1).and_then(|k| old[k].rpo_total_out);
    let x = Extraction::new(text, lowered, doc, period);
    let mut next = prefix;
    let mut first_kept = old.len() - suffix;
    loop {
        while next < new.len() - (old.len() - first_kept) {
            let (blocks, span) = new[next].clone();
            rpo_total = x.part(blocks, span, rpo_total, &mut all, &mut parts);
            next += 1;
        }
        // A kept part must start after the same RPO total: one before the re-extracted parts.
        match old.get(first_kept) {
            Some(o) if o.rpo_total_in != rpo_total || rpo_total.is_some_and(|i| i >= region_start) => {
                first_kept += 1;
            }
            _ => break,
        }
    }

    // The kept parts after the edit: their facts moved in the text and in the list.
    let kept_from = old.get(first_kept).map_or(old_total, |o| o.facts.start);
    let new_start = all.len();
    let moved = |i: usize| {
        if i >= kept_from {
            i - kept_from + new_start
        } else {
            i
        }
    };
    for o in &old[first_kept..] {
        parts.push(Part {
            blocks: shift_block(o.blocks.start)..shift_block(o.blocks.end),
            span: shift(o.span.start)..shift(o.span.end),
            facts: moved(o.facts.start)..moved(o.facts.end),
            rpo_total_in: o.rpo_total_in.map(moved),
            rpo_total_out: o.rpo_total_out.map(moved),
        });
    }
    all.extend(tail.drain(kept_from - region_start..).map(|mut f| {
        f.span = shift(f.span.start)..shift(f.span.end);
        f.parent = f.parent.map(moved);
        f
    }));
    (all, Parts(parts))
}

/// What every part's extraction reads.
struct Extraction<'a> {
    text: &'a str,
    lowered: &'a str,
    doc: &'a Document,
    period: Option<&'a Period>,
    page_scale: Option<f64>,
}

impl<'a> Extraction<'a> {
    fn new(text: &'a str, lowered: &'a str, doc: &'a Document, period: Option<&'a Period>) -> Extraction<'a> {
        Extraction {
            text,
            lowered,
            doc,
            period,
            page_scale: page_scale(text, doc),
        }
    }

    /// Appends the facts of one part, in text order, and the part; returns the RPO total it
    /// leaves.
    fn part(
        &self,
        blocks: Range<usize>,
        span: Range<usize>,
        rpo_total: Option<usize>,
        facts: &mut Vec<Fact>,
        parts: &mut Vec<Part>,
    ) -> Option<usize> {
        let (text, doc) = (self.text, self.doc);
        let start = facts.len();
        let tables: Vec<Range<usize>> = doc.blocks[blocks.clone()]
            .iter()
            .filter(|b| b.kind == BlockKind::Table)
            .map(|b| b.span.clone())
            .collect();
        let mentions = sentence::Mentions::scan(text, self.lowered, span.clone(), &tables, self.period);
        let mut reader = sentence::Reader::new(self.lowered, &mentions, self.period).after_rpo_total(rpo_total);
        for index in blocks.clone() {
            let block = &doc.blocks[index];
            match block.kind {
                BlockKind::Heading { .. } => reader.heading(&self.lowered[block.span.clone()]),
                BlockKind::Paragraph | BlockKind::ListItem => {
                    reader.paragraph();
                    for s in &block.sentences {
                        reader.sentence(s.clone(), facts);
                    }
                }
                BlockKind::Table => {
                    tables::extract(text, self.lowered, doc, index, self.period, self.page_scale, facts)
                }
                BlockKind::Comment => {}
            }
        }
        let rpo_total_out = in_text_order(facts, start, reader.rpo_total());
        parts.push(Part {
            blocks,
            span,
            facts: start..facts.len(),
            rpo_total_in: rpo_total,
            rpo_total_out,
        });
        rpo_total_out
    }
}

/// Sorts `facts[start..]` by position, keeping `parent` pointing at the same fact; returns where
/// the fact at `index` went. In place: each fact is swapped once into its place, where taking
/// the part out and putting it back copied every fact three times.
fn in_text_order(facts: &mut [Fact], start: usize, index: Option<usize>) -> Option<usize> {
    let part = &mut facts[start..];
    let key = |f: &Fact| (f.span.start, f.span.end);
    if part.is_sorted_by_key(key) {
        return index;
    }
    // A stable sort: facts at one position keep the order they were found in.
    let mut order: Vec<usize> = (0..part.len()).collect();
    order.sort_by_key(|&i| key(&part[i]));
    // Where each fact goes, in the part.
    let mut place = vec![0; part.len()];
    for (new, &old) in order.iter().enumerate() {
        place[old] = new;
    }
    let moved = |i: usize| if i >= start { start + place[i - start] } else { i };
    for f in part.iter_mut() {
        f.parent = f.parent.map(moved);
    }
    let index = index.map(moved);
    // Each swap puts the fact at `i` in its place, for good.
    for i in 0..part.len() {
        while place[i] != i {
            let to = place[i];
            part.swap(i, to);
            place.swap(i, to);
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use crate::{analyze, analyze_edited, Config, Earlier, Input, TextEdit};

    /// The analysis of `before` edited into `after`, and a fresh one of `after`, agree.
    fn assert_edit_agrees(before: &str, after: &str) {
        let input = Input { markdown: true };
        let config = Config::default();
        let earlier = analyze(before, input, &config);
        let edit = TextEdit::between(before, after);
        let edited = analyze_edited(Earlier::of(before, earlier, edit), after, input, &config);
        assert_eq!(edited, analyze(after, input, &config));
    }

    #[test]
    fn a_table_reads_its_scale_from_the_part_before() {
        let note = |scale: &str| {
            format!(
                "# Revenue\n\nContract balances are as follows ({scale}):\n\n## Contract balances\n\n| | December 31, 2024 |\n|---|---:|\n| Contract liabilities | $ 96,771 |\n\n## Other\n\nNothing else.\n"
            )
        };
        assert_edit_agrees(&note("in thousands"), &note("in millions"));
        let edited = analyze(&note("in millions"), Input { markdown: true }, &Config::default());
        assert!(edited.facts.iter().any(|f| f.value == 96_771e6));
    }

    #[test]
    fn a_percentage_keeps_the_rpo_total_of_an_earlier_part() {
        let note = |rpo: &str| {
            format!(
                "# Revenue\n\n## Remaining performance obligations\n\nAs of December 31, 2024, remaining performance obligations were {rpo}.\n\n## Timing\n\nWe expect to recognize 58% of remaining performance obligations as revenue over the next 12 months.\n"
            )
        };
        assert_edit_agrees(&note("$243.9 million"), &note("$250.0 million"));
        assert_edit_agrees(&note("$243.9 million"), &note("not disclosed"));
        assert_edit_agrees(&note("not disclosed"), &note("$1.2 billion"));
    }
}
