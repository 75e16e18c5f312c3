use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re_with_words};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Concept;

declare_rule! {
    /// ## What it checks
    /// That the note states the revenue recognized in the period from performance obligations
    /// satisfied (or partially satisfied) in previous periods, such as changes in the
    /// transaction price or in estimates of variable consideration, or says it was not material.
    ///
    /// ## Why
    /// Revenue that belongs to obligations already fulfilled (royalty true-ups, price
    /// concessions, cumulative catch-ups) tells readers how much of the period's revenue comes
    /// from earlier estimates. Required in annual and interim notes (ASC 270-10-50-1A(d)); a
    /// nonpublic entity may elect to omit it (ASC 606-10-50-16).
    ///
    /// ## Example that passes
    /// > Revenue recognized during the six months ended June 30, 2025 from performance
    /// > obligations satisfied in previous periods was not material.
    ///
    /// ## Reference
    /// ASC 606-10-50-12A; interim ASC 270-10-50-1A(d).
    pub struct PriorPeriodObligations {
        id: "prior-period-obligations",
        reference: "ASC 606-10-50-12A",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: true, nonpublic_may_omit: true },
        severity: Severity::Error,
        summary: "The note states revenue from performance obligations satisfied in previous periods.",
    }
}

static PRIOR: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_words(
        r"(?i)(?:satisfied|fulfilled|completed|delivered|transferred)\)? (?:or partially satisfied\)? )?in (?:a )?(?:prior|previous|earlier) (?:periods?|years?|quarters?)|(?:prior|previous)[- ]period (?:performance )?obligations|performance obligations? (?:satisfied|fulfilled) in (?:prior|previous)|cumulative catch-up|changes? in (?:the )?(?:estimated )?transaction price|true-?ups?\b|adjustments? to (?:revenue|variable consideration) (?:for|related to|from) (?:prior|previous)",
        // Rarer than the words its alternatives start with ("satisfied", "performance").
        &["prior", "previous", "earlier", "catch-up", "change", "true"],
    )
});

impl Rule for PriorPeriodObligations {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if support::has_fact(
            cx,
            &[Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod],
        ) || support::says(cx, &[&PRIOR])
        {
            return;
        }
        let template = format!(
            "Revenue recognized during the {} from performance obligations satisfied (or partially satisfied) in \
             previous periods was $[X] million.",
            support::period_words(cx)
        );
        let at = support::liability_block_end(cx).unwrap_or_else(|| support::note_end(cx));
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not state the revenue recognized from performance obligations satisfied in previous \
             periods (e.g. changes in transaction price): give the amount or say it was not material \
             (ASC 606-10-50-12A)."
                .to_string(),
            template,
            at,
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_in_every_match() {
        super::super::support::assert_words_in_every_match(&super::PRIOR);
    }
}
