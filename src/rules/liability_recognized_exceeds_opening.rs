use super::{Applies, Category, Context, Finding, Related, Rule, RuleMeta, Severity};
use crate::date::Date;
use crate::declare_rule;
use crate::facts::{Concept, FactKind};

declare_rule! {
    /// ## What it checks
    /// The revenue recognized in a period from the opening contract liability (deferred revenue)
    /// cannot exceed that opening balance. The rule pairs each amount of revenue recognized from
    /// the contract liability with the contract liability stated as of the day before its period
    /// starts (within a week, for 52/53-week years) and flags it when it is larger, after the
    /// scale of each figure.
    ///
    /// ## Why
    /// Revenue out of a balance cannot be more than the balance; when it is, one of the figures,
    /// its scale or its date is wrong. XBRL US Data Quality Committee rule DQC_0098 rejects the
    /// same inconsistency in the filing's tags.
    ///
    /// ## Example that passes
    /// > Deferred revenue was $322.8 million as of December 31, 2022. For the six months ended
    /// > June 30, 2023, revenue recognized from deferred revenue at the beginning of the year was
    /// > $199.9 million.
    ///
    /// ## Reference
    /// ASC 606-10-50-8(b); XBRL US DQC_0098.
    pub struct LiabilityRecognizedExceedsOpening {
        id: "liability-recognized-exceeds-opening",
        reference: "ASC 606-10-50-8(b)",
        category: Category::Consistency,
        applies: Applies::ALWAYS,
        severity: Severity::Error,
        summary: "Revenue recognized from the opening contract liability does not exceed that balance (DQC_0098).",
    }
}

/// Rounding slack: figures are printed to one decimal of their scale.
const ROUNDING: f64 = 0.005;

impl Rule for LiabilityRecognizedExceedsOpening {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let amounts = |c: Concept| {
            cx.facts
                .iter()
                .filter(move |f| f.kind == FactKind::Amount && f.is(c) && f.value.is_finite())
        };
        // A negative figure is a change in the balance, not the balance. Collected once: a long
        // note has many of both.
        let balances: Vec<&crate::facts::Fact> = amounts(Concept::ContractWithCustomerLiability)
            .filter(|f| f.value > 0.0)
            .collect();
        for recognized in amounts(Concept::ContractWithCustomerLiabilityRevenueRecognized) {
            let start = recognized
                .period
                .map(|(s, _)| s)
                .or_else(|| cx.period.and_then(|p| p.start()));
            let Some(start) = start else { continue };
            let opening_date = Date::from_days(start.days() - 1);
            // Current and noncurrent parts may be stated apart; the largest figure at the date is
            // the total (or the best lower bound of it).
            let opening = balances
                .iter()
                .copied()
                .filter(|f| f.date.is_some_and(|d| d.near(opening_date, 7)))
                .max_by(|a, b| a.value.total_cmp(&b.value));
            let Some(opening) = opening else { continue };
            if recognized.value > opening.value * (1.0 + ROUNDING) {
                let mut f = cx.finding(
                    &Self::META,
                    recognized.span.clone(),
                    format!(
                        "Revenue recognized from the opening contract liability ({}) exceeds the opening balance \
                         ({} as of {}): check the figures, their scale and dates (ASC 606-10-50-8(b), DQC_0098).",
                        cx.text.get(recognized.span.clone()).unwrap_or_default(),
                        cx.text.get(opening.span.clone()).unwrap_or_default(),
                        opening_date.long()
                    ),
                );
                f.related.push(Related {
                    span: opening.span.clone(),
                    message: format!("The opening contract liability, as of {}.", opening_date.long()),
                });
                out.push(f);
            }
        }
    }
}
