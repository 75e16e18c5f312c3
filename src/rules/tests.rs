//! Each rule: a note that meets it, one that misses it, one that meets it in other words.

use super::*;
use crate::config::{Entity, Form};
use crate::date::Date;
use crate::facts::{Concept, FactKind};
use crate::{analyze, Analysis, Input};

fn config(form: &str, end: &str) -> Config {
    Config {
        form: Form::parse(form),
        period_end: Date::parse_iso(end),
        ..Config::default()
    }
}

fn annual(text: &str) -> Analysis {
    analyze(text, Input { markdown: true }, &config("10-K", "2024-12-31"))
}

fn interim(text: &str) -> Analysis {
    analyze(text, Input { markdown: true }, &config("10-Q", "2025-06-30"))
}

fn fired(a: &Analysis, rule: &str) -> bool {
    a.findings.iter().any(|f| f.rule == rule)
}

fn finding(a: &Analysis, rule: &str) -> Finding {
    a.findings
        .iter()
        .find(|f| f.rule == rule)
        .cloned()
        .unwrap_or_else(|| panic!("no {rule}: {:?}", a.findings))
}

/// The note with a fix applied.
fn apply(text: &str, fix: &Fix) -> String {
    let mut out = text.to_string();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        out.replace_range(e.span.clone(), &e.new_text);
    }
    out
}

const TITLE: &str = "# Note 2. Revenue\n\n";

fn note(paragraphs: &[&str]) -> String {
    format!("{TITLE}{}\n", paragraphs.join("\n\n"))
}

#[test]
fn rpo_amount() {
    let meets = note(&["As of December 31, 2024, remaining performance obligations were $5.4 billion, of which we expect to recognize 30% over the next 12 months."]);
    assert!(!fired(&annual(&meets), "rpo-amount"));
    let other_words = note(&["Backlog, the transaction price of firm orders not yet delivered, totaled $2.1 billion at December 31, 2024; we expect to recognize most of it within two years."]);
    assert!(!fired(&annual(&other_words), "rpo-amount"));
    let expedient = note(&["We do not disclose the value of unsatisfied performance obligations for contracts with an original expected length of one year or less."]);
    assert!(!fired(&annual(&expedient), "rpo-amount"));
    let misses =
        note(&["Deferred revenue was $12.0 million and $10.0 million as of December 31, 2024 and 2023, respectively."]);
    let a = annual(&misses);
    let f = finding(&a, "rpo-amount");
    assert_eq!((f.severity, f.reference), (Severity::Error, "ASC 606-10-50-13(a)"));
    assert_eq!(&misses[f.span.clone()], "Note 2. Revenue");
    // The fix inserts the template after the deferred revenue paragraph; its placeholders are
    // then flagged until filled, and the element no longer is.
    let fixed = apply(&misses, f.fix.as_ref().expect("fix"));
    assert!(fixed.contains("respectively.\n\nAs of December 31, 2024, the aggregate amount of the transaction price allocated to remaining performance obligations was $[X] million"), "{fixed}");
    let after = annual(&fixed);
    assert!(!fired(&after, "rpo-amount") && !fired(&after, "rpo-timing"));
    assert!(fired(&after, "placeholder"));
    // A nonpublic entity may omit it.
    let nonpublic = Config {
        entity: Entity::Nonpublic,
        ..config("10-K", "2024-12-31")
    };
    assert!(!fired(
        &analyze(&misses, Input { markdown: true }, &nonpublic),
        "rpo-amount"
    ));
}

#[test]
fn rpo_timing() {
    let meets = note(&["Remaining performance obligations were $54.0 million as of June 30, 2025, approximately 44% of which we expect to recognize over the next twelve months."]);
    assert!(!fired(&interim(&meets), "rpo-timing"));
    let other_words = note(&["The Company's remaining performance obligations were $967 million. The Company expects to recognize revenue on the majority of these remaining performance obligations over the next two years."]);
    assert!(!fired(&interim(&other_words), "rpo-timing"));
    let misses = note(&["As of June 30, 2025, remaining performance obligations were $1.12 billion."]);
    let a = interim(&misses);
    let f = finding(&a, "rpo-timing");
    assert_eq!(f.reference, "ASC 606-10-50-13(b)");
    let fixed = apply(&misses, f.fix.as_ref().expect("fix"));
    assert!(!fired(&interim(&fixed), "rpo-timing"), "{fixed}");
}

#[test]
fn rpo_expedients() {
    let meets = note(&["RPO was $5.0 million. We have elected the practical expedient not to disclose unsatisfied performance obligations with an original contract duration of one year or less."]);
    assert!(!fired(&interim(&meets), "rpo-expedients"));
    let other_words = note(&["RPO was $5.0 million. We do not disclose remaining performance obligations for contracts where we recognize revenue as invoiced."]);
    assert!(!fired(&interim(&other_words), "rpo-expedients"));
    let misses = note(&["RPO was $5.0 million as of June 30, 2025. We have elected the practical expedients available for the disclosure of remaining performance obligations."]);
    let f = finding(&interim(&misses), "rpo-expedients");
    assert_eq!(f.reference, "ASC 606-10-50-15");
    assert!(misses[f.span.clone()].starts_with("We have elected the practical expedients"));
}

#[test]
fn liability_recognized() {
    let meets = note(&["During the six months ended June 30, 2025, we recognized $1.2 million of revenue related to contracts that were included in unearned revenue at December 31, 2024."]);
    assert!(!fired(&interim(&meets), "liability-recognized"));
    let other_words = note(&[
        "Changes in contract liabilities were:",
        "| | 2025 |\n|---|---:|\n| Balance at beginning of period | $500 |\n| Revenue recognized that was included in the balance at the beginning of the period | (192) |",
    ]);
    assert!(!fired(&interim(&other_words), "liability-recognized"));
    let misses = note(&["As of June 30, 2025 and December 31, 2024, we had a deferred revenue balance of $2.3 million and $2.8 million, respectively."]);
    let a = interim(&misses);
    let f = finding(&a, "liability-recognized");
    assert_eq!((f.severity, f.reference), (Severity::Error, "ASC 606-10-50-8(b)"));
    let fixed = apply(&misses, f.fix.as_ref().expect("fix"));
    assert!(fixed.contains("During the [period] ended June 30, 2025, we recognized revenue of $[X] million that was included in the deferred revenue balance") || fixed.contains("deferred revenue balance as of"), "{fixed}");
    assert!(!fired(&interim(&fixed), "liability-recognized"));
}

#[test]
fn contract_balances() {
    let meets = note(&[
        "Contract assets were $1.8 million and $1.7 million as of June 30, 2025 and December 31, 2024, respectively.",
    ]);
    assert!(!fired(&interim(&meets), "contract-balances"));
    let other_words = note(&[
        "Our contract balances were as follows:",
        "| | June 30, 2025 |\n|---|---:|\n| Customer deposits | 120 |",
    ]);
    assert!(!fired(&interim(&other_words), "contract-balances"));
    let misses = note(&["We sell products to distributors and recognize revenue when control transfers."]);
    let f = finding(&interim(&misses), "contract-balances");
    assert_eq!(f.reference, "ASC 606-10-50-8(a)");
}

#[test]
fn prior_period_obligations() {
    let meets = note(&["Revenue recognized during the six months ended June 30, 2025 from performance obligations satisfied in prior periods was not material."]);
    assert!(!fired(&interim(&meets), "prior-period-obligations"));
    let other_words = note(&["Revenue of $45 million for the quarter relates to changes in the transaction price for obligations fulfilled in previous years."]);
    assert!(!fired(&interim(&other_words), "prior-period-obligations"));
    let misses = note(&["Deferred revenue was $10 million as of June 30, 2025."]);
    assert_eq!(
        finding(&interim(&misses), "prior-period-obligations").reference,
        "ASC 606-10-50-12A"
    );
}

#[test]
fn disaggregation() {
    let meets = note(&[
        "The following table disaggregates our revenue by major source (in millions):",
        "| Source | 2024 |\n|---|---:|\n| Products | 10 |",
    ]);
    assert!(!fired(&interim(&meets), "disaggregation"));
    let other_words = note(&["Revenue by geographic area, based on the customer's location, was $4.0 million in the United States and $1.0 million elsewhere."]);
    assert!(!fired(&interim(&other_words), "disaggregation"));
    let misses = note(&["Total revenue was $5.0 million for the six months ended June 30, 2025."]);
    assert_eq!(
        finding(&interim(&misses), "disaggregation").reference,
        "ASC 606-10-50-5"
    );
}

#[test]
fn performance_obligations_are_annual_only() {
    let meets = note(&["Product revenue is recognized at a point in time upon shipment."]);
    assert!(!fired(&annual(&meets), "performance-obligations"));
    let other_words = note(&["Our promise to stand ready is satisfied over time, and control of equipment passes to the customer on delivery."]);
    assert!(!fired(&annual(&other_words), "performance-obligations"));
    let misses = note(&["Deferred revenue was $10 million as of December 31, 2024."]);
    assert_eq!(
        finding(&annual(&misses), "performance-obligations").reference,
        "ASC 606-10-50-12"
    );
    assert!(!fired(&interim(&misses), "performance-obligations"));
}

#[test]
fn judgments_are_annual_only() {
    let meets = note(&[
        "Determining whether products and services are distinct performance obligations requires significant judgment.",
    ]);
    assert!(!fired(&annual(&meets), "judgments"));
    let other_words = note(&["We allocate the transaction price on the basis of standalone selling prices and act as principal rather than agent."]);
    assert!(!fired(&annual(&other_words), "judgments"));
    let misses = note(&["Deferred revenue was $10 million as of December 31, 2024."]);
    assert_eq!(finding(&annual(&misses), "judgments").reference, "ASC 606-10-50-17");
    assert!(!fired(&interim(&misses), "judgments"));
}

#[test]
fn over_time_methods() {
    let meets =
        note(&["Revenue from construction contracts is recognized over time using the cost-to-cost input method."]);
    assert!(!fired(&annual(&meets), "over-time-methods"));
    let other_words = note(&["Subscription revenue is recognized over time, ratably over the subscription term."]);
    assert!(!fired(&annual(&other_words), "over-time-methods"));
    let not_concerned = note(&["Revenue is recognized at a point in time upon delivery."]);
    assert!(!fired(&annual(&not_concerned), "over-time-methods"));
    let misses = note(&["Revenue from long-term contracts is recognized over time."]);
    let f = finding(&annual(&misses), "over-time-methods");
    assert_eq!(f.reference, "ASC 606-10-50-18");
}

#[test]
fn expedients_used() {
    let meets = note(&["We do not adjust the transaction price for a significant financing component when payment is due within one year."]);
    assert!(!fired(&annual(&meets), "expedients-used"));
    let other_words = note(&[
        "Sales commissions are expensed as incurred because the amortization period would be one year or less.",
    ]);
    assert!(!fired(&annual(&other_words), "expedients-used"));
    let misses = note(&["Deferred revenue was $10 million as of December 31, 2024."]);
    let f = finding(&annual(&misses), "expedients-used");
    assert_eq!((f.severity, f.reference), (Severity::Warning, "ASC 606-10-50-22"));
}

#[test]
fn contract_costs() {
    let meets = note(&[
        "Capitalized contract costs were $12.0 million as of December 31, 2024, amortized on a straight-line basis.",
    ]);
    assert!(!fired(&annual(&meets), "contract-costs"));
    let other_words = note(&["We immediately expense sales commissions when incurred as the amortization period would have been less than one year."]);
    assert!(!fired(&annual(&other_words), "contract-costs"));
    let also = note(&["Deferred commissions are amortized over five years."]);
    assert!(!fired(&annual(&also), "contract-costs"));
    let misses = note(&["Deferred revenue was $10 million as of December 31, 2024."]);
    assert_eq!(
        finding(&annual(&misses), "contract-costs").reference,
        "ASC 340-40-50-2, 50-3"
    );
    assert!(!fired(&interim(&misses), "contract-costs"));
}

#[test]
fn date_mismatch() {
    let meets = note(&["Deferred revenue was $328.0 million and $322.8 million as of June 30, 2025 and December 31, 2024, respectively, and $300.0 million as of June 30, 2024."]);
    assert!(!fired(&interim(&meets), "date-mismatch"));
    // A 52/53-week year ends near the month end; the opening balance in the quarter's words.
    let other_words = note(&["Revenue recognized in the three months ended June 30, 2025 that was included in deferred revenue as of March 29, 2025 was $5 million. Balances at Jul. 2, 2025 are shown."]);
    assert!(!fired(&interim(&other_words), "date-mismatch"));
    let misses = note(&[
        "This note covers the three and six months ended June 30, 2025.",
        "As of Mar. 31, 2025, remaining performance obligations were $1.12 billion.",
    ]);
    let a = interim(&misses);
    let f = finding(&a, "date-mismatch");
    assert_eq!(&misses[f.span.clone()], "Mar. 31, 2025");
    let fix = f.fix.as_ref().expect("fix");
    assert_eq!(fix.edits[0].new_text, "Jun. 30, 2025");
    let stale_year = note(&[
        "This note covers the three and six months ended June 30, 2025.",
        "As of December 31, 2025 and 2021, deferred revenue was $1 million and $2 million.",
    ]);
    let a = interim(&stale_year);
    let spans: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.rule == "date-mismatch")
        .map(|f| &stale_year[f.span.clone()])
        .collect();
    assert_eq!(spans, ["December 31, 2025"]);
    let f = finding(&a, "date-mismatch");
    assert_eq!(&stale_year[f.related[0].span.clone()], "June 30, 2025");
}

#[test]
fn liability_recognized_exceeds_opening_from_facts() {
    let text = note(&["Deferred revenue was $100.0 million as of December 31, 2024. Revenue of $150.0 million recognized in the six months ended June 30, 2025 was included in deferred revenue at the beginning of the year."]);
    let doc = crate::reader::Document::read(&text, true);
    let cfg = config("10-Q", "2025-06-30");
    let period = crate::resolve_period(&doc, &cfg);
    let amount = |needle: &str, value: f64, concept: Concept| {
        let start = text.find(needle).expect("amount in text");
        crate::facts::Fact {
            kind: FactKind::Amount,
            span: start..start + needle.len(),
            value,
            scale: Some(crate::facts::ScaleSource::Stated),
            multiplier: 1e6,
            concept: Some(concept),
            date: None,
            period: None,
            band: None,
            parent: None,
        }
    };
    let mut opening = amount("$100.0 million", 100e6, Concept::ContractWithCustomerLiability);
    opening.date = Date::new(2024, 12, 31);
    let mut recognized = amount(
        "$150.0 million",
        150e6,
        Concept::ContractWithCustomerLiabilityRevenueRecognized,
    );
    recognized.period = Some((
        Date::new(2025, 1, 1).expect("date"),
        Date::new(2025, 6, 30).expect("date"),
    ));
    let check = |facts: &[crate::facts::Fact]| {
        let lowered = text.to_ascii_lowercase();
        let cx = Context::new(&text, &lowered, &doc, facts, period.as_ref(), &cfg);
        let mut out = Vec::new();
        liability_recognized_exceeds_opening::LiabilityRecognizedExceedsOpening.check(&cx, &mut out);
        out
    };
    let out = check(&[opening.clone(), recognized.clone()]);
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(&text[out[0].span.clone()], "$150.0 million");
    assert_eq!(&text[out[0].related[0].span.clone()], "$100.0 million");
    recognized.value = 99.9e6;
    assert!(check(&[opening.clone(), recognized.clone()]).is_empty());

    // Regression (scale bench): the opening balance is now looked up by date, not by scanning
    // every liability for every recognized amount. The same balance must be found: the
    // largest positive one within a week of the day before the period, the last of equals.
    let mut far = opening.clone();
    far.date = Date::new(2024, 12, 20);
    far.value = 500e6;
    let mut negative = opening.clone();
    negative.value = -900e6;
    let mut week_off = opening.clone();
    week_off.date = Date::new(2025, 1, 7);
    week_off.value = 140e6;
    recognized.value = 130e6;
    let out = check(&[far.clone(), negative.clone(), opening.clone(), recognized.clone()]);
    assert_eq!(
        out.len(),
        1,
        "$100.0 million is the only opening balance in the week: {out:?}"
    );
    let out = check(&[far, negative, opening, week_off, recognized.clone()]);
    assert!(
        out.is_empty(),
        "$140 million on January 7 is within the week and the largest: {out:?}"
    );
}

#[test]
fn rpo_percent_range() {
    let meets = note(&[
        "RPO was $100 million, of which 65% is expected over the next 12 months and 30% in the next 13 to 36 months.",
    ]);
    assert!(!fired(&interim(&meets), "rpo-percent-range"));
    let other_words = note(&["Abbott expects to recognize revenue on approximately 58 percent of these remaining performance obligations over the next 24 months, approximately 17 percent over the subsequent 12 months and the remainder thereafter."]);
    assert!(!fired(&interim(&other_words), "rpo-percent-range"));
    let over = note(&[
        "RPO was $100 million, of which 75% is expected over the next 12 months and 40% in the next 13 to 36 months.",
    ]);
    let f = finding(&interim(&over), "rpo-percent-range");
    assert_eq!(f.reference, "ASC 606-10-50-13(b)");
    let outside = note(&["RPO was $100 million, of which 120% is expected over the next 12 months."]);
    assert!(fired(&interim(&outside), "rpo-percent-range"));
}

#[test]
fn scale_missing() {
    let meets = note(&["During the year ended December 31, 2024, we recognized revenue of $1,868 thousand that was included in deferred revenue."]);
    assert!(!fired(&annual(&meets), "scale-missing"));
    let other_words = note(&["Deferred revenue was $1.9 million; subscriptions are priced at $25 per month."]);
    assert!(!fired(&annual(&other_words), "scale-missing"));
    let misses = note(&["The following table shows revenue (in thousands):", "| | 2024 |\n|---|---:|\n| Revenue | 1,000 |", "During the year ended December 31, 2024, we recognized revenue of $1,868 that was included in deferred revenue."]);
    let a = annual(&misses);
    let f = finding(&a, "scale-missing");
    assert_eq!(&misses[f.span.clone()], "$1,868");
    assert_eq!(f.fix.as_ref().expect("fix").edits[0].new_text, " thousand");
}

#[test]
fn mixed_terms() {
    let meets = note(&[
        "Contract liabilities, which consist of deferred revenue, were $5 million.",
        "Deferred revenue is recognized ratably.",
    ]);
    assert!(!fired(&interim(&meets), "mixed-terms"));
    let other_words = note(&[
        "Unearned revenue was $5 million.",
        "Unearned revenue is recognized ratably.",
    ]);
    assert!(!fired(&interim(&other_words), "mixed-terms"));
    let misses = note(&[
        "Deferred revenue was $5 million.",
        "Deferred revenue is recognized ratably.",
        "Unearned revenue is classified as current.",
    ]);
    let a = interim(&misses);
    let f = finding(&a, "mixed-terms");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(&misses[f.span.clone()], "Unearned revenue");
}

#[test]
fn placeholder() {
    let meets = note(&["Revenue was $5.0 million. <!-- [X] in a comment is not the note -->"]);
    let a = interim(&meets);
    assert!(
        !a.findings
            .iter()
            .any(|f| f.rule == "placeholder" && meets[f.span.clone()].contains("[X]"))
            || meets.contains("<!--")
    );
    let misses = note(&[
        "Revenue was $[•] million, XX% of total, due [date]. TBD: [insert table]. Growth was ?? and $X.X million.",
    ]);
    let found: Vec<&str> = interim(&misses)
        .findings
        .iter()
        .filter(|f| f.rule == "placeholder")
        .map(|f| &misses[f.span.clone()])
        .collect();
    assert_eq!(found, ["[•]", "XX%", "[date]", "TBD", "[insert table]", "??", "$X.X"]);
    let other_words = note(&["Revenue grew 12% to $5.0 million; the XBRL tags follow."]);
    assert!(!fired(&interim(&other_words), "placeholder"));
}

#[test]
fn missing_table() {
    let meets = note(&[
        "The following table presents revenue by region (in millions):",
        "| Region | 2025 |\n|---|---:|\n| US | 5 |",
    ]);
    assert!(!fired(&interim(&meets), "missing-table"));
    let other_words = note(&[
        "Changes in deferred revenue were as follows:",
        "Six Months Ended June 30, 2025",
        "| Balance | 5 |\n|---|---:|\n| Billings | 3 |",
    ]);
    assert!(!fired(&interim(&other_words), "missing-table"));
    let misses = note(&[
        "The following table presents revenue by region:",
        "Revenue from the United States was 71% of the total.",
    ]);
    let f = finding(&interim(&misses), "missing-table");
    assert_eq!(
        &misses[f.span.clone()],
        "The following table presents revenue by region:"
    );
    // R pages render tables apart: never flagged there.
    let rpage = "Revenue |\n6 Months Ended |\nJun. 30, 2025 |\nRevenue from Contract with Customer [Abstract] |\nRevenue | The following table presents revenue by region:\n";
    let a = analyze(rpage, Input::default(), &Config::default());
    assert!(!fired(&a, "missing-table"), "{:?}", a.findings);
}

#[test]
fn checklist_counts_applicable_requirements() {
    let misses = note(&["Deferred revenue was $10 million as of December 31, 2024."]);
    let a = annual(&misses);
    let list = checklist(&a.findings, a.period.as_ref(), &config("10-K", "2024-12-31"));
    assert!(list.missing.contains(&"rpo-amount") && list.missing.contains(&"judgments"));
    assert!(list.met.contains(&"contract-balances"), "{list:?}");
    assert_eq!(
        list.summary(),
        format!("ASC 606: {} of {} elements", list.met.len(), list.total())
    );
    let q = interim(&misses);
    let list_q = checklist(&q.findings, q.period.as_ref(), &config("10-Q", "2025-06-30"));
    assert!(!list_q.missing.contains(&"judgments") && !list_q.met.contains(&"judgments"));
    assert!(list_q.total() < list.total());
}

#[test]
fn every_rule_has_the_doc_headings_and_a_reference() {
    let mut ids = std::collections::HashSet::new();
    for rule in REGISTRY {
        let m = rule.meta();
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        for h in ["## What it checks", "## Why", "## Example that passes", "## Reference"] {
            assert!(m.doc.contains(h), "{} lacks {h}", m.id);
        }
        assert!(
            m.reference.starts_with("ASC ") || m.reference.starts_with("Regulation "),
            "{}",
            m.id
        );
    }
    for id in [
        "disaggregation",
        "contract-balances",
        "liability-recognized",
        "prior-period-obligations",
        "performance-obligations",
        "rpo-amount",
        "rpo-timing",
        "rpo-expedients",
        "judgments",
        "expedients-used",
        "contract-costs",
        "date-mismatch",
        "liability-recognized-exceeds-opening",
        "rpo-percent-range",
        "scale-missing",
        "mixed-terms",
        "placeholder",
        "missing-table",
    ] {
        assert!(find(id).is_some(), "{id} not registered");
    }
}
