use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// When the annual note says revenue is recognized over time, that it names the method used
    /// to measure progress: an input method (costs incurred, cost-to-cost, labor hours), an
    /// output method (units delivered, milestones, surveys of work performed) or time elapsed
    /// (ratably, straight-line over the term, as the services are rendered). A note without
    /// over-time revenue is not concerned.
    ///
    /// ## Why
    /// How progress is measured decides when over-time revenue is recognized; readers need the
    /// method and why it depicts the transfer of goods or services faithfully. Annual only.
    ///
    /// ## Example that passes
    /// > Revenue from long-term contracts is recognized over time using the cost-to-cost input
    /// > method, which best depicts the transfer of control as costs are incurred.
    ///
    /// ## Reference
    /// ASC 606-10-50-18.
    pub struct OverTimeMethods {
        id: "over-time-methods",
        reference: "ASC 606-10-50-18",
        category: Category::Requirement,
        applies: Applies::ANNUAL,
        severity: Severity::Error,
        summary: "Over-time revenue names the method used to measure progress.",
    }
}

static OVER_TIME: LazyLock<Pattern> = LazyLock::new(|| re(r"(?i)\bover time\b"));

static METHOD: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:input|output) method|cost-to-cost|costs? incurred|\bratabl[ey]|straight-line|time elapsed|passage of time|as (?:the )?(?:services? (?:are|is)|work is) (?:performed|provided|rendered|delivered)|as (?:we|the company) (?:provide|perform|deliver|satisf)|percentage[- ]of[- ]completion|units? (?:delivered|produced|shipped)|milestones?|labor hours|measure (?:of|of the) progress|progress toward|over the (?:term|period|life|duration) of|as (?:the )?customers? (?:simultaneously )?(?:receive|consume|use)|as (?:control|title) transfers|as (?:the )?(?:product|products|goods) (?:is|are) (?:produced|manufactured|built)",
    )
});

impl Rule for OverTimeMethods {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(over_time) = support::find_unit(cx, &[&OVER_TIME]) else {
            return;
        };
        if support::says(cx, &[&METHOD]) {
            return;
        }
        let mut f = cx.finding(
            &Self::META,
            over_time.clone(),
            "Revenue is recognized over time, but the note does not say how progress is measured: name the input or \
             output method and why it depicts the transfer faithfully (ASC 606-10-50-18).",
        );
        f.fix = Some(support::insert_sentence(
            cx,
            over_time.end,
            "We measure progress using [describe the input or output method, e.g. costs incurred relative to total \
             expected costs], which depicts the transfer of control because [describe why].",
            Self::META.id,
        ));
        out.push(f);
    }
}
