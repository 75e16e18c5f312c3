use std::ops::Range;
use std::sync::LazyLock;

use super::support::{self, re_with_needles, Needle, Pattern};
use super::{Applies, Category, Context, Finding, Related, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Word;

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
    /// The pattern read by hand ([`Term::matches`]): its two words in lowercase (the first
    /// searched for, its searcher built once), and the endings the second may take, in the order
    /// the pattern tries them.
    first: Word,
    second: &'static str,
    endings: &'static [&'static str],
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
        first: Word::new("deferred"),
        second: "revenue",
        endings: &["s", ""],
    },
    Term {
        name: "unearned revenue",
        re: &UNEARNED,
        first: Word::new("unearned"),
        second: "revenue",
        endings: &["s", ""],
    },
    Term {
        name: "contract liabilities",
        re: &CONTRACT,
        first: Word::new("contract"),
        second: "liabilit",
        endings: &["y", "ies"],
    },
];

impl Term {
    /// The matches of the term's pattern in `text`, as its `find_iter` finds them, read off
    /// `lowered` (`text` with its ASCII letters lowercased, and neither of the two non-ASCII
    /// letters `(?i)` folds to `k` and `s`): at each place the first word starts, a word
    /// boundary, white space, the second word, an ending and a word boundary. (Matches cannot
    /// overlap, and an occurrence of the first word inside another is inside a word.)
    fn matches<'t>(&'t self, text: &'t str, lowered: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let (first, second) = (self.first.word(), self.second);
        self.first.finder().find_iter(lowered.as_bytes()).filter_map(move |at| {
            // `at` and every offset below follow ASCII letters or white space: character boundaries.
            if support::word_character_before(text, at) {
                return None;
            }
            let gap = &text[at + first.len()..];
            let word = gap.trim_start_matches(char::is_whitespace);
            let second_at = text.len() - word.len();
            if word.len() == gap.len() || !lowered[second_at..].starts_with(second) {
                return None;
            }
            let stem_end = second_at + second.len();
            self.endings.iter().find_map(|ending| {
                let end = stem_end + ending.len();
                let ends_word = || !support::word_character_at(text, end);
                (lowered[stem_end..].starts_with(ending) && ends_word()).then_some(at..end)
            })
        })
    }
}

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
        let lowered = cx.lowered_text();
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
                    let at = |m: Range<usize>| u.start + m.start..u.start + m.end;
                    match lowered {
                        Some(lowered) => uses[i].extend(TERMS[i].matches(t, &lowered[u.clone()]).map(at)),
                        None => uses[i].extend(TERMS[i].re.for_text(t).find_iter(t).map(|m| at(m.range()))),
                    }
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
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "deferred",
        "Deferred",
        "DEFERRED",
        "unearned",
        "Unearned",
        "contract",
        "Contract",
        "revenue",
        "Revenue",
        "REVENUES",
        "liabilit",
        "Liabilit",
        "y",
        "ies",
        "IES",
        "s",
        "S",
        "x",
        "_",
        "1",
        "é",
        "’",
        " ",
        "  ",
        "\n",
        "\u{a0}",
        "\u{85}",
        "\u{2003}",
        "\u{1680}",
        "\u{200b}",
        ".",
        "-",
        "deferred revenue",
        "Unearned Revenues",
        "contract liabilit",
        "CONTRACT LIABILITIES",
    ];

    proptest! {
        /// The terms read by hand match exactly where their patterns' `find_iter` does.
        #[test]
        fn terms_read_as_their_patterns_match(pieces in proptest::collection::vec(0..PIECES.len(), 0..16)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let lowered = text.to_ascii_lowercase();
            for term in &TERMS {
                let plain: Vec<Range<usize>> = term.re.find_iter(&text).map(|m| m.range()).collect();
                prop_assert_eq!(term.matches(&text, &lowered).collect::<Vec<_>>(), plain, "{}", term.name);
            }
        }
    }

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
