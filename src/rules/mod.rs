//! Rules: one small file per rule, registered in [`REGISTRY`].
//!
//! A rule is declared with [`declare_rule!`]: its doc comment, written under the fixed headings
//! `## What it checks`, `## Why`, `## Example that passes` and `## Reference`, is at once its
//! hover text, its page in `docs/rules/ID.md` and its `revlint rules ID` help.

use std::ops::Range;

use serde::Serialize;

use crate::config::{Config, Entity};
use crate::facts::Fact;
use crate::reader::{Document, Period};

mod placeholder;

/// Every rule, in the order their findings are reported.
pub static REGISTRY: &[&dyn Rule] = &[&placeholder::Placeholder];

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
    pub doc: &'a Document,
    pub facts: &'a [Fact],
    /// The resolved period (configuration over R-page header over the text's own phrases).
    pub period: Option<&'a Period>,
    pub config: &'a Config,
}

impl Context<'_> {
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
/// ```ignore
/// declare_rule! {
///     /// ## What it checks
///     /// ...
///     pub struct Placeholder {
///         id: "placeholder",
///         reference: "...",
///         category: Category::Hygiene,
///         applies: Applies::ALWAYS,
///         severity: Severity::Error,
///         summary: "...",
///     }
/// }
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
