//! Rules: one small file per rule, registered in [`REGISTRY`].
//!
//! A rule is declared with [`crate::declare_rule!`]: its doc comment, written under the fixed headings
//! `## What it checks`, `## Why`, `## Example that passes` and `## Reference`, is at once its
//! hover text, its page in `docs/rules/ID.md` and its `revlint rules ID` help.

use std::ops::Range;

use serde::Serialize;

use crate::config::{Config, Entity};
use crate::facts::Fact;
use crate::reader::{Document, Period};

mod char_window;
mod contract_balances;
mod contract_costs;
mod date_mismatch;
mod date_reading;
mod disaggregation;
mod expedients_used;
mod judgments;
mod liability_recognized;
mod liability_recognized_exceeds_opening;
mod lowered_copy;
mod missing_table;
mod mixed_terms;
mod over_time_methods;
mod performance_obligations;
mod placeholder;
mod prior_period_obligations;
mod rpo_amount;
mod rpo_expedients;
mod rpo_percent_range;
mod rpo_timing;
mod scale_missing;
pub mod support;
mod word_window;

#[cfg(test)]
mod tests;

/// Every rule: requirements in the order of the ASC paragraphs, then consistency, then hygiene.
pub static REGISTRY: &[&dyn Rule] = &[
    &disaggregation::Disaggregation,
    &contract_balances::ContractBalances,
    &liability_recognized::LiabilityRecognized,
    &performance_obligations::PerformanceObligations,
    &prior_period_obligations::PriorPeriodObligations,
    &rpo_amount::RpoAmount,
    &rpo_timing::RpoTiming,
    &rpo_expedients::RpoExpedients,
    &judgments::Judgments,
    &over_time_methods::OverTimeMethods,
    &expedients_used::ExpedientsUsed,
    &contract_costs::ContractCosts,
    &date_mismatch::DateMismatch,
    &liability_recognized_exceeds_opening::LiabilityRecognizedExceedsOpening,
    &rpo_percent_range::RpoPercentRange,
    &scale_missing::ScaleMissing,
    &mixed_terms::MixedTerms,
    &placeholder::Placeholder,
    &missing_table::MissingTable,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// What a rule is about: a required disclosure, figures that must agree, or draft debris.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// A required ASC 606 / 340-40 element. These make up the checklist coverage.
    Requirement,
    Consistency,
    Hygiene,
}

/// Which notes a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applies {
    /// Annual (10-K) notes.
    pub annual: bool,
    /// Interim (10-Q) notes (ASC 270-10-50-1A).
    pub interim: bool,
    /// Whether a nonpublic entity may elect to omit it.
    pub nonpublic_may_omit: bool,
}

impl Applies {
    pub const ALWAYS: Applies = Applies {
        annual: true,
        interim: true,
        nonpublic_may_omit: false,
    };
    pub const ANNUAL: Applies = Applies {
        annual: true,
        interim: false,
        nonpublic_may_omit: false,
    };
}

/// A rule's fixed description.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    /// The ASC paragraph cited in its findings ("ASC 606-10-50-13(a)").
    pub reference: &'static str,
    pub category: Category,
    pub applies: Applies,
    pub severity: Severity,
    /// One line: what a note must have or must not do.
    pub summary: &'static str,
    /// The doc comment (Markdown).
    pub doc: &'static str,
}

/// Another place that matters to a finding (the period end a date contradicts).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

/// A text edit that fixes (or starts fixing) a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    pub new_text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub reference: &'static str,
    pub span: Range<usize>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

/// What a rule sees.
pub struct Context<'a> {
    pub text: &'a str,
    /// `text` with its ASCII letters lowercased: see [`Context::lowered_text`].
    lowered: &'a str,
    pub doc: &'a Document,
    pub facts: &'a [Fact],
    /// The resolved period (configuration over R-page header over the text's own phrases).
    pub period: Option<&'a Period>,
    pub config: &'a Config,
    /// What several rules need from the whole note, worked out once on first use.
    memo: support::Memo,
}

impl<'a> Context<'a> {
    /// `lowered` is `text` with its ASCII letters lowercased (`str::to_ascii_lowercase`).
    pub fn new(
        text: &'a str,
        lowered: &'a str,
        doc: &'a Document,
        facts: &'a [Fact],
        period: Option<&'a Period>,
        config: &'a Config,
    ) -> Context<'a> {
        Context {
            text,
            lowered,
            doc,
            facts,
            period,
            config,
            memo: support::Memo::default(),
        }
    }

    /// A finding of `rule` at `span`, with the rule's severity and reference.
    pub fn finding(&self, rule: &RuleMeta, span: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            reference: rule.reference,
            span,
            related: Vec::new(),
            fix: None,
        }
    }

    /// Where a finding about something missing from the whole note goes: the note's title.
    pub fn note_anchor(&self) -> Range<usize> {
        self.doc
            .blocks
            .iter()
            .find(|b| b.kind != crate::reader::BlockKind::Comment)
            .map(|b| {
                let line_end = self.text[b.span.clone()]
                    .find('\n')
                    .map_or(b.span.end, |n| b.span.start + n);
                b.span.start..line_end
            })
            .unwrap_or(self.doc.body.start..self.doc.body.start)
    }
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context, out: &mut Vec<Finding>);
}

/// Declares a rule's type and its [`RuleMeta`]; the doc comment becomes `RuleMeta::doc`.
///
/// ```
/// use revlint::declare_rule;
/// use revlint::rules::{Applies, Category, Severity};
///
/// declare_rule! {
///     /// ## What it checks
///     /// That no draft placeholder is left.
///     pub struct Placeholder {
///         id: "placeholder",
///         reference: "Regulation S-X 4-01(a)",
///         category: Category::Hygiene,
///         applies: Applies::ALWAYS,
///         severity: Severity::Error,
///         summary: "No placeholder is left in the note.",
///     }
/// }
///
/// assert_eq!(Placeholder::META.id, "placeholder");
/// assert!(Placeholder::META.doc.contains("## What it checks"));
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis struct $name:ident { $($field:ident : $value:expr),* $(,)? }) => {
        $(#[doc = $doc])*
        $vis struct $name;
        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                doc: concat!($($doc, "\n"),*),
                $($field: $value),*
            };
        }
    };
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}

/// Whether `rule` applies to a note of this period and entity. A note whose period is unknown
/// gets the annual requirements only where they also apply to interim notes, since claiming an
/// annual-only element is missing from what may be a 10-Q would be wrong.
pub fn applies(meta: &RuleMeta, period: Option<&Period>, config: &Config) -> bool {
    let a = meta.applies;
    if config.entity == Entity::Nonpublic && a.nonpublic_may_omit {
        return false;
    }
    match period.and_then(|p| p.kind) {
        Some(crate::reader::PeriodKind::Annual) => a.annual,
        Some(crate::reader::PeriodKind::Interim) => a.interim,
        None => a.interim || meta.category != Category::Requirement,
    }
}

/// Runs every applicable, enabled rule; applies configured severities and suppressions.
pub fn run(cx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in REGISTRY {
        let meta = rule.meta();
        let level = cx.config.rules.get(meta.id).copied();
        if level == Some(crate::config::RuleLevel::Off)
            || cx.doc.is_disabled(meta.id)
            || !applies(meta, cx.period, cx.config)
        {
            continue;
        }
        let start = findings.len();
        rule.check(cx, &mut findings);
        if let Some(crate::config::RuleLevel::On(sev)) = level {
            for f in &mut findings[start..] {
                f.severity = sev;
            }
        }
    }
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    findings
}

/// The ASC 606 checklist of a note: which applicable requirements it meets ("ASC 606: 9 of 11
/// elements"). A requirement is met when its rule made no finding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Checklist {
    pub met: Vec<&'static str>,
    pub missing: Vec<&'static str>,
}

impl Checklist {
    pub fn total(&self) -> usize {
        self.met.len() + self.missing.len()
    }

    /// "ASC 606: 9 of 11 elements".
    pub fn summary(&self) -> String {
        format!("ASC 606: {} of {} elements", self.met.len(), self.total())
    }
}

/// The checklist of the requirement rules that apply to a note of this period and entity and are
/// not turned off in `config`.
pub fn checklist(findings: &[Finding], period: Option<&Period>, config: &Config) -> Checklist {
    let mut list = Checklist::default();
    for rule in REGISTRY {
        let meta = rule.meta();
        if meta.category != Category::Requirement
            || config.rules.get(meta.id) == Some(&crate::config::RuleLevel::Off)
            || !applies(meta, period, config)
        {
            continue;
        }
        if findings.iter().any(|f| f.rule == meta.id) {
            list.missing.push(meta.id);
        } else {
            list.met.push(meta.id);
        }
    }
    list
}

impl Applies {
    /// "Annual (10-K) and interim (10-Q) notes; a nonpublic entity may omit it."
    pub fn describe(&self) -> String {
        let forms = match (self.annual, self.interim) {
            (true, true) => "Annual (10-K) and interim (10-Q) notes",
            (true, false) => "Annual (10-K) notes only",
            (false, true) => "Interim (10-Q) notes only",
            (false, false) => "No notes",
        };
        if self.nonpublic_may_omit {
            format!("{forms}; a nonpublic entity may elect to omit it.")
        } else {
            format!("{forms}.")
        }
    }
}

/// The rule's page, `docs/rules/ID.md`: title, summary, reference, what it applies to, then its
/// doc comment.
pub fn render_doc(meta: &RuleMeta) -> String {
    let doc: String = meta
        .doc
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let category = match meta.category {
        Category::Requirement => "requirement",
        Category::Consistency => "consistency",
        Category::Hygiene => "draft hygiene",
    };
    format!(
        "# `{}`\n\n{}\n\n- Reference: {}\n- Applies to: {}\n- Default severity: {} ({})\n\n{}\n",
        meta.id,
        meta.summary,
        meta.reference,
        meta.applies.describe(),
        meta.severity.as_str(),
        category,
        doc.trim()
    )
}

/// `docs/rules/README.md`: every rule with its summary and reference.
pub fn render_index() -> String {
    let mut out = String::from(
        "# revlint rules\n\nGenerated from each rule's doc comment (`cargo test --test rules_docs`; \
         `REVLINT_BLESS=1` rewrites). Requirements are counted in the \"ASC 606: N of M elements\" checklist.\n\n\
         | Rule | Category | Severity | Reference | Checks |\n|---|---|---|---|---|\n",
    );
    for rule in REGISTRY {
        let m = rule.meta();
        let category = match m.category {
            Category::Requirement => "requirement",
            Category::Consistency => "consistency",
            Category::Hygiene => "hygiene",
        };
        out.push_str(&format!(
            "| [`{}`]({}.md) | {} | {} | {} | {} |\n",
            m.id,
            m.id,
            category,
            m.severity.as_str(),
            m.reference,
            m.summary.replace('|', "\\|")
        ));
    }
    out
}
