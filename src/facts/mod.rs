//! Facts: the figures a note states, normalized and tied to what they mean.
//!
//! Amounts carry their scale (from their own words, "$791.4 million", or a heading in scope,
//! "(in thousands)"), percentages are fractions, dates and periods are calendar dates, and time
//! bands are month ranges ("next 12 months" = months 1–12). The facts that matter to ASC 606 are
//! classified by the us-gaap XBRL element a filer would tag them with.

mod bands;
mod classify;
mod dates;
mod money;
mod pairing;
mod parts;
mod percent;
mod sentence;
mod tables;

pub use classify::Word;

use std::ops::Range;

use serde::Serialize;

use crate::date::Date;
use crate::reader::{Document, Period};

pub use parts::{extract_edited, EarlierFacts, Parts};

/// What kind of figure a fact is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// Money, in dollars after scale.
    Amount,
    /// A percentage, as a fraction (65% = 0.65).
    Percent,
    /// A calendar date ("June 30, 2023").
    Date,
    /// A period phrase ("six months ended June 30, 2025").
    Period,
    /// A time band ("next 12 months", "13 to 36 months", "thereafter").
    Band,
}

/// How an amount got its scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScaleSource {
    /// Its own words: "$791.4 million".
    Stated,
    /// A heading or caption in scope: "(in thousands)", "$ in Millions".
    Heading,
    /// Neither: the figure is taken as written, in dollars.
    Assumed,
}

/// A us-gaap element, as a filer would tag the fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Concept {
    RevenueRemainingPerformanceObligation,
    RevenueRemainingPerformanceObligationPercentage,
    ContractWithCustomerLiabilityRevenueRecognized,
    ContractWithCustomerLiability,
    ContractWithCustomerAssetNet,
    AccountsReceivableNetCurrent,
    CapitalizedContractCostNet,
    CapitalizedContractCostAmortization,
    ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod,
    RevenueFromContractWithCustomerExcludingAssessedTax,
}

impl Concept {
    pub const ALL: &'static [Concept] = &[
        Concept::RevenueRemainingPerformanceObligation,
        Concept::RevenueRemainingPerformanceObligationPercentage,
        Concept::ContractWithCustomerLiabilityRevenueRecognized,
        Concept::ContractWithCustomerLiability,
        Concept::ContractWithCustomerAssetNet,
        Concept::AccountsReceivableNetCurrent,
        Concept::CapitalizedContractCostNet,
        Concept::CapitalizedContractCostAmortization,
        Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod,
        Concept::RevenueFromContractWithCustomerExcludingAssessedTax,
    ];

    /// The us-gaap element name.
    pub fn element(self) -> &'static str {
        match self {
            Concept::RevenueRemainingPerformanceObligation => "RevenueRemainingPerformanceObligation",
            Concept::RevenueRemainingPerformanceObligationPercentage => {
                "RevenueRemainingPerformanceObligationPercentage"
            }
            Concept::ContractWithCustomerLiabilityRevenueRecognized => "ContractWithCustomerLiabilityRevenueRecognized",
            Concept::ContractWithCustomerLiability => "ContractWithCustomerLiability",
            Concept::ContractWithCustomerAssetNet => "ContractWithCustomerAssetNet",
            Concept::AccountsReceivableNetCurrent => "AccountsReceivableNetCurrent",
            Concept::CapitalizedContractCostNet => "CapitalizedContractCostNet",
            Concept::CapitalizedContractCostAmortization => "CapitalizedContractCostAmortization",
            Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod => {
                "ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod"
            }
            Concept::RevenueFromContractWithCustomerExcludingAssessedTax => {
                "RevenueFromContractWithCustomerExcludingAssessedTax"
            }
        }
    }

    pub fn from_element(name: &str) -> Option<Concept> {
        let name = name.strip_prefix("us-gaap:").unwrap_or(name);
        Concept::ALL.iter().copied().find(|c| c.element() == name)
    }

    /// What it is, in words a reader of the note uses.
    pub fn describe(self) -> &'static str {
        match self {
            Concept::RevenueRemainingPerformanceObligation => "remaining performance obligations",
            Concept::RevenueRemainingPerformanceObligationPercentage => {
                "share of remaining performance obligations expected to be recognized in a time band"
            }
            Concept::ContractWithCustomerLiabilityRevenueRecognized => {
                "revenue recognized from the opening contract liability (deferred revenue)"
            }
            Concept::ContractWithCustomerLiability => "contract liabilities (deferred revenue)",
            Concept::ContractWithCustomerAssetNet => "contract assets",
            Concept::AccountsReceivableNetCurrent => "accounts receivable, net (including unbilled)",
            Concept::CapitalizedContractCostNet => "capitalized contract costs",
            Concept::CapitalizedContractCostAmortization => "amortization of capitalized contract costs",
            Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod => {
                "revenue from performance obligations satisfied in previous periods"
            }
            Concept::RevenueFromContractWithCustomerExcludingAssessedTax => "revenue from contracts with customers",
        }
    }

    /// The ASC paragraph that asks for it.
    pub fn reference(self) -> &'static str {
        match self {
            Concept::RevenueRemainingPerformanceObligation => "ASC 606-10-50-13(a)",
            Concept::RevenueRemainingPerformanceObligationPercentage => "ASC 606-10-50-13(b)",
            Concept::ContractWithCustomerLiabilityRevenueRecognized => "ASC 606-10-50-8(b)",
            Concept::ContractWithCustomerLiability
            | Concept::ContractWithCustomerAssetNet
            | Concept::AccountsReceivableNetCurrent => "ASC 606-10-50-8(a)",
            Concept::CapitalizedContractCostNet | Concept::CapitalizedContractCostAmortization => "ASC 340-40-50-3",
            Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod => "ASC 606-10-50-12A",
            Concept::RevenueFromContractWithCustomerExcludingAssessedTax => "ASC 606-10-50-5",
        }
    }

    /// Whether the fact is at an instant ("as of") rather than over a period.
    pub fn is_instant(self) -> bool {
        !matches!(
            self,
            Concept::ContractWithCustomerLiabilityRevenueRecognized
                | Concept::CapitalizedContractCostAmortization
                | Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod
                | Concept::RevenueFromContractWithCustomerExcludingAssessedTax
        )
    }
}

/// A time band in months from the period end: "next 12 months" = 1..=12, "13 to 36 months" =
/// 13..=36, "thereafter" = from the month after the last band, open-ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Band {
    pub from_month: u32,
    /// `None`: open-ended ("thereafter").
    pub to_month: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub kind: FactKind,
    /// The figure as written.
    pub span: Range<usize>,
    /// Dollars for amounts, a fraction for percentages, months for bands; 0 for dates and periods.
    pub value: f64,
    /// For amounts: where the scale came from.
    pub scale: Option<ScaleSource>,
    /// For amounts: the multiplier applied (1, 1e3, 1e6, 1e9).
    pub multiplier: f64,
    pub concept: Option<Concept>,
    /// The instant the fact is "as of".
    pub date: Option<Date>,
    /// The period the fact covers (start, end), for flows ("during the six months ended ...").
    pub period: Option<(Date, Date)>,
    /// The time band, for RPO percentages and amounts and for band facts.
    pub band: Option<Band>,
    /// Index of another fact this one belongs to (an RPO percentage → its RPO amount).
    pub parent: Option<usize>,
}

impl Fact {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.clone()]
    }

    pub fn is(&self, concept: Concept) -> bool {
        self.concept == Some(concept)
    }

    fn bare(kind: FactKind, span: Range<usize>, value: f64) -> Fact {
        Fact {
            kind,
            span,
            value,
            scale: None,
            multiplier: 1.0,
            concept: None,
            date: None,
            period: None,
            band: None,
            parent: None,
        }
    }

    /// An amount in dollars after scale.
    pub(crate) fn amount(span: Range<usize>, value: f64, multiplier: f64, scale: ScaleSource) -> Fact {
        Fact {
            scale: Some(scale),
            multiplier,
            ..Fact::bare(FactKind::Amount, span, value)
        }
    }
}

/// All facts of a document, in text order. `period` is the note's resolved period, used to date
/// facts that say "as of the end of the period" or give no date. `lowered` is the text with its
/// ASCII letters lowercased (`str::to_ascii_lowercase`), which the word searches read.
pub fn extract(text: &str, lowered: &str, doc: &Document, period: Option<&Period>) -> Vec<Fact> {
    parts::extract(text, lowered, doc, period).0
}

/// [`extract`], with the parts of the note the facts were found in, for [`extract_edited`].
pub fn extract_with_parts(text: &str, lowered: &str, doc: &Document, period: Option<&Period>) -> (Vec<Fact>, Parts) {
    parts::extract(text, lowered, doc, period)
}

/// Whether offsets, asked in increasing order, lie in one of `ranges` (in order, apart): the
/// tables whose figures the scanners of sentences leave out.
struct InRanges<'r> {
    ranges: std::iter::Peekable<std::slice::Iter<'r, Range<usize>>>,
}

impl<'r> InRanges<'r> {
    fn new(ranges: &'r [Range<usize>]) -> Self {
        InRanges {
            ranges: ranges.iter().peekable(),
        }
    }

    /// Whether `at` (no less than any offset asked before) lies in one of the ranges.
    fn contains(&mut self, at: usize) -> bool {
        while self.ranges.next_if(|r| r.end <= at).is_some() {}
        self.ranges.peek().is_some_and(|r| r.start <= at)
    }
}

#[cfg(test)]
mod tests;
