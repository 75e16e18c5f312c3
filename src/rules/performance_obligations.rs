use std::sync::LazyLock;

use super::support::{self, re_with_needles, Needle};
use super::word_window::{self, Windowed, WordWindow};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// That the annual note describes its performance obligations: what goods or services are
    /// promised and when the obligations are typically satisfied ("at a point in time upon
    /// shipment", "over time as the services are rendered", "when control transfers"). Payment
    /// terms, returns and warranties (50-12(b), (d), (e)) need a reader's judgment and are not
    /// checked one by one.
    ///
    /// ## Why
    /// Readers need to know what the entity sells and when it earns it; vague descriptions of
    /// performance obligations and their timing are a frequent SEC staff comment. Annual only.
    ///
    /// ## Example that passes
    /// > Revenues are recognized over time as we provide our services to our customers.
    ///
    /// ## Reference
    /// ASC 606-10-50-12.
    pub struct PerformanceObligations {
        id: "performance-obligations",
        reference: "ASC 606-10-50-12",
        category: Category::Requirement,
        applies: Applies::ANNUAL,
        severity: Severity::Error,
        summary: "The note describes its performance obligations and when they are satisfied.",
    }
}

/// When the obligations are satisfied; the alternatives with word windows read by hand.
static TIMING_OF_SATISFACTION: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"(?:satisfied|fulfilled) (?:at a point in time|over time|upon|when|as)",
        vec![
            WordWindow::new(
                &["performance"],
                "performance obligations?",
                &[(6, "satisf|fulfill|complet|transfer|recogni")],
            ),
            WordWindow::new(
                &["recogni"],
                "recogni[sz](?:ed|es|e)",
                &[(
                    6,
                    "at a point in time|over time|over the (?:term|period|life|course|contract)|ratably|upon (?:shipment|delivery|transfer|completion|acceptance)|when (?:control|the (?:product|goods|service|customer)|title|products|goods|services|we (?:ship|deliver|transfer|provide))|as (?:the )?(?:services? (?:are|is)|we (?:provide|perform|deliver)|work is performed|performance)",
                )],
            ),
            WordWindow::new(
                &["control", "title"],
                "control|title",
                &[(4, "transfers?|passes|is transferred")],
            ),
        ],
        |whole| {
            re_with_needles(
                whole,
                // One word of each alternative: the copy of the pattern a gate would search the
                // note with otherwise walks a huge lazy DFA (its word windows) at every byte.
                vec![
                    Needle::new("performance"),
                    Needle::new("satisfied"),
                    Needle::new("fulfilled"),
                    Needle::new("recogni"),
                    Needle::new("control"),
                    Needle::new("title"),
                ],
            )
        },
    )
});

impl Rule for PerformanceObligations {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if word_window::says(cx, &TIMING_OF_SATISFACTION) {
            return;
        }
        let at = support::after_opening_block(cx);
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not describe its performance obligations: say what goods or services are promised, when \
             the obligations are typically satisfied, the significant payment terms, and any returns, refunds and \
             warranties (ASC 606-10-50-12)."
                .to_string(),
            "Our performance obligations consist of [describe the goods or services]. They are typically satisfied \
             [describe when: at a point in time upon shipment, or over time as services are rendered]; payment is \
             typically due within [XX] days, and [describe returns, refunds and warranties]."
                .to_string(),
            at,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &[
        "performance obligations",
        "performance obligation",
        "performance",
        "obligations",
        "satisfied",
        "fulfilled",
        "completed",
        "transferred",
        "recognized",
        "recognised",
        "recognizes",
        "recognize",
        "recognition",
        "at a point in time",
        "over time",
        "over the term",
        "ratably",
        "upon shipment",
        "when control",
        "when the product",
        "when we ship",
        "as the services are",
        "as we provide",
        "control",
        "title",
        "transfers",
        "passes",
        "is transferred",
        "is",
        "the",
        "our",
        "revenue",
    ];

    #[test]
    fn needles_cover_every_match() {
        support::assert_needles_cover(
            &TIMING_OF_SATISFACTION.whole,
            &[
                "performance obligations ",
                "Performance ",
                "obligation ",
                "satisfied ",
                "fulfilled ",
                "recognized ",
                "recognises ",
                "at a point in time",
                "over time",
                "upon shipment",
                "when control",
                "as the services are",
                "control ",
                "title ",
                "transfers",
                "passes",
                "is transferred",
                "complete",
                " ",
                "x ",
                "é",
            ],
        );
    }

    proptest::proptest! {
        #[test]
        fn reads_as_the_whole_pattern(text in word_window::texts(WORDS)) {
            word_window::assert_reads_as_whole(&TIMING_OF_SATISFACTION, &text);
        }
    }
}
