use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// That the annual note explains the significant judgments, and changes in them, that affect
    /// the amount and timing of revenue: when obligations are satisfied, the transaction price
    /// (variable consideration, its constraint) and its allocation (standalone selling prices),
    /// principal versus agent, distinct performance obligations, and the estimates they require.
    ///
    /// ## Why
    /// Unexplained judgments (principal versus agent, over time versus point in time, variable
    /// consideration) are a frequent SEC staff comment. Annual only; a nonpublic entity may leave
    /// out parts (ASC 606-10-50-21) but not the whole.
    ///
    /// ## Example that passes
    /// > Determining whether products and services are distinct performance obligations can
    /// > require significant judgment. We determine standalone selling prices based on
    /// > observable prices.
    ///
    /// ## Reference
    /// ASC 606-10-50-17 (with 50-18 to 50-20).
    pub struct Judgments {
        id: "judgments",
        reference: "ASC 606-10-50-17",
        category: Category::Requirement,
        applies: Applies::ANNUAL,
        severity: Severity::Error,
        summary: "The note explains the significant judgments that affect revenue.",
    }
}

static JUDGMENT: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\bjudge?ments?\b|\bestimat(?:e|es|ed|ing|ion)\b|\bassumptions?\b|standalone selling price|stand-alone selling price|\bSSP\b|variable consideration|principal (?:versus|vs\.?|or|rather than an?) (?:an )?agent|acts? as (?:an? )?(?:principal|agent)|\bconstrain",
    )
});

impl Rule for Judgments {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if support::says(cx, &[&JUDGMENT]) {
            return;
        }
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not explain the significant judgments that affect the amount and timing of revenue \
             (timing of satisfaction, transaction price and its allocation, variable consideration): add them \
             (ASC 606-10-50-17)."
                .to_string(),
            "Significant judgments in applying ASC 606 include [describe: identifying distinct performance \
             obligations, determining standalone selling prices, estimating and constraining variable \
             consideration, and determining when control transfers]."
                .to_string(),
            support::note_end(cx),
        ));
    }
}
