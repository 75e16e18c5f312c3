use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re, re_with_needles, Needle};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// That the annual note says whether it uses the practical expedients of ASC 606-10-32-18
    /// (not adjusting the consideration for a significant financing component when the period
    /// between transfer and payment is one year or less) and of ASC 340-40-25-4 (expensing the
    /// incremental costs of obtaining a contract when the amortization period is one year or
    /// less). Any statement about a financing component, or about expensing (or capitalizing)
    /// commissions and other costs to obtain a contract, meets it. The rule cannot know whether
    /// the entity uses an expedient, so it warns rather than errs.
    ///
    /// ## Why
    /// An entity that uses either expedient must disclose that fact; readers otherwise cannot
    /// tell whether financing effects and contract costs were considered. Annual only; a
    /// nonpublic entity may elect to omit it (ASC 606-10-50-23).
    ///
    /// ## Example that passes
    /// > We do not adjust the transaction price for the effects of a significant financing
    /// > component when we expect the period between transfer and payment to be one year or less.
    ///
    /// ## Reference
    /// ASC 606-10-50-22.
    pub struct ExpedientsUsed {
        id: "expedients-used",
        reference: "ASC 606-10-50-22",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: false, nonpublic_may_omit: true },
        severity: Severity::Warning,
        summary: "The note says whether it uses the financing-component and contract-cost practical expedients.",
    }
}

static FINANCING: LazyLock<Pattern> = LazyLock::new(|| re(r"(?i)financing component|time value of money|32-18"));

/// A statement that costs of obtaining contracts are expensed (or capitalized) as incurred.
static COST_EXPEDIENT: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_needles(
        r"(?i)340-40-25-4|(?:expense|expensed|expenses|expensing)\b.{0,120}\b(?:commissions?|costs? (?:to|of) obtain(?:ing)?|incremental costs?|contract (?:acquisition )?costs?)|(?:commissions?|costs? (?:to|of) obtain(?:ing)?|incremental costs?|contract (?:acquisition )?costs?)\b.{0,160}\b(?:expensed|expense|capitali[sz]ed?)\b",
        // Its word windows make its loose copy slow; every match says "expens..", "capitali.."
        // or the paragraph.
        vec![
            Needle::new("expens"),
            Needle::new("capitali"),
            Needle::new("340-40-25-4"),
        ],
    )
});

/// Whether the note says how it treats the costs of obtaining contracts under the expedient;
/// `contract-costs` asks too, so the first to ask answers for both.
pub fn states_cost_expedient(cx: &Context) -> bool {
    cx.remember("states the cost expedient", || support::says(cx, &[&COST_EXPEDIENT]))
}

impl Rule for ExpedientsUsed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if support::says(cx, &[&FINANCING]) || states_cost_expedient(cx) {
            return;
        }
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not say whether it uses the practical expedients for a significant financing component \
             (ASC 606-10-32-18) or for the costs of obtaining a contract (ASC 340-40-25-4): if it uses either, say \
             so (ASC 606-10-50-22)."
                .to_string(),
            "[describe or delete: We do not adjust the promised consideration for the effects of a significant \
             financing component when we expect the period between transfer and payment to be one year or less, and \
             we expense the incremental costs of obtaining a contract when the amortization period would have been \
             one year or less.]"
                .to_string(),
            support::note_end(cx),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_cover_every_match() {
        support::assert_needles_cover(
            &COST_EXPEDIENT,
            &[
                "340-40-25-4",
                "expensed ",
                "Expense",
                "commissions",
                "costs to obtain",
                "incremental costs",
                "contract acquisition costs",
                "capitalized",
                "capitalised",
                " ",
                "x",
                "é",
                ".",
                "\n",
            ],
        );
    }
}
