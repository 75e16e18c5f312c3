//! Inlay hints: the normalized value after a scaled figure, the implied amount after an RPO
//! percentage.

use std::ops::Range;

use super::format::{dollars, short_dollars};
use super::hover::implied_amount;
use crate::facts::FactKind;
use crate::Analysis;

#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    /// Where the hint stands: just after the figure.
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
}

pub fn hints(analysis: &Analysis, range: Range<usize>) -> Vec<Hint> {
    let facts = &analysis.facts;
    let mut out = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        if f.span.end < range.start || f.span.start > range.end {
            continue;
        }
        match f.kind {
            FactKind::Amount if f.multiplier > 1.0 => out.push(Hint {
                offset: f.span.end,
                label: format!("= {}", dollars(f.value)),
                tooltip: f
                    .concept
                    .map_or_else(|| "amount after scale".to_string(), |c| c.describe().to_string()),
            }),
            FactKind::Percent => {
                if let Some((amount, parent)) = implied_amount(facts, i) {
                    out.push(Hint {
                        offset: f.span.end,
                        label: format!("≈ {}", short_dollars(amount)),
                        tooltip: format!("{} × {}", short_dollars(parent.value), super::format::percent(f.value)),
                    });
                }
            }
            _ => {}
        }
    }
    out
}
