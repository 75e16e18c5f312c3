use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re_with_needles, Needle};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::reader::BlockKind;

declare_rule! {
    /// ## What it checks
    /// A sentence that announces a table ("The following table sets forth ...", "... were as
    /// follows:", "the table below") is followed by a table before the next paragraph or heading.
    /// SEC R pages are not checked: they render tables apart from the text, so an announcing
    /// sentence there is never followed by its table in the text.
    ///
    /// ## Why
    /// A table dropped while the text was edited leaves the note promising figures it does not
    /// give, often the very disaggregation or roll-forward a requirement asks for.
    ///
    /// ## Example that passes
    /// > The following table presents revenue by geography (in millions):
    /// >
    /// > | Region | 2024 | 2023 |
    /// > |---|---|---|
    /// > | United States | $1,200 | $1,100 |
    ///
    /// ## Reference
    /// Draft hygiene (Regulation S-X 4-01(a): financial statements must be complete).
    pub struct MissingTable {
        id: "missing-table",
        reference: "Regulation S-X 4-01(a)",
        category: Category::Hygiene,
        applies: Applies::ALWAYS,
        severity: Severity::Error,
        summary: "A sentence announcing a table (\"the following table ...\") is followed by one.",
    }
}

static ANNOUNCES: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_needles(
        r"(?i)\b(?:the|these) following (?:tables?|schedules?|summar(?:y|izes))\b|\b(?:is|are|was|were) as follows\s*:|\btables? below\b|\b(?:presented|summarized|shown|set forth) (?:in the table )?below\b",
        // Rarer than the words it starts with ("the", "is"), which make its loose copy slow.
        vec![Needle::new("follow"), Needle::new("below")],
    )
});

/// A short line that is not a sentence: a table's column caption.
fn is_caption(t: &str) -> bool {
    let t = t.trim_end();
    let label = t.ends_with(':') && t.split_whitespace().count() <= 6;
    t.len() <= 100 && (label || !t.ends_with(['.', ':', '?', '!']))
}

impl Rule for MissingTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if support::is_rpage(cx) {
            return;
        }
        let blocks: Vec<_> = cx.doc.content_blocks().collect();
        let mut gate = support::Gate::new(cx, &ANNOUNCES);
        for (i, block) in blocks.iter().enumerate() {
            if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) || !gate.may_match(&block.span) {
                continue;
            }
            // The last announcing sentence, of those where the gate finds a needle (the gate is
            // asked in the note's order: the block's start, then its sentences').
            let Some(announcing) = block
                .sentences
                .iter()
                .filter(|s| gate.may_match(s) && ANNOUNCES.is_match(&cx.text[(*s).clone()]))
                .last()
            else {
                continue;
            };
            // Column captions ("Three Months Ended June 30, 2023", "Fiscal Year Ended April 30,")
            // may stand between the sentence and its table.
            let table_follows = blocks[i + 1..]
                .iter()
                .take(3)
                .take_while(|b| b.kind == BlockKind::Table || is_caption(&cx.text[b.span.clone()]))
                .any(|b| b.kind == BlockKind::Table);
            if table_follows {
                continue;
            }
            out.push(cx.finding(
                &Self::META,
                announcing.clone(),
                "This sentence announces a table, but no table follows it: add the table or reword the sentence.",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_cover_every_match() {
        support::assert_needles_cover(
            &ANNOUNCES,
            &[
                "The following tables",
                "these following summary",
                " were as follows:",
                "is as  follows :",
                "table below",
                "presented in the table below",
                "set forth below",
                " ",
                "é",
                "Following",
                "BELOW",
                ".",
                "the ",
            ],
        );
    }
}
