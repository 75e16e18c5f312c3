//! Hover: what the thing under the cursor is, in the core's terms. Amounts, percentages, dates,
//! periods and bands come from the facts; ASC paragraph references from the rules' metadata;
//! section headings from the sections and the facts inside them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::format::{dollars, percent, short_dollars};
use crate::date::Date;
use crate::facts::{Band, Concept, Fact, FactKind, ScaleSource};
use crate::reader::{BlockKind, Period};
use crate::rules::{RuleMeta, REGISTRY};
use crate::Analysis;

/// A hover's text (Markdown) and the byte span it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct HoverInfo {
    pub span: Range<usize>,
    pub markdown: String,
}

/// A hover for a client that renders only plain text: the same words without the Markdown
/// emphasis and code marks (the hovers use no other Markdown than those and `-` lists).
pub fn plain_text(markdown: &str) -> String {
    markdown.replace("**", "").replace('`', "")
}

pub fn hover(analysis: &Analysis, text: &str, offset: usize) -> Option<HoverInfo> {
    let offset = crate::position::floor_char_boundary(text, offset);
    if let Some(i) = fact_at(&analysis.facts, offset) {
        return Some(HoverInfo {
            span: analysis.facts[i].span.clone(),
            markdown: describe_fact(analysis, i),
        });
    }
    if let Some(info) = asc_reference_at(text, offset) {
        return Some(info);
    }
    heading_at(analysis, text, offset)
}

/// The smallest fact whose span holds `offset` (the end counts, so a cursor just after a figure
/// still finds it).
pub fn fact_at(facts: &[Fact], offset: usize) -> Option<usize> {
    facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.span.start <= offset && offset <= f.span.end)
        .min_by_key(|(_, f)| f.span.len())
        .map(|(i, _)| i)
}

fn element_line(concept: Concept) -> String {
    format!(
        "{} (`us-gaap:{}`, {})",
        concept.describe(),
        concept.element(),
        concept.reference()
    )
}

/// The amount a percentage implies, when it is a share of an amount it belongs to.
pub fn implied_amount(facts: &[Fact], i: usize) -> Option<(f64, &Fact)> {
    let fact = &facts[i];
    if fact.kind != FactKind::Percent {
        return None;
    }
    let parent = facts.get(fact.parent?)?;
    (parent.kind == FactKind::Amount).then_some((fact.value * parent.value, parent))
}

fn describe_fact(analysis: &Analysis, i: usize) -> String {
    let facts = &analysis.facts;
    let fact = &facts[i];
    let period = analysis.period.as_ref();
    let mut lines: Vec<String> = Vec::new();
    match fact.kind {
        FactKind::Amount => {
            lines.push(format!("**{}**", dollars(fact.value)));
            match fact.concept {
                Some(c) => lines.push(element_line(c)),
                None => lines.push("An amount not classified as an ASC 606 element.".into()),
            }
            lines.push(match fact.scale {
                Some(ScaleSource::Stated) => "Scale: stated with the figure.".into(),
                Some(ScaleSource::Heading) => format!("Scale: ×{} from a heading in scope.", dollars(fact.multiplier)),
                Some(ScaleSource::Assumed) => "Scale: none stated; taken as written, in dollars.".into(),
                None => String::new(),
            });
        }
        FactKind::Percent => {
            lines.push(format!("**{}**", percent(fact.value)));
            if let Some(c) = fact.concept {
                lines.push(element_line(c));
            }
            if let Some((amount, parent)) = implied_amount(facts, i) {
                lines.push(format!(
                    "≈ **{}** ({} of {}{})",
                    short_dollars(amount),
                    percent(fact.value),
                    short_dollars(parent.value),
                    parent
                        .concept
                        .map(|c| format!(", the {}", c.describe()))
                        .unwrap_or_default()
                ));
            }
        }
        FactKind::Date => {
            if let Some(d) = fact.date {
                lines.push(format!("**{}**", d.long()));
                lines.push(date_relation(d, period));
            }
        }
        FactKind::Period => {
            if let Some((start, end)) = fact.period {
                lines.push(format!("**{} – {}**", start.long(), end.long()));
                lines.push(date_relation(end, period).replace("This date", "The period's end"));
            }
        }
        FactKind::Band => {
            if let Some(b) = fact.band {
                lines.push(format!("**{}**", band_words(b)));
            }
        }
    }
    if fact.kind != FactKind::Band {
        if let Some(b) = fact.band {
            lines.push(format!("Time band: {}.", band_words(b)));
        }
    }
    if fact.kind != FactKind::Date && fact.kind != FactKind::Period {
        if let Some(d) = fact.date {
            lines.push(format!("As of {}.", d.long()));
        } else if let Some((start, end)) = fact.period {
            lines.push(format!("For the period {} to {}.", start.long(), end.long()));
        }
    }
    if let Some(parent) = fact.parent.and_then(|p| facts.get(p)) {
        if let Some(c) = parent.concept {
            lines.push(format!(
                "Part of the {} of {}.",
                c.describe(),
                short_dollars(parent.value)
            ));
        }
    }
    let feeds: Vec<String> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parent == Some(i))
        .map(|(j, f)| match implied_amount(facts, j) {
            Some((amount, _)) => format!(
                "- {} {}≈ {}",
                percent(f.value),
                f.band.map(|b| format!("in {} ", band_words(b))).unwrap_or_default(),
                short_dollars(amount)
            ),
            None => format!("- {}", f.concept.map_or("a related figure", |c| c.describe())),
        })
        .collect();
    if !feeds.is_empty() {
        lines.push(format!("Feeds:\n{}", feeds.join("\n")));
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n\n")
}

/// "months 1–12 after the period end", "after month 36".
pub fn band_words(b: Band) -> String {
    match b.to_month {
        Some(to) if b.from_month <= 1 => format!("the next {to} months after the period end"),
        Some(to) => format!("months {}–{to} after the period end", b.from_month),
        None => format!("from month {} on (thereafter)", b.from_month.max(1)),
    }
}

/// How a date stands to the note's period end.
pub fn date_relation(d: Date, period: Option<&Period>) -> String {
    let Some(end) = period.and_then(|p| p.end) else {
        return "The note's period end is unknown (set `period_end` or `form` in revlint.toml).".into();
    };
    if d.near(end, 3) {
        return format!("This date is the period end ({}).", end.long());
    }
    for months in 1..=60 {
        for (sign, word) in [(-1, "before"), (1, "after")] {
            if d.near(end.add_months(sign * months), 3) {
                let what = if sign < 0 && months % 12 == 0 {
                    " (a comparative year end)"
                } else if sign < 0 && period.and_then(|p| p.months) == Some(months as u32) {
                    " (the opening balance date)"
                } else {
                    ""
                };
                return format!(
                    "This date is {months} month{} {word} the period end ({}){what}.",
                    if months == 1 { "" } else { "s" },
                    end.long()
                );
            }
        }
    }
    let days = d.days() - end.days();
    let word = if days < 0 { "before" } else { "after" };
    format!(
        "This date is {} days {word} the period end ({}): neither the period end nor a comparative date.",
        days.abs(),
        end.long()
    )
}

static ASC_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\bASC\s+)?\b(\d{3}-\d{2}-\d{2}-\d+[A-Z]?)((?:\([a-z0-9]+\))*)").expect("valid regex")
});

/// "ASC 606-10-50-13(a)" → "606-10-50-13", "(a)".
fn paragraph_of(reference: &str) -> Option<(String, String)> {
    let c = ASC_REFERENCE.captures(reference)?;
    Some((c[1].to_string(), c[2].to_string()))
}

fn asc_reference_at(text: &str, offset: usize) -> Option<HoverInfo> {
    // Only the line around the cursor is searched, so a hover costs the line, not the text.
    let line_start = text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let m = ASC_REFERENCE.captures_iter(line).find(|c| {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        line_start + whole.start <= offset && offset <= line_start + whole.end
    })?;
    let whole = m.get(0)?.range();
    let paragraph = m[1].to_string();
    let sub = m[2].to_string();
    let markdown = requirement_text(&paragraph, &sub);
    Some(HoverInfo {
        span: line_start + whole.start..line_start + whole.end,
        markdown,
    })
}

/// What revlint knows a paragraph requires: the rules citing it, else the elements it asks for.
pub fn requirement_text(paragraph: &str, sub: &str) -> String {
    let cites = |meta: &RuleMeta, exact: bool| {
        paragraph_of(meta.reference).is_some_and(|(p, s)| p == paragraph && (!exact || s == sub))
            || meta.reference.split([',', ';']).any(|r| r.trim().ends_with(paragraph))
    };
    let mut rules: Vec<&RuleMeta> = REGISTRY.iter().map(|r| r.meta()).filter(|m| cites(m, true)).collect();
    if rules.is_empty() {
        rules = REGISTRY.iter().map(|r| r.meta()).filter(|m| cites(m, false)).collect();
    }
    let title = format!("**ASC {paragraph}{sub}**");
    if !rules.is_empty() {
        let body: Vec<String> = rules
            .iter()
            .map(|m| format!("{} (rule `{}`)", m.summary, m.id))
            .collect();
        return format!("{title}\n\n{}", body.join("\n\n"));
    }
    let concepts: Vec<String> = Concept::ALL
        .iter()
        .filter(|c| paragraph_of(c.reference()).is_some_and(|(p, _)| p == paragraph))
        .map(|c| format!("Asks for the {} (`us-gaap:{}`).", c.describe(), c.element()))
        .collect();
    if concepts.is_empty() {
        format!("{title}\n\nNot a paragraph revlint checks.")
    } else {
        format!("{title}\n\n{}", concepts.join("\n\n"))
    }
}

fn heading_at(analysis: &Analysis, text: &str, offset: usize) -> Option<HoverInfo> {
    let doc = &analysis.document;
    let (block_index, block) =
        doc.blocks.iter().enumerate().find(|(_, b)| {
            matches!(b.kind, BlockKind::Heading { .. }) && b.span.start <= offset && offset <= b.span.end
        })?;
    let section = doc.sections.iter().find(|s| s.heading_block == block_index)?;
    let mut concepts: Vec<Concept> = analysis
        .facts
        .iter()
        .filter(|f| f.span.start >= section.span.start && f.span.end <= section.span.end)
        .filter_map(|f| f.concept)
        .collect();
    concepts.sort();
    concepts.dedup();
    let title = text.get(section.title.clone()).unwrap_or("").trim();
    let mut md = format!("**{title}**\n\n");
    if concepts.is_empty() {
        md.push_str("No ASC 606 element found in this section.");
    } else {
        md.push_str("This section covers:\n");
        for c in concepts {
            md.push_str(&format!(
                "\n- {} (`us-gaap:{}`, {})",
                c.describe(),
                c.element(),
                c.reference()
            ));
        }
    }
    Some(HoverInfo {
        span: block.span.clone(),
        markdown: md,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{PeriodKind, PeriodSource};
    use crate::{analyze, Config, Input};

    #[test]
    fn plain_text_hovers_keep_the_words_without_markdown_marks() {
        let md =
            "**$791,400,000**\n\nRemaining performance obligations (`us-gaap:RevenueRemainingPerformanceObligation`).";
        assert_eq!(
            plain_text(md),
            "$791,400,000\n\nRemaining performance obligations (us-gaap:RevenueRemainingPerformanceObligation)."
        );
    }

    const NOTE: &str = "# Revenue\n\n## Remaining Performance Obligations\n\nAs of June 30, 2023, RPO was $791.4 million, approximately 65% of which is expected to be recognized over the next 12 months (ASC 606-10-50-13).\n";

    /// The facts extraction would give for NOTE, built by hand so the hover is tested on its own.
    fn analysis_with_facts() -> Analysis {
        let mut a = analyze(NOTE, Input { markdown: true }, &Config::default());
        let span = |s: &str| {
            let i = NOTE.find(s).unwrap();
            i..i + s.len()
        };
        let end = Date::new(2023, 6, 30);
        a.period = Some(Period {
            months: Some(6),
            end,
            kind: Some(PeriodKind::Interim),
            source: PeriodSource::Config,
        });
        let base = Fact {
            kind: FactKind::Amount,
            span: span("$791.4 million"),
            value: 791_400_000.0,
            scale: Some(ScaleSource::Stated),
            multiplier: 1e6,
            concept: Some(Concept::RevenueRemainingPerformanceObligation),
            date: end,
            period: None,
            band: None,
            parent: None,
        };
        a.facts = vec![
            Fact {
                kind: FactKind::Date,
                span: span("June 30, 2023"),
                value: 0.0,
                scale: None,
                multiplier: 1.0,
                concept: None,
                ..base.clone()
            },
            base.clone(),
            Fact {
                kind: FactKind::Percent,
                span: span("65%"),
                value: 0.65,
                scale: None,
                multiplier: 1.0,
                concept: Some(Concept::RevenueRemainingPerformanceObligationPercentage),
                band: Some(Band {
                    from_month: 1,
                    to_month: Some(12),
                }),
                parent: Some(1),
                ..base
            },
        ];
        a
    }

    fn hover_on(a: &Analysis, needle: &str) -> String {
        let at = NOTE.find(needle).unwrap() + 1;
        hover(a, NOTE, at).map(|h| h.markdown).unwrap_or_default()
    }

    #[test]
    fn amount_shows_value_element_date_and_what_it_feeds() {
        let a = analysis_with_facts();
        let md = hover_on(&a, "$791.4 million");
        assert!(md.contains("$791,400,000"), "{md}");
        assert!(md.contains("remaining performance obligations"), "{md}");
        assert!(md.contains("us-gaap:RevenueRemainingPerformanceObligation`"), "{md}");
        assert!(md.contains("June 30, 2023"), "{md}");
        assert!(
            md.contains("65% in the next 12 months after the period end ≈ $514.4 million"),
            "{md}"
        );
    }

    #[test]
    fn percentage_shows_implied_amount_and_band() {
        let a = analysis_with_facts();
        let md = hover_on(&a, "65%");
        assert!(md.contains("$514.4 million"), "{md}");
        assert!(md.contains("next 12 months"), "{md}");
    }

    #[test]
    fn date_relates_to_period_end() {
        let a = analysis_with_facts();
        assert!(hover_on(&a, "June 30, 2023").contains("the period end"));
        let p = a.period.unwrap();
        let prior = date_relation(Date::new(2022, 12, 31).unwrap(), Some(&p));
        assert!(
            prior.contains("6 months before") && prior.contains("opening balance"),
            "{prior}"
        );
        let odd = date_relation(Date::new(2023, 5, 17).unwrap(), Some(&p));
        assert!(odd.contains("neither"), "{odd}");
    }

    #[test]
    fn asc_reference_and_heading() {
        let a = analysis_with_facts();
        let md = hover_on(&a, "606-10-50-13");
        assert!(md.starts_with("**ASC 606-10-50-13**"), "{md}");
        assert!(md.contains("remaining performance obligations"), "{md}");
        let md = hover_on(&a, "Remaining Performance Obligations\n");
        assert!(md.contains("RevenueRemainingPerformanceObligation`"), "{md}");
        assert!(md.contains("RevenueRemainingPerformanceObligationPercentage"), "{md}");
    }

    #[test]
    fn nothing_on_plain_words_and_no_panic_anywhere() {
        let a = analysis_with_facts();
        assert!(hover(&a, NOTE, NOTE.find("approximately").unwrap() + 2).is_none());
        for i in 0..=NOTE.len() + 3 {
            if NOTE.is_char_boundary(i.min(NOTE.len())) {
                let _ = hover(&a, NOTE, i.min(NOTE.len()));
            }
        }
    }
}
