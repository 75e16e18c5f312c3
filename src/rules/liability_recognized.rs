use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re, FIGURE, LIABILITY};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Concept;

declare_rule! {
    /// ## What it checks
    /// That the note states the revenue recognized in the period that was included in the
    /// contract liability (deferred revenue, unearned revenue, customer deposits) balance at the
    /// beginning of the period, in a sentence ("we recognized $199.9 million of revenue that was
    /// included in deferred revenue at the beginning of the year") or a table row ("Revenue
    /// recognized that was included in the contract liability balance at the beginning of the
    /// period"). In an SEC R page, whose tables are rendered apart from the text, an announced
    /// roll-forward of the contract liability ("Changes in the contract liability were as
    /// follows:") is taken to carry it.
    ///
    /// ## Why
    /// It shows how much of the period's revenue came from amounts already billed or received,
    /// and is required in annual and interim notes (ASC 270-10-50-1A(c)); a nonpublic entity may
    /// elect to omit it (ASC 606-10-50-11).
    ///
    /// ## Example that passes
    /// > For the six months ended June 30, 2023, revenue recognized from deferred revenue at the
    /// > beginning of the year was $199.9 million.
    ///
    /// ## Reference
    /// ASC 606-10-50-8(b); interim ASC 270-10-50-1A(c).
    pub struct LiabilityRecognized {
        id: "liability-recognized",
        reference: "ASC 606-10-50-8(b)",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: true, nonpublic_may_omit: true },
        severity: Severity::Error,
        summary: "The note states the revenue recognized from the opening contract liability balance.",
    }
}

static RECOGNIZED: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"(?i)\brecogni[sz](?:ed|es|e)\b|\brecognition of|\brealized|\b(?:revenues?|sales)\b|\bamorti[sz]ed into")
});

/// What ties the revenue to the opening balance.
static OPENING: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\bbeginning\b|\bopening\b|\bstart of\b|\b(?:that|which) (?:was|were|had been) (?:previously )?(?:included|deferred|recorded)|\bpreviously deferred|\bincluded in (?:the |our )?(?:\w+ ){0,2}(?:deferred|unearned|contract liabilit|customer)|\bfrom (?:the |our )?(?:\w+ )?(?:deferred|unearned|contract liabilit)|\brelated to (?:the |our )?(?:\w+ )?(?:contract liabilit|deferred|unearned)|(?:deferred|unearned) revenue recogni[sz]ed|recogni[sz]ed (?:into|as) (?:revenue|sales)|\bprior (?:fiscal )?year[- ]end",
    )
});

/// A roll-forward of the liability announced for a table: "Changes in the contract liability
/// were as follows:", "The following table shows the activity in deferred revenue".
static ROLLFORWARD: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)(?:changes? in|activity (?:in|of|for)|roll-?forward of|movements? in)\b.{0,80}(?:as follows|following table|table below|presented below|summarized below)|(?:following table|table below)\b.{0,120}(?:changes? in|activity|roll-?forward|movements?)",
    )
});

pub fn stated(cx: &Context) -> bool {
    if support::has_fact(cx, &[Concept::ContractWithCustomerLiabilityRevenueRecognized]) {
        return true;
    }
    if support::says(cx, &[&RECOGNIZED, &LIABILITY, &OPENING, &FIGURE]) {
        return true;
    }
    support::is_rpage(cx) && support::says(cx, &[&ROLLFORWARD, &LIABILITY])
}

impl Rule for LiabilityRecognized {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if stated(cx) {
            return;
        }
        let term = support::liability_term(cx);
        let template = format!(
            "During the {}, we recognized revenue of $[X] million that was included in the {term} balance as of {}.",
            support::period_words(cx),
            support::opening_words(cx)
        );
        let at = support::liability_block_end(cx).unwrap_or_else(|| support::note_end(cx));
        out.push(support::missing(
            cx,
            &Self::META,
            format!(
                "The note does not state the revenue recognized in the period that was included in the opening \
                 {term} balance: add it (ASC 606-10-50-8(b))."
            ),
            template,
            at,
        ));
    }
}
