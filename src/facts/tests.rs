//! Whole-note extraction on small hand-written notes.

use super::*;
use crate::reader::{PeriodKind, PeriodSource};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

fn interim(end: Date, months: u32) -> Period {
    Period {
        months: Some(months),
        end: Some(end),
        kind: Some(PeriodKind::Interim),
        source: PeriodSource::Config,
    }
}

fn facts_of(text: &str, period: &Period) -> Vec<Fact> {
    let doc = Document::read(text, false);
    extract(text, &text.to_ascii_lowercase(), &doc, Some(period))
}

const SEED_004: &str = "Remaining Performance Obligations (“RPO”)\n\nRPO represent the amount of contracted future revenue that has not yet been recognized as of the end of each period. As of June 30, 2023, the Company’s RPO was $791.4 million, approximately 65% of which is expected to be recognized as revenue over the next 12 months and the substantial majority of the remainder in the next 13 to 36 months.\n\nDeferred Revenue\n\nDeferred revenue, including current and non-current balances as of June 30, 2023 and December 31, 2022 was $328.0 million and $322.8 million, respectively. For the six months ended June 30, 2023 and 2022, revenue recognized from deferred revenue at the beginning of the year was $199.9 million and $152.7 million, respectively.\n";

#[test]
fn seed_004_sentences() {
    let p = interim(d(2023, 6, 30), 6);
    let facts = facts_of(SEED_004, &p);
    let rpo: Vec<&Fact> = facts
        .iter()
        .filter(|f| f.is(Concept::RevenueRemainingPerformanceObligation))
        .collect();
    assert_eq!(rpo.len(), 1);
    assert_eq!(rpo[0].value, 791_400_000.0);
    assert_eq!(rpo[0].date, Some(d(2023, 6, 30)));
    assert_eq!(rpo[0].scale, Some(ScaleSource::Stated));

    let pct: Vec<(usize, &Fact)> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is(Concept::RevenueRemainingPerformanceObligationPercentage))
        .collect();
    assert_eq!(pct.len(), 1);
    let (_, p65) = pct[0];
    assert_eq!(p65.value, 0.65);
    assert_eq!(
        p65.band,
        Some(Band {
            from_month: 1,
            to_month: Some(12)
        })
    );
    assert_eq!(p65.date, Some(d(2023, 6, 30)));
    let parent = &facts[p65.parent.expect("percentage has its RPO")];
    assert_eq!(parent.value, 791_400_000.0);

    let bands: Vec<Band> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Band)
        .filter_map(|f| f.band)
        .collect();
    assert!(
        bands.contains(&Band {
            from_month: 13,
            to_month: Some(36)
        }),
        "{bands:?}"
    );

    let liability: Vec<(f64, Option<Date>)> = facts
        .iter()
        .filter(|f| f.is(Concept::ContractWithCustomerLiability))
        .map(|f| (f.value, f.date))
        .collect();
    assert_eq!(
        liability,
        vec![
            (328_000_000.0, Some(d(2023, 6, 30))),
            (322_800_000.0, Some(d(2022, 12, 31)))
        ]
    );

    let recognized: Vec<(f64, Option<(Date, Date)>)> = facts
        .iter()
        .filter(|f| f.is(Concept::ContractWithCustomerLiabilityRevenueRecognized))
        .map(|f| (f.value, f.period))
        .collect();
    assert_eq!(
        recognized,
        vec![
            (199_900_000.0, Some((d(2023, 1, 1), d(2023, 6, 30)))),
            (152_700_000.0, Some((d(2022, 1, 1), d(2022, 6, 30))))
        ]
    );
    // Text order.
    assert!(facts.windows(2).all(|w| w[0].span.start <= w[1].span.start));
}

#[test]
fn rpo_without_a_date_takes_the_period_end() {
    let text = "Remaining performance obligations were $1.2 billion, of which we expect to recognize approximately 52% as revenue over the next 12 months, 37% over the subsequent 13 to 36 months, and the remainder thereafter.\n";
    let p = interim(d(2023, 12, 31), 12);
    let facts = facts_of(text, &p);
    let pct: Vec<(f64, Option<Band>, Option<Date>)> = facts
        .iter()
        .filter(|f| f.is(Concept::RevenueRemainingPerformanceObligationPercentage))
        .map(|f| (f.value, f.band, f.date))
        .collect();
    assert_eq!(
        pct,
        vec![
            (
                0.52,
                Some(Band {
                    from_month: 1,
                    to_month: Some(12)
                }),
                Some(d(2023, 12, 31))
            ),
            (
                0.37,
                Some(Band {
                    from_month: 13,
                    to_month: Some(36)
                }),
                Some(d(2023, 12, 31))
            )
        ]
    );
    let thereafter = facts.iter().filter_map(|f| f.band).any(|b| {
        b == Band {
            from_month: 37,
            to_month: None,
        }
    });
    assert!(thereafter);
}

#[test]
fn in_thousands_table() {
    let text = "Contract Balances\n\nThe following table presents contract balances (in thousands):\n\nJune 30, 2023 | December 31, 2022\nContract assets | $551 | $1,868\nContract liabilities | 12,400 | (12)\nOther | — | 3\n";
    let p = interim(d(2023, 6, 30), 6);
    let facts = facts_of(text, &p);
    type Amount = (f64, Option<ScaleSource>, Option<Concept>, Option<Date>);
    let amounts: Vec<Amount> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Amount)
        .map(|f| (f.value, f.scale, f.concept, f.date))
        .collect();
    assert_eq!(
        amounts[0],
        (
            551_000.0,
            Some(ScaleSource::Heading),
            Some(Concept::ContractWithCustomerAssetNet),
            Some(d(2023, 6, 30))
        )
    );
    assert_eq!(amounts[1].0, 1_868_000.0);
    assert_eq!(amounts[1].3, Some(d(2022, 12, 31)));
    assert_eq!(amounts[2].2, Some(Concept::ContractWithCustomerLiability));
    assert_eq!(amounts[3].0, -12_000.0);
    assert_eq!(amounts[4].0, 3_000.0);
    assert_eq!(amounts[4].2, None);
}

#[test]
fn rollforward_revenue_recognized_row() {
    let text = "Changes in contract liabilities are as follows:\n\n(in millions)\n\nContract Liabilities:\nBalance at December 31, 2022 | $500\nUnearned revenue from cash received during the period | 243\nRevenue recognized related to contract liability balance | (192)\nBalance at June 30, 2023 | $551\n";
    let p = interim(d(2023, 6, 30), 6);
    let facts = facts_of(text, &p);
    let rr: Vec<(f64, Option<(Date, Date)>)> = facts
        .iter()
        .filter(|f| f.is(Concept::ContractWithCustomerLiabilityRevenueRecognized))
        .map(|f| (f.value, f.period))
        .collect();
    assert_eq!(rr, vec![(192_000_000.0, Some((d(2023, 1, 1), d(2023, 6, 30))))]);
}

#[test]
fn nothing_panics_on_odd_text() {
    let p = interim(d(2023, 6, 30), 6);
    for t in [
        "",
        "$",
        "$$ 12 %",
        "| $ | ( ) |\n|—|",
        "thereafter thereafter",
        "June 31, 2023",
        "€ 5 ünïcödé $5 million 5%",
    ] {
        let _ = facts_of(t, &p);
    }
}

/// The amounts of `concept`, each with the end of its period (flows) or its date (balances).
fn amounts_of(facts: &[Fact], concept: Concept) -> Vec<(f64, Option<Date>)> {
    facts
        .iter()
        .filter(|f| f.is(concept))
        .map(|f| (f.value, f.period.map(|p| p.1).or(f.date)))
        .collect()
}

#[test]
fn contract_cost_amortization_in_other_words() {
    let p = Period {
        kind: Some(PeriodKind::Annual),
        months: Some(12),
        ..interim(d(2024, 4, 30), 12)
    };
    // The expense named before the cost, and reported in an income statement line.
    let text = "Expenses recognized for costs to obtain a contract for the years ended April 30, 2024, 2023 and 2022 were $7.2 million, $5.9 million and $5.1 million, respectively, and are included in sales and marketing expenses.\n";
    assert_eq!(
        amounts_of(&facts_of(text, &p), Concept::CapitalizedContractCostAmortization),
        vec![
            (7_200_000.0, Some(d(2024, 4, 30))),
            (5_900_000.0, Some(d(2023, 4, 30))),
            (5_100_000.0, Some(d(2022, 4, 30)))
        ]
    );
    // The expense named before the figures, the cost after them.
    let text = "During the three months ended June 30, 2023 and 2022, the Company recognized amortization expense of $66 million and $48 million, respectively, related to costs to obtain or fulfill a contract.\n";
    assert_eq!(
        amounts_of(
            &facts_of(text, &interim(d(2023, 6, 30), 3)),
            Concept::CapitalizedContractCostAmortization
        ),
        vec![(66e6, Some(d(2023, 6, 30))), (48e6, Some(d(2022, 6, 30)))]
    );
    // "Net of accumulated amortization" is said of the balance.
    let text =
        "Capitalized contract costs, net of accumulated amortization, were $41.3 million as of April 30, 2024.\n";
    let facts = facts_of(text, &p);
    assert_eq!(
        amounts_of(&facts, Concept::CapitalizedContractCostNet),
        vec![(41_300_000.0, Some(d(2024, 4, 30)))]
    );
    assert!(amounts_of(&facts, Concept::CapitalizedContractCostAmortization).is_empty());
    // A part of a balance in another balance sheet line is still not the element's total.
    let text = "Deferred revenue was $453 million as of April 30, 2024. Of this amount, $352 million was included in other accrued expenses.\n";
    assert_eq!(
        amounts_of(&facts_of(text, &p), Concept::ContractWithCustomerLiability),
        vec![(453e6, Some(d(2024, 4, 30)))]
    );
}

#[test]
fn revenue_from_obligations_satisfied_in_prior_periods() {
    let p = Period {
        kind: Some(PeriodKind::Annual),
        months: Some(12),
        ..interim(d(2023, 12, 31), 12)
    };
    let text = "Revenue recognized from performance obligations satisfied in prior periods was $462 million in 2023, $556 million in 2022, and $561 million in 2021.\n";
    let concept = Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod;
    assert_eq!(
        amounts_of(&facts_of(text, &p), concept),
        vec![
            (462e6, Some(d(2023, 12, 31))),
            (556e6, Some(d(2022, 12, 31))),
            (561e6, Some(d(2021, 12, 31)))
        ]
    );
    // Remaining obligations are not satisfied ones.
    let text = "Remaining performance obligations, which are not yet satisfied, were $1.2 billion as of December 31, 2023; revenue from obligations satisfied in prior periods was not material.\n";
    assert!(amounts_of(&facts_of(text, &p), concept).is_empty());
}
