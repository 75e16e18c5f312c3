use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re, RPO};
use super::{rpo_amount, Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::{Concept, FactKind};

declare_rule! {
    /// ## What it checks
    /// That the note says when the remaining performance obligations are expected to be
    /// recognized as revenue: in time bands ("approximately 65% over the next 12 months and the
    /// remainder thereafter", "$863 million in the next 12 months") or qualitatively ("the
    /// majority over the next two years", "over the next seven years"). A note that omits its
    /// remaining obligations entirely under a practical expedient has nothing to time.
    ///
    /// ## Why
    /// An RPO amount without its timing does not tell readers when the revenue arrives; vague or
    /// missing RPO timing is among the SEC staff's most frequent revenue comments.
    ///
    /// ## Example that passes
    /// > Remaining performance obligations were $5.4 billion as of December 31, 2024, of which we
    /// > expect to recognize 30% as revenue over the next 12 months and the remainder thereafter.
    ///
    /// ## Reference
    /// ASC 606-10-50-13(b); interim ASC 270-10-50-1A(e).
    pub struct RpoTiming {
        id: "rpo-timing",
        reference: "ASC 606-10-50-13(b)",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: true, nonpublic_may_omit: true },
        severity: Severity::Error,
        summary: "The note says when the remaining performance obligations will be recognized.",
    }
}

/// Time-band and qualitative timing words.
static TIMING: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:next|following|subsequent|succeeding|coming|remaining) (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|twenty[- ]four|thirty[- ]six|several|few)?\s*(?:fiscal )?(?:months?|years?|quarters?)\b|\bwithin (?:the next )?(?:\d+|one|two|three|four|five|twelve) (?:months?|years?)|\bthereafter\b|\bbeyond\b|\b(?:\d+|thirteen) to \d+ months|\bin (?:fiscal )?(?:20\d\d|the (?:current|next) (?:fiscal )?year)|\bby (?:the end of )?(?:fiscal )?20\d\d|\bover (?:the )?(?:remaining |respective )?(?:life|lives|term|terms|duration|period)s? of|\b(?:less|more|greater) than (?:a|one|1|\d+) years?|\bwithin (?:\w+[- ]to[- ])?\w+ years?|\b(?:\d+|one|two|three|four|five) years? or (?:less|more)|\bthrough (?:fiscal )?20\d\d|\bcurrent portion|\bnoncurrent|\bfirst (?:\d+|twelve) months|\b\d+\s*(?:-|–|to)\s*\d+ years",
    )
});

/// The note states RPO timing, in facts or words near an RPO statement.
pub fn stated(cx: &Context) -> bool {
    let facts = cx.facts.iter().any(|f| {
        f.is(Concept::RevenueRemainingPerformanceObligationPercentage)
            || (f.is(Concept::RevenueRemainingPerformanceObligation) && f.band.is_some())
    }) || cx.facts.iter().any(|f| f.kind == FactKind::Band);
    facts || {
        let mut gates = [support::Gate::new(cx, &RPO), support::Gate::new(cx, &TIMING)];
        support::any_window(cx, 2, &mut gates, |t| RPO.is_match(t) && TIMING.is_match(t))
    }
}

impl Rule for RpoTiming {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let amount = rpo_amount::stated(cx);
        if stated(cx) || (!amount && rpo_amount::omitted_under_expedient(cx)) {
            return;
        }
        let message = "The note does not say when the remaining performance obligations will be recognized: give \
                       the share expected in time bands (e.g. the next 12 months and thereafter) or explain the \
                       timing qualitatively (ASC 606-10-50-13(b)).";
        let at = support::block_end_saying(cx, &[&RPO]);
        match (amount, at) {
            (true, Some(at)) => out.push(support::missing(
                cx,
                &Self::META,
                message.to_string(),
                "We expect to recognize approximately [XX]% of our remaining performance obligations as revenue \
                 over the next 12 months and the remainder thereafter."
                    .to_string(),
                at,
            )),
            // With no RPO statement at all, the `rpo-amount` fix inserts amount and timing together.
            _ => out.push(cx.finding(&Self::META, cx.note_anchor(), message)),
        }
    }
}
