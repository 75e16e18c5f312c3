//! What several rules share: finding words in the note, the facts of a concept, the note's own
//! date style and terms, and the template-inserting fix of a missing element.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{Context, Edit, Finding, Fix, RuleMeta};
use crate::date::Date;
use crate::facts::{Concept, Fact, FactKind};
use crate::reader::{Block, BlockKind};

/// The pieces of the note a requirement can be met in: each sentence of a paragraph or list
/// item, each table row and each heading. Comments are not part of the note.
pub fn units<'a>(cx: &'a Context) -> impl Iterator<Item = Range<usize>> + 'a {
    cx.doc.content_blocks().flat_map(block_units)
}

fn block_units(b: &Block) -> Vec<Range<usize>> {
    match b.kind {
        BlockKind::Paragraph | BlockKind::ListItem if !b.sentences.is_empty() => b.sentences.clone(),
        BlockKind::Table if !b.rows.is_empty() => b.rows.iter().map(|r| r.span.clone()).collect(),
        _ => vec![b.span.clone()],
    }
}

/// The first unit (sentence, row, heading) that matches every pattern in `all`.
pub fn find_unit(cx: &Context, all: &[&Regex]) -> Option<Range<usize>> {
    units(cx).find(|u| {
        let t = &cx.text[u.clone()];
        all.iter().all(|re| re.is_match(t))
    })
}

/// Whether some unit matches every pattern in `all`.
pub fn says(cx: &Context, all: &[&Regex]) -> bool {
    find_unit(cx, all).is_some()
}

/// Whether the extractor found a fact of any of `concepts`.
pub fn has_fact(cx: &Context, concepts: &[Concept]) -> bool {
    cx.facts
        .iter()
        .any(|f| f.concept.is_some_and(|c| concepts.contains(&c)))
}

/// Units with up to `after` following sentences of the same block, for statements that run over
/// a sentence ("RPO was $X. We expect to recognize 65% of it ...").
pub fn windows(cx: &Context, after: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for b in cx.doc.content_blocks() {
        let units = block_units(b);
        for (i, u) in units.iter().enumerate() {
            let last = &units[(i + after).min(units.len() - 1)];
            out.push(u.start..last.end.max(u.end));
        }
    }
    out
}

/// A regex that is known to compile (all patterns are literals in this crate). A space in the
/// pattern matches any run of white space, since drafts wrap lines inside sentences.
pub fn re(pattern: &str) -> Regex {
    Regex::new(&spaces_match_any_white_space(pattern)).expect("rule pattern compiles")
}

fn spaces_match_any_white_space(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut escaped = false;
    for ch in pattern.chars() {
        match ch {
            _ if escaped => {
                escaped = false;
                out.push(ch);
            }
            '\\' => {
                escaped = true;
                out.push(ch);
            }
            '[' if !in_class => {
                in_class = true;
                out.push(ch);
            }
            ']' if in_class => {
                in_class = false;
                out.push(ch);
            }
            ' ' if in_class => out.push_str("\\s"),
            ' ' => out.push_str("\\s+"),
            _ => out.push(ch),
        }
    }
    out
}

/// Amount words: "$791.4 million", "$1,868", "791.4 million", "$0.2 billion".
pub static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\$\s?\d|\b\d[\d,]*(?:\.\d+)?\s*(?:thousand|million|billion)\b|\bnot (?:material|significant)|\bimmaterial\b",
    )
});

/// A figure: an amount in words, a "not material" statement, a number in a table cell, or a
/// placeholder for one (`$[X]`: the element is there, and `placeholder` flags it until filled).
pub static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\$\s?\d|\b\d[\d,]*(?:\.\d+)?\s*(?:thousand|million|billion)\b|\bnot (?:material|significant)|\bimmaterial\b|\|\s*\(?\$?\s?\d|\$\s?\[",
    )
});

/// Words for contract liabilities.
pub static LIABILITY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bcontract liabilit|\b(?:deferred|unearned) (?:revenue|income)|\bcustomer (?:deposits|advances|prepayments)|\badvance (?:payments|billings)|\bbillings in excess",
    )
});

/// Words for remaining performance obligations, including future revenue of existing contracts
/// ("we expect to recognize revenue of $1.8 billion ... related to contract liabilities", "the
/// Company expects 66% of total deferred revenue to be realized in less than a year").
pub static RPO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:remaining|unsatisfied|unfulfilled|outstanding) (?:\w+ )?performance obligations?|\bRPO\b|transaction price allocated to|\bbacklog\b|contracted (?:but unsatisfied|revenue (?:not yet|that has not)|future revenue)|remaining contract (?:value|revenue)|revenue expected to be recognized in (?:any )?future|future revenue to be (?:earned|recognized)|expects? to recognize revenue (?:of|on)\b|expects? (?:approximately )?\d+(?:\.\d+)?\s?(?:%|percent) of (?:total |the |our )?(?:deferred|unearned) revenue|(?:deferred|unearned) revenue (?:is )?(?:expected )?to be (?:realized|recognized) (?:in|within|over)",
    )
});

/// The timing of the whole contract liability given as the remaining obligations (Apple: "the
/// Company expects 66% of total deferred revenue to be realized in less than a year").
pub static LIABILITY_AS_RPO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)expects? (?:approximately )?\d+(?:\.\d+)?\s?(?:%|percent) of (?:total |the |our )?(?:deferred|unearned) revenue|(?:deferred|unearned) revenue (?:is )?(?:expected )?to be (?:realized|recognized) (?:in|within|over)",
    )
});

/// An omission under a practical expedient: "we do not disclose", "excludes contracts ...",
/// "elected the practical expedient".
pub static OMISSION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:not|do not|does not|did not|elected not to|elect not to|chosen not to|opted not to) (?:to )?(?:disclose|include|present|provide)|\bomit|\bexclud|\bnot included|\bpractical expedient|\boptional exemption|\bexemption",
    )
});

/// The expedients of 606-10-50-14 and 50-14A, by what they leave out.
pub static EXPEDIENT_KIND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:one|1) year or less|(?:twelve|12) months or less|less than (?:one|1) year|(?:one|1) year or shorter|within (?:one|1) year or less|right to invoice|as invoiced|recogni[sz]ed? (?:revenue )?(?:at the amount|as) (?:to which|invoiced)|amount to which (?:we|the company) (?:have|has) the right|sales[- ]based|usage[- ]based|royalt|variable consideration|wholly unsatisfied|distinct (?:good|service)s? (?:that forms? part of|in) a series|50-14A?\b|55-18",
    )
});

/// A month-name date, "June 30, 2023", "Jun. 30, 2023", "Sept. 30, 2022".
pub static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(\.?)\s+(\d{1,2}),\s*(\d{4})\b",
    )
});

pub fn date_of(c: &Captures) -> Option<Date> {
    Date::new(c[4].parse().ok()?, Date::month_from_name(&c[1])?, c[3].parse().ok()?)
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
    pub fn of(c: &Captures) -> DateStyle {
        let name = &c[1];
        let full = Date::month_from_name(name)
            .and_then(|m| Date::new(2000, m, 1))
            .is_some_and(|d| d.month_name() == name);
        if full {
            DateStyle::Long
        } else {
            DateStyle::Short { dot: !c[2].is_empty() }
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
    DATE.captures_iter(&cx.text[cx.doc.body.clone()])
        .next()
        .map_or(DateStyle::Long, |c| DateStyle::of(&c))
}

/// The period end as the note writes dates, or `[date]`.
pub fn period_end_words(cx: &Context) -> String {
    match cx.period.and_then(|p| p.end) {
        Some(end) => note_date_style(cx).format(end),
        None => "[date]".to_string(),
    }
}

/// The opening balance date (the day before the period starts), or `[date]`.
pub fn opening_words(cx: &Context) -> String {
    match cx.period.and_then(|p| p.start()) {
        Some(start) => note_date_style(cx).format(Date::from_days(start.days() - 1)),
        None => "[date]".to_string(),
    }
}

/// "six months ended June 30, 2023", "year ended December 31, 2024", or `[period]`.
pub fn period_words(cx: &Context) -> String {
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
}

/// The note's own word for contract liabilities: the one it uses most, else "deferred revenue".
pub fn liability_term(cx: &Context) -> &'static str {
    let body = &cx.text[cx.doc.body.clone()];
    let count = |re: &Regex| re.find_iter(body).count();
    static DEFERRED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bdeferred revenue"));
    static UNEARNED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bunearned revenue"));
    static CONTRACT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bcontract liabilit"));
    let counts = [
        (count(&DEFERRED), "deferred revenue"),
        (count(&UNEARNED), "unearned revenue"),
        (count(&CONTRACT), "contract liabilities"),
    ];
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map_or("deferred revenue", |(_, t)| t)
}

/// The end of the last content block of the first section whose title matches `title`.
pub fn section_end(cx: &Context, title: &Regex) -> Option<usize> {
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

/// The end of the last block that has a unit matching every pattern in `all`.
pub fn block_end_saying(cx: &Context, all: &[&Regex]) -> Option<usize> {
    cx.doc
        .content_blocks()
        .filter(|b| {
            block_units(b)
                .iter()
                .any(|u| all.iter().all(|re| re.is_match(&cx.text[u.clone()])))
        })
        .map(|b| b.span.end)
        .last()
}

/// The end of the note's last block (or of its body).
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
        title: format!("Insert a template for `{id}`"),
        edits: vec![Edit {
            span: at..at,
            new_text: format!("\n\n{template}"),
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
        title: format!("Insert a template for `{id}`"),
        edits: vec![Edit {
            span: at..at,
            new_text: format!(" {sentence}"),
        }],
    }
}

/// Whether the text is an SEC R page. The reader decides from the header; some real R pages frame
/// the header cells with hundreds of pipes the reader does not take for a header, so a text whose
/// first lines have a `Months Ended` line and an `[Abstract]` line counts too.
pub fn is_rpage(cx: &Context) -> bool {
    if cx.doc.format == crate::reader::Format::RPage {
        return true;
    }
    let head: Vec<&str> = cx.text.lines().take(12).collect();
    head.iter().any(|l| l.contains("Months Ended")) && head.iter().any(|l| l.contains("[Abstract]"))
}
