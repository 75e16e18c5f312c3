use std::ops::Range;
use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re_with_needles, Needle};
use super::{Applies, Category, Context, Finding, Related, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// That one note uses one term for the contract liability: "deferred revenue", "unearned
    /// revenue" or "contract liabilities". Using two of them is fine when the note ties them
    /// together in one sentence ("contract liabilities, which consist of deferred revenue",
    /// "deferred revenue (contract liabilities)"); otherwise the rule points at the first use of
    /// the less used term.
    ///
    /// ## Why
    /// ASC 606 allows other terms than "contract liability" (ASC 606-10-45-5), but a reader who
    /// meets two of them without a link wonders whether they are two balances.
    ///
    /// ## Example that passes
    /// > Contract liabilities, which consist of deferred revenue, were $328.0 million. Deferred
    /// > revenue is recognized as the services are provided.
    ///
    /// ## Reference
    /// ASC 606-10-45-5 (terms for contract balances).
    pub struct MixedTerms {
        id: "mixed-terms",
        reference: "ASC 606-10-45-5",
        category: Category::Consistency,
        applies: Applies::ALWAYS,
        severity: Severity::Info,
        summary: "One term for the contract liability (deferred revenue, unearned revenue or contract liabilities).",
    }
}

struct Term {
    name: &'static str,
    re: &'static LazyLock<Pattern>,
}

// The needles: the rarer word of each term ("contract" is everywhere in a revenue note).
static DEFERRED: LazyLock<Pattern> =
    LazyLock::new(|| re_with_needles(r"(?i)\bdeferred revenues?\b", vec![Needle::new("deferred")]));
static UNEARNED: LazyLock<Pattern> =
    LazyLock::new(|| re_with_needles(r"(?i)\bunearned revenues?\b", vec![Needle::new("unearned")]));
static CONTRACT: LazyLock<Pattern> =
    LazyLock::new(|| re_with_needles(r"(?i)\bcontract liabilit(?:y|ies)\b", vec![Needle::new("liabilit")]));

static TERMS: [Term; 3] = [
    Term {
        name: "deferred revenue",
        re: &DEFERRED,
    },
    Term {
        name: "unearned revenue",
        re: &UNEARNED,
    },
    Term {
        name: "contract liabilities",
        re: &CONTRACT,
    },
];

/// A sentence that ties two terms together: the contract liability contains the revenue terms.
fn relation(a: usize, b: usize) -> String {
    let (whole, part) = if TERMS[b].name == "contract liabilities" {
        (b, a)
    } else {
        (a, b)
    };
    if TERMS[whole].name == "contract liabilities" {
        format!("contract liabilities, which consist of {}", TERMS[part].name)
    } else {
        format!("{} (also referred to as {})", TERMS[whole].name, TERMS[part].name)
    }
}

impl Rule for MixedTerms {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        // Uses of each term, in sentences, rows and headings.
        let mut uses: Vec<Vec<Range<usize>>> = vec![Vec::new(); TERMS.len()];
        let mut linked = [[false; 3]; 3];
        let mut gates: Vec<support::Gate> = TERMS.iter().map(|term| support::Gate::new(cx, term.re)).collect();
        let units = cx.units();
        let mut next_unit = 0;
        while let Some(u) = units.get(next_unit) {
            next_unit += 1;
            let may: [bool; 3] = std::array::from_fn(|i| gates[i].may_match(u));
            if may == [false; 3] {
                // No term starts before the first place a gate knows of: skip the units that end
                // before it.
                let next = gates
                    .iter()
                    .map(support::Gate::next_possible)
                    .min()
                    .unwrap_or(usize::MAX);
                next_unit = support::past_ruled_out(units, next_unit, next);
                continue;
            }
            let t = &cx.text[u.clone()];
            let mut present = [false; 3];
            for (i, p) in present.iter_mut().enumerate() {
                if may[i] {
                    let before = uses[i].len();
                    let found = TERMS[i].re.for_text(t).find_iter(t);
                    uses[i].extend(found.map(|m| u.start + m.start()..u.start + m.end()));
                    *p = uses[i].len() > before;
                }
            }
            // Two terms in one sentence are being related to each other ("contract liabilities,
            // which consist of deferred revenue"), which is what a reader needs.
            for i in (0..TERMS.len()).filter(|&i| present[i]) {
                for j in (0..TERMS.len()).filter(|&j| present[j]) {
                    linked[i][j] = true;
                }
            }
        }
        let used: Vec<usize> = (0..TERMS.len()).filter(|&i| !uses[i].is_empty()).collect();
        if used.len() < 2 {
            return;
        }
        let main = *used.iter().max_by_key(|&&i| uses[i].len()).expect("two terms used");
        for &other in &used {
            if other == main || linked[main][other] {
                continue;
            }
            let first = uses[other][0].clone();
            let mut f = cx.finding(
                &Self::META,
                first,
                format!(
                    "The note says \"{}\" here but \"{}\" elsewhere: use one term, or say once how they relate \
                     (e.g. \"{}\").",
                    TERMS[other].name,
                    TERMS[main].name,
                    relation(main, other)
                ),
            );
            f.related.push(Related {
                span: uses[main][0].clone(),
                message: format!("\"{}\" is used here.", TERMS[main].name),
            });
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_cover_every_match() {
        for term in &TERMS {
            support::assert_needles_cover(
                term.re,
                &[
                    "deferred revenue",
                    "Deferred Revenues",
                    "unearned revenue",
                    "contract liability",
                    "Contract Liabilities",
                    " ",
                    "’",
                    "é",
                    "x",
                ],
            );
        }
    }
}
