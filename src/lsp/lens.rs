//! The checklist summary: how many of the ASC 606 elements that apply to this note it has.

use crate::config::{Config, RuleLevel};
use crate::rules::{applies, Category, REGISTRY};
use crate::Analysis;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    pub met: usize,
    pub total: usize,
    /// The rule ids of the required elements the note lacks.
    pub missing: Vec<&'static str>,
}

impl Checklist {
    pub fn title(&self) -> String {
        format!("ASC 606: {} of {} elements", self.met, self.total)
    }
}

/// Counts the requirement rules that apply (period, entity, not turned off by configuration or
/// a directive); one is met when it has no finding.
pub fn checklist(analysis: &Analysis, config: &Config) -> Checklist {
    let mut c = Checklist {
        met: 0,
        total: 0,
        missing: Vec::new(),
    };
    for rule in REGISTRY {
        let meta = rule.meta();
        if meta.category != Category::Requirement
            || !applies(meta, analysis.period.as_ref(), config)
            || config.rules.get(meta.id) == Some(&RuleLevel::Off)
            || analysis.document.is_disabled(meta.id)
        {
            continue;
        }
        c.total += 1;
        if analysis.findings.iter().any(|f| f.rule == meta.id) {
            c.missing.push(meta.id);
        } else {
            c.met += 1;
        }
    }
    c
}
