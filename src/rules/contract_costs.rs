use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re_with_needles, Needle};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Concept;

declare_rule! {
    /// ## What it checks
    /// That the annual note covers the costs of obtaining or fulfilling contracts: the judgments
    /// in determining them and the amortization method (340-40-50-2), and the closing balance,
    /// amortization and impairment of the capitalized costs (340-40-50-3), in words ("deferred
    /// commissions", "capitalized contract costs", "deferred contract acquisition costs") or a
    /// table. A note that says it expenses such costs under the practical expedient of
    /// 340-40-25-4 meets it too.
    ///
    /// ## Why
    /// Capitalized commissions and fulfilment costs are assets readers cannot see elsewhere.
    /// Annual only; a nonpublic entity may elect to omit it (ASC 340-40-50-4).
    ///
    /// ## Example that passes
    /// > We capitalize sales commissions as costs of obtaining a contract and amortize them on a
    /// > straight-line basis over five years; capitalized contract costs were $12.0 million as of
    /// > December 31, 2024 and amortization was $3.1 million for the year.
    ///
    /// ## Reference
    /// ASC 340-40-50-2, 340-40-50-3.
    pub struct ContractCosts {
        id: "contract-costs",
        reference: "ASC 340-40-50-2, 50-3",
        category: Category::Requirement,
        applies: Applies { annual: true, interim: false, nonpublic_may_omit: true },
        severity: Severity::Error,
        summary: "The note covers capitalized costs to obtain or fulfil contracts (or the expedient to expense them).",
    }
}

static COSTS: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_needles(
        r"(?i)(?:capitali[sz]ed|deferred|capitali[sz]e|capitali[sz]es|capitali[sz]ing) (?:\w+ ){0,3}(?:commissions?|contract (?:acquisition |fulfill?ment )?costs?|costs? (?:to|of) (?:obtain|fulfill?)|incremental costs?|(?:sales|customer) (?:acquisition|contract) costs?)|costs? (?:to|of) (?:obtain(?:ing)?|fulfill?(?:ing)?) (?:a |the )?(?:customer )?contracts?|contract costs|deferred commissions|incremental costs? of obtaining|340-40",
        // Its word windows make its loose copy slow; every match names costs, commissions or
        // the subtopic.
        vec![Needle::new("cost"), Needle::new("commission"), Needle::new("340-40")],
    )
});

impl Rule for ContractCosts {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let facts = support::has_fact(
            cx,
            &[
                Concept::CapitalizedContractCostNet,
                Concept::CapitalizedContractCostAmortization,
            ],
        );
        if facts || support::says(cx, &[&COSTS]) || super::expedients_used::states_cost_expedient(cx) {
            return;
        }
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not cover the costs of obtaining or fulfilling contracts: describe how they are \
             determined and amortized and give the closing balance, amortization and impairment, or say they are \
             expensed under the practical expedient of ASC 340-40-25-4 (ASC 340-40-50-2, 50-3)."
                .to_string(),
            format!(
                "We capitalize [describe the costs, e.g. sales commissions] as costs of obtaining contracts and \
                 amortize them [describe the method and period]. Capitalized contract costs were $[X] million as of \
                 {}, and amortization was $[X] million for the {}, with no impairment.",
                support::period_end_words(cx),
                support::period_words(cx)
            ),
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
            &COSTS,
            &[
                "capitalized ",
                "deferred ",
                "sales ",
                "commissions",
                "contract fulfillment costs",
                "costs to obtain",
                "cost of fulfilling",
                "a ",
                "the ",
                "customer ",
                "contracts",
                "contract costs",
                "incremental costs of obtaining",
                "340-40",
                " ",
                "x ",
                "é",
                "acquisition ",
            ],
        );
    }
}
