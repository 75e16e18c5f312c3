use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re, EXPEDIENT_KIND, FIGURE, OMISSION, RPO};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Concept;

declare_rule! {
    /// ## What it checks
    /// That the note states the aggregate transaction price allocated to performance obligations
    /// that are unsatisfied (or partly unsatisfied) at the period end: the remaining performance
    /// obligations ("RPO", "backlog", "revenue expected to be recognized in future periods"), as
    /// an amount in a sentence or a table. A note that instead discloses that it omits them under
    /// a practical expedient of ASC 606-10-50-14 or 50-14A ("we do not disclose the value of
    /// unsatisfied performance obligations for contracts with an original expected length of one
    /// year or less") meets it too.
    ///
    /// ## Why
    /// RPO tells readers how much contracted revenue is still to come. It is required in annual
    /// and interim notes (ASC 270-10-50-1A(e)); a nonpublic entity may elect to omit it (50-16).
    ///
    /// ## Example that passes
    /// > As of June 30, 2023, the Company's RPO was $791.4 million, approximately 65% of which is
    /// > expected to be recognized as revenue over the next 12 months.
    ///
    /// ## Reference
    /// ASC 606-10-50-13(a); practical expedients ASC 606-10-50-14, 50-14A; interim ASC 270-10-50-1A(e).
    pub struct RpoAmount {
        id: "rpo-amount",
        reference: "ASC 606-10-50-13(a)",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: true, nonpublic_may_omit: true },
        severity: Severity::Error,
        summary: "The note states the remaining performance obligations (or the expedient under which they are omitted).",
    }
}

static CONTRACT_BALANCES_TITLE: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)contract (?:balances|liabilit)|deferred revenue|unearned revenue"));

/// Whether the note states an RPO amount, in a fact or in its words.
pub fn stated(cx: &Context) -> bool {
    // `rpo-timing` asks too.
    cx.remember("rpo-amount stated", || stated_in(cx))
}

fn stated_in(cx: &Context) -> bool {
    support::has_fact(cx, &[Concept::RevenueRemainingPerformanceObligation]) || support::says(cx, &[&RPO, &FIGURE]) || {
        let mut gates = [support::Gate::new(cx, &support::LIABILITY_AS_RPO)];
        support::any_window(cx, 1, &mut gates, |t| {
            support::LIABILITY_AS_RPO.is_match(t) && support::LIABILITY.is_match(t) && FIGURE.is_match(t)
        })
    }
}

/// Whether the note says it leaves (some) remaining obligations out under a 50-14 expedient.
pub fn omitted_under_expedient(cx: &Context) -> bool {
    cx.remember("rpo omitted under an expedient", || omitted_in(cx))
}

fn omitted_in(cx: &Context) -> bool {
    let mut gates = [
        support::Gate::new(cx, &OMISSION),
        support::Gate::new(cx, &EXPEDIENT_KIND),
    ];
    support::any_window(cx, 1, &mut gates, |t| {
        OMISSION.is_match(t) && EXPEDIENT_KIND.is_match(t) && (RPO.is_match(t) || PERFORMANCE_OR_PRICE.is_match(t))
    })
}

static PERFORMANCE_OR_PRICE: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)performance obligations?|transaction price|contract value"));

impl Rule for RpoAmount {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if stated(cx) || omitted_under_expedient(cx) {
            return;
        }
        let end = support::period_end_words(cx);
        let template = format!(
            "As of {end}, the aggregate amount of the transaction price allocated to remaining performance \
             obligations was $[X] million, of which we expect to recognize approximately [XX]% over the next \
             12 months and the remainder thereafter."
        );
        let at = support::section_end(cx, &CONTRACT_BALANCES_TITLE)
            .or_else(|| support::liability_block_end(cx))
            .unwrap_or_else(|| support::note_end(cx));
        out.push(support::missing(
            cx,
            &Self::META,
            format!(
                "Remaining performance obligations are not disclosed: state the transaction price allocated to \
                 unsatisfied performance obligations as of {end}, or the ASC 606-10-50-14 practical expedient under \
                 which they are omitted (ASC 606-10-50-13(a))."
            ),
            template,
            at,
        ));
    }
}
