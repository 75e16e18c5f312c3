use std::sync::LazyLock;

use super::support::Pattern;

use super::support::{self, re_with_needles, Needle};
use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// That revenue is disaggregated into categories that show how economic factors affect its
    /// nature, amount, timing and uncertainty: by product or service line, geography, market or
    /// customer type, contract type or duration, timing of transfer (point in time / over time)
    /// or sales channel, in a table or in words ("Revenue by geographic location is as
    /// follows:", "The following table disaggregates our revenue by segment"), or a reference
    /// to where the note or the segment note gives it. A statement that (nearly) all revenue
    /// comes from a single source ("derives nearly all of its revenue through a recurring
    /// subscription model") is the disaggregation of an entity with one category.
    ///
    /// ## Why
    /// Coarse or missing disaggregation is the SEC staff's most frequent revenue comment. It is
    /// required in annual and interim notes (ASC 270-10-50-1A(a)); a nonpublic entity may give
    /// only revenue by timing of transfer plus qualitative information (ASC 606-10-50-7), which
    /// this rule also accepts.
    ///
    /// ## Example that passes
    /// > The following table sets forth revenue disaggregated by geographic markets based on the
    /// > location of the customer (dollars in thousands):
    ///
    /// ## Reference
    /// ASC 606-10-50-5, 50-6 (nonpublic entities: 50-7); interim ASC 270-10-50-1A(a).
    pub struct Disaggregation {
        id: "disaggregation",
        reference: "ASC 606-10-50-5",
        category: Category::Requirement,
        applies: Applies::ALWAYS,
        severity: Severity::Error,
        summary: "Revenue is disaggregated into categories (product, geography, market, timing, channel).",
    }
}

static DISAGGREGATION: LazyLock<Pattern> = LazyLock::new(|| {
    re_with_needles(
        r"(?i)disaggregat|\b(?:revenues?|sales) (?:\w+ ){0,4}by (?:\w+ ){0,2}(?:geograph\w*|region|country|countries|product|service|segment|type|category|categories|source|market|end[- ]market|channel|customer|contract|line|business|major|reportable|timing|brand|division|operating)|\bby (?:geographic (?:area|region|location|market)s?|reportable segment|product (?:line|category|group)|major (?:product|service|source|customer))|(?:point in time|over time)\b.{0,40}\b(?:revenues?|sales)\b.{0,20}\||(?:all|substantially all|nearly all|virtually all) of (?:its|our|the company's|the company’s) (?:net )?revenues? (?:\w+ ){0,4}(?:from|through) (?:a |one |its |our )?(?:single|one|recurring|subscription)|\b(?:single|one) (?:operating |reportable )?segment",
        // One word of each alternative, the rarest: "revenue" is in nearly every sentence.
        vec![
            Needle::new("disaggregat"),
            Needle::checked("by", |text, at| support::may_be_space(text, at + 2)),
            Needle::new("time"),
            Needle::checked("all", |text, at| support::may_be_space(text, at + 3)),
            Needle::new("segment"),
        ],
    )
});

impl Rule for Disaggregation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        // Most notes say "disaggregat", the pattern's first alternative, in so many words.
        if support::some_unit_holds(cx, "disaggregat") || support::says(cx, &[&DISAGGREGATION]) {
            return;
        }
        let at = support::after_opening_block(cx);
        out.push(support::missing(
            cx,
            &Self::META,
            "The note does not disaggregate revenue: give revenue by categories that show how economic factors \
             affect it (product line, geography, market, contract type, timing of transfer, sales channel) and how \
             they relate to segment revenue (ASC 606-10-50-5, 50-6)."
                .to_string(),
            format!(
                "The following table disaggregates our revenue for the {} by [insert category: product line, \
                 geography, timing of transfer] and reconciles it to segment revenue (in [insert scale]):\n\n\
                 [insert table]",
                support::period_words(cx)
            ),
            at,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A unit holding "disaggregat" in any ASCII case matches the pattern, whatever is around
        /// it (what `some_unit_holds` relies on).
        #[test]
        fn the_word_alone_matches(before in "\\PC{0,12}", upper in proptest::collection::vec(proptest::bool::ANY, 11), after in "\\PC{0,12}") {
            let word: String = "disaggregat"
                .chars()
                .zip(upper)
                .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                .collect();
            let text = format!("{before}{word}{after}");
            proptest::prop_assert!(DISAGGREGATION.is_match(&text), "{:?}", text);
        }
    }

    #[test]
    fn needles_cover_every_match() {
        support::assert_needles_cover(
            &DISAGGREGATION,
            &[
                "Disaggregated",
                "Revenue",
                "revenues ",
                "sales ",
                "by ",
                "BY\u{a0}",
                "geography",
                "region",
                "point in time",
                "over time",
                "|",
                " of ",
                "all ",
                "substantially all",
                "its ",
                "net ",
                "from ",
                "single ",
                "one ",
                "operating ",
                "segment",
                " ",
                "x ",
                "é",
                "recurring",
            ],
        );
    }
}
