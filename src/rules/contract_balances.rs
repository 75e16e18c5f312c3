use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re, FIGURE};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Concept;

declare_rule! {
    /// ## What it checks
    /// That the note gives the opening and closing balances of receivables, contract assets and
    /// contract liabilities from contracts with customers: amounts of contract liabilities
    /// (deferred or unearned revenue, customer deposits), contract assets (unbilled revenue) or
    /// receivables, in a sentence or a table, a statement that they are not material, or an
    /// announced table of them ("Contract balances were as follows:"; in SEC R pages the tables
    /// are rendered apart from the text).
    ///
    /// ## Why
    /// Contract balances tie revenue to cash: they are required in annual and interim notes
    /// (ASC 270-10-50-1A(b)), by nonpublic entities too (ASC 606-10-50-11), unless the balances
    /// are presented separately on the balance sheet.
    ///
    /// ## Example that passes
    /// > Deferred revenue, including current and non-current balances, as of June 30, 2023 and
    /// > December 31, 2022 was $328.0 million and $322.8 million, respectively.
    ///
    /// ## Reference
    /// ASC 606-10-50-8(a); interim ASC 270-10-50-1A(b).
    pub struct ContractBalances {
        id: "contract-balances",
        reference: "ASC 606-10-50-8(a)",
        category: Category::Requirement,
        applies: Applies::ALWAYS,
        severity: Severity::Error,
        summary: "The note gives opening and closing receivables, contract assets and contract liabilities.",
    }
}

static BALANCE_WORDS: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?i)\bcontract (?:assets?|liabilit\w*|balances?)|\b(?:deferred|unearned) (?:revenue|income)|\bcustomer (?:deposits|advances)|\bunbilled|\breceivables?\b|\bbillings in excess",
    )
});

static ANNOUNCED: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)as follows|following table|table below|presented below|summarized below"));

impl Rule for ContractBalances {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let facts = support::has_fact(
            cx,
            &[
                Concept::ContractWithCustomerLiability,
                Concept::ContractWithCustomerAssetNet,
                Concept::AccountsReceivableNetCurrent,
            ],
        );
        if facts || support::says(cx, &[&BALANCE_WORDS, &FIGURE]) || support::says(cx, &[&BALANCE_WORDS, &ANNOUNCED]) {
            return;
        }
        let term = support::liability_term(cx);
        let mut term_cap = term.to_string();
        term_cap[..1].make_ascii_uppercase();
        let template = format!(
            "{term_cap} was $[X] million and $[X] million as of {} and {}, respectively; contract assets were \
             $[X] million and $[X] million, and accounts receivable, net, were $[X] million and $[X] million as of \
             the same dates.",
            support::period_end_words(cx),
            support::opening_words(cx)
        );
        let at = support::liability_block_end(cx).unwrap_or_else(|| support::note_end(cx));
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not give the opening and closing balances of receivables, contract assets and contract \
             liabilities: state them, or say they are presented on the balance sheet (ASC 606-10-50-8(a))."
                .to_string(),
            template,
            at,
        ));
    }
}
