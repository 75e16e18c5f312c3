use std::ops::Range;
use std::sync::LazyLock;

use super::char_window::{self, Unit, Words};
use super::support::Pattern;

use super::support::{self, re, re_with_needles, re_with_words, Needle, RPO};
use super::{Applies, Category, Context, Finding, Related, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::Concept;

declare_rule! {
    /// ## What it checks
    /// The shares of remaining performance obligations expected in each time band are between 0
    /// and 100%, and the bands of one RPO figure do not add up to more than 100%. It reads the
    /// RPO percentage facts, grouped by the RPO amount they belong to and their date, and, where
    /// no such facts were extracted, the percentages in sentences about remaining performance
    /// obligations ("58 percent over the next 24 months, 17 percent over the subsequent 12
    /// months and the remainder thereafter").
    ///
    /// ## Why
    /// Bands that exceed the whole are a typing error readers notice at once; XBRL US DQC_0076
    /// and 0077 check the same in the tags.
    ///
    /// ## Example that passes
    /// > Approximately 65% of RPO is expected to be recognized over the next 12 months and 30% in
    /// > the next 13 to 36 months.
    ///
    /// ## Reference
    /// ASC 606-10-50-13(b); XBRL US DQC_0076, DQC_0077.
    pub struct RpoPercentRange {
        id: "rpo-percent-range",
        reference: "ASC 606-10-50-13(b)",
        category: Category::Consistency,
        applies: Applies::ALWAYS,
        severity: Severity::Error,
        summary: "RPO time-band percentages are within 0-100% and sum to at most 100%.",
    }
}

static PERCENT: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_needles(
        r"(?i)(-?\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)",
        // Its leading digits give the regex crate's prefilter nothing to look for.
        vec![Needle::new("%"), Needle::new("cent")],
    )
});

/// A percentage followed by a time band: only those are RPO bands ("30% over the next 12 months").
static BAND_AFTER: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)^[^.;%]{0,120}?\b(?:months?|years?|thereafter|quarters?|within|beyond)\b"));

/// [`BAND_AFTER`]'s words, read by hand ([`char_window`]): the regex's window of 120 characters
/// makes its lazy DFA large, and each percentage walked fresh states of it.
static BAND_WORDS: LazyLock<Words> = LazyLock::new(|| {
    let words = [
        "month",
        "months",
        "year",
        "years",
        "thereafter",
        "quarter",
        "quarters",
        "within",
        "beyond",
    ];
    Words::new(&words, true, true)
});

/// Whether a time band follows the percentage that ends at `at` in the unit `t` ([`BAND_AFTER`]
/// matches `t[at..]`), read by hand in `unit` (`t` and its lowercase) where the note allows.
fn band_after(t: &str, unit: Option<Unit>, at: usize) -> bool {
    match unit.and_then(|u| u.from(at)) {
        Some(rest) => reads_band_after(rest),
        None => BAND_AFTER.is_match(t.get(at..).unwrap_or_default()),
    }
}

/// Whether `rest` matches [`BAND_AFTER`] (the note has neither of the letters `(?i)` folds to
/// `k` and `s`).
fn reads_band_after(rest: Unit) -> bool {
    BAND_WORDS.starts_in(rest, 0, char_window::window_end(rest.text, 0, 120, b".;%"))
}

static RPO_CONTINUED: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_words(
        r"(?i)\bof (?:which|this amount|these|that amount|the remaining)|\bexpects? to recognize|\bexpected to be recognized",
        // Not the "of " of every sentence, where the copy's search would restart.
        &["which", "amount", "these", "remaining", "expect"],
    )
});

/// A band percentage: where it is written and its fraction.
type Band = (Range<usize>, f64);
/// RPO percentages of one RPO amount (its fact index) at one date.
type GroupKey = (Option<usize>, Option<crate::date::Date>);

/// (span, fraction) of each band percentage, in groups that must sum to at most 100%.
fn groups(cx: &Context) -> Vec<Vec<Band>> {
    let facts: Vec<_> = cx
        .facts
        .iter()
        .filter(|f| f.is(Concept::RevenueRemainingPerformanceObligationPercentage) && f.value.is_finite())
        .collect();
    if !facts.is_empty() {
        let mut groups: Vec<(GroupKey, Vec<Band>)> = Vec::new();
        for f in facts {
            let key = (f.parent, f.date);
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1.push((f.span.clone(), f.value)),
                None => groups.push((key, vec![(f.span.clone(), f.value)])),
            }
        }
        return groups.into_iter().map(|g| g.1).collect();
    }
    // From the words: each sentence about RPO is one group (the next sentence may be about the
    // comparative date, whose bands make up another 100%).
    let mut out = Vec::new();
    let (mut rpo, mut continued) = (support::Gate::new(cx, &RPO), support::Gate::new(cx, &RPO_CONTINUED));
    let mut percent = support::Gate::new(cx, &PERCENT);
    let lowered = cx.lowered_text();
    for w in support::units(cx) {
        let t = &cx.text[w.clone()];
        if !percent.may_match(&w)
            || !(rpo.may_match(&w) && RPO.is_match(t) || continued.may_match(&w) && RPO_CONTINUED.is_match(t))
        {
            continue;
        }
        let unit = lowered.and_then(|l| Unit::of(cx.text, l, w.clone()));
        let bands: Vec<_> = PERCENT
            .for_text(t)
            .captures_iter(t)
            .filter_map(|c| {
                let m = c.get(0)?;
                if !band_after(t, unit, m.end()) {
                    return None;
                }
                let v: f64 = c[1].parse().ok()?;
                Some((w.start + m.start()..w.start + m.end(), v / 100.0))
            })
            .collect();
        if !bands.is_empty() {
            out.push(bands);
        }
    }
    out
}

impl Rule for RpoPercentRange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for group in groups(cx) {
            for (span, v) in &group {
                if !(0.0..=1.0).contains(v) {
                    out.push(cx.finding(
                        &Self::META,
                        span.clone(),
                        format!(
                            "An RPO time band of {} is outside 0-100%: correct the percentage (ASC 606-10-50-13(b)).",
                            cx.text.get(span.clone()).unwrap_or_default()
                        ),
                    ));
                }
            }
            let total: f64 = group.iter().map(|(_, v)| v).sum();
            if group.len() > 1 && total > 1.0 + 1e-6 && group.iter().all(|(_, v)| (0.0..=1.0).contains(v)) {
                let (last, _) = group.last().expect("non-empty group");
                let mut f = cx.finding(
                    &Self::META,
                    last.clone(),
                    format!(
                        "The RPO time bands add up to {:.0}%, more than 100%: correct the percentages \
                         (ASC 606-10-50-13(b)).",
                        total * 100.0
                    ),
                );
                for (span, _) in &group[..group.len() - 1] {
                    f.related.push(Related {
                        span: span.clone(),
                        message: "Another band of the same remaining performance obligations.".to_string(),
                    });
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "month",
        "Months",
        "monthly",
        "year",
        "YEARS",
        "yearly",
        "thereafter",
        "Thereafter",
        "quarter",
        "quarters",
        "within",
        "beyond",
        "Beyond",
        "next 12 ",
        "30%",
        "percent",
        "s",
    ];

    /// The pattern's regex as the regex crate compiles it.
    static PLAIN: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(BAND_AFTER.as_str()).unwrap());

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The hand reading answers as the pattern's regex.
        #[test]
        fn band_after_read_as_its_regex(pieces in proptest::collection::vec(0..char_window::tests::piece_count(PIECES, &[120]), 0..24)) {
            let text = char_window::tests::text_of(&pieces, PIECES, &[120]);
            let lowered = text.to_ascii_lowercase();
            let unit = Unit { text: &text, lowered: lowered.as_bytes() };
            prop_assert_eq!(reads_band_after(unit), PLAIN.is_match(&text), "{:?}", text);
        }
    }

    #[test]
    fn words_in_every_match() {
        support::assert_words_in_every_match(&RPO_CONTINUED);
    }

    #[test]
    fn needles_cover_every_match() {
        support::assert_needles_cover(
            &PERCENT,
            &[
                "12",
                "-3",
                "4.5",
                "٣",
                " ",
                "\u{a0}",
                "%",
                "percent",
                "PERCENT",
                "per cent",
                "Per  Cent",
                "x",
                "é",
                "s",
            ],
        );
    }
}
