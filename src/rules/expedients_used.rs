use std::sync::LazyLock;

use super::char_window::{self, Unit, Words};
use super::support::Pattern;

use super::support::{self, re, re_with_needles, Gate, Needle};
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

/// [`COST_EXPEDIENT`]'s windows read by hand ([`char_window`]): its lazy DFA is among the
/// largest of the rules', and a unit test walked a fresh state of it almost every byte. Without a
/// word boundary after them, the costs' words need only their shortest form.
static COST_WORDS: &[&str] = &[
    "commission",
    "cost to obtain",
    "cost of obtain",
    "costs to obtain",
    "costs of obtain",
    "incremental cost",
    "contract cost",
    "contract acquisition cost",
];
static EXPENSE_THEN_COSTS: LazyLock<(Words, Words)> = LazyLock::new(|| {
    (
        Words::new(&["expense", "expensed", "expenses", "expensing"], false, true),
        Words::new(COST_WORDS, true, false),
    )
});
static COSTS_THEN_EXPENSE: LazyLock<(Words, Words)> = LazyLock::new(|| {
    let mut costs = COST_WORDS.to_vec();
    costs.extend([
        "commissions",
        "cost to obtaining",
        "cost of obtaining",
        "costs to obtaining",
        "costs of obtaining",
        "incremental costs",
        "contract costs",
        "contract acquisition costs",
    ]);
    let expense = [
        "expensed",
        "expense",
        "capitalize",
        "capitalise",
        "capitalized",
        "capitalised",
    ];
    (Words::new(&costs, false, true), Words::new(&expense, true, true))
});

static PARAGRAPH: LazyLock<memchr::memmem::Finder> = LazyLock::new(|| memchr::memmem::Finder::new("340-40-25-4"));

/// Whether `unit` matches [`COST_EXPEDIENT`] (the note has neither of the letters `(?i)` folds
/// to `k` and `s`).
fn reads_cost_expedient(unit: Unit) -> bool {
    let (expense, costs) = &*EXPENSE_THEN_COSTS;
    let (costs_first, expense_after) = &*COSTS_THEN_EXPENSE;
    PARAGRAPH.find(unit.lowered).is_some()
        || char_window::lead_window_tail(unit, expense, 120, costs)
        || char_window::lead_window_tail(unit, costs_first, 160, expense_after)
}

/// Whether the note says how it treats the costs of obtaining contracts under the expedient;
/// `contract-costs` asks too, so the first to ask answers for both.
pub fn states_cost_expedient(cx: &Context) -> bool {
    cx.remember("states the cost expedient", || match cx.lowered_text() {
        Some(lowered) => {
            let mut gates = [Gate::new(cx, &COST_EXPEDIENT)];
            support::first_passing_range(cx.units(), &mut gates, |u| {
                match Unit::of(cx.text, lowered, u.clone()) {
                    Some(unit) => reads_cost_expedient(unit),
                    None => COST_EXPEDIENT.is_match(cx.text.get(u).unwrap_or_default()),
                }
            })
            .is_some()
        }
        None => support::says(cx, &[&COST_EXPEDIENT]),
    })
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
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "expense",
        "Expensed",
        "EXPENSES",
        "expensing",
        "expenser",
        "commission",
        "Commissions",
        "commissioner",
        "cost",
        "Costs",
        "to",
        "of",
        "obtain",
        "obtaining",
        "obtained",
        "incremental",
        "contract",
        "acquisition",
        "capitalize",
        "Capitalised",
        "capitalized",
        "capitali",
        "340-40-25-4",
        "340-40-25-",
        "un",
    ];

    /// The pattern's regex as the regex crate compiles it.
    static PLAIN: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(COST_EXPEDIENT.as_str()).unwrap());

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The hand reading answers as the pattern's regex.
        #[test]
        fn cost_expedient_read_as_its_regex(pieces in proptest::collection::vec(0..char_window::tests::piece_count(PIECES, &[120, 160]), 0..40)) {
            let text = char_window::tests::text_of(&pieces, PIECES, &[120, 160]);
            let lowered = text.to_ascii_lowercase();
            let unit = Unit { text: &text, lowered: lowered.as_bytes() };
            prop_assert_eq!(reads_cost_expedient(unit), PLAIN.is_match(&text), "{:?}", text);
        }
    }

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
