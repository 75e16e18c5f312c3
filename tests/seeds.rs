//! The five SEC R-page notes of `../shared/seeds` get what a reviewer would say.

use std::path::{Path, PathBuf};

use revlint::config::Config;
use revlint::rules::{checklist, find, Category};
use revlint::{analyze, Analysis, Input, Severity};

fn seed(prefix: &str) -> Option<(String, Analysis)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let path: PathBuf = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))?;
    let text = std::fs::read_to_string(path).ok()?;
    let analysis = analyze(&text, Input::default(), &Config::default());
    Some((text, analysis))
}

macro_rules! seed_or_skip {
    ($prefix:expr) => {
        match seed($prefix) {
            Some(s) => s,
            None => {
                eprintln!("skipping: ../shared/seeds is absent");
                return;
            }
        }
    };
}

fn rules(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.rule).collect()
}

fn errors(a: &Analysis) -> Vec<&'static str> {
    a.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule)
        .collect()
}

/// Spans within the text, on char boundaries; fixes too; no missing-table on R pages.
fn well_formed(text: &str, a: &Analysis) {
    for f in &a.findings {
        let spans = std::iter::once(&f.span)
            .chain(f.related.iter().map(|r| &r.span))
            .chain(f.fix.iter().flat_map(|x| x.edits.iter().map(|e| &e.span)));
        for s in spans {
            assert!(
                s.start <= s.end
                    && s.end <= text.len()
                    && text.is_char_boundary(s.start)
                    && text.is_char_boundary(s.end),
                "{}: span {s:?} out of bounds or not on a char boundary",
                f.rule
            );
        }
        assert!(
            f.reference.starts_with("ASC ") || f.reference.starts_with("Regulation "),
            "{}",
            f.reference
        );
    }
    assert!(!rules(a).contains(&"missing-table"), "R pages render tables apart");
}

fn report(name: &str, text: &str, a: &Analysis) {
    println!("seed {name}: period {:?}", a.period.map(|p| (p.months, p.end)));
    for f in &a.findings {
        println!(
            "  {:8} {:40} {:?} {}",
            f.severity.as_str(),
            f.rule,
            &text[f.span.clone()],
            f.message
        );
    }
    let list = checklist(&a.findings, a.period.as_ref(), &Config::default());
    println!("  {} (missing: {:?})", list.summary(), list.missing);
}

#[test]
fn seed_000_annual_states_rpo_with_bare_amounts() {
    let (text, a) = seed_or_skip!("000");
    report("000", &text, &a);
    well_formed(&text, &a);
    let r = rules(&a);
    // RPO ($5,434, 30% in 12 months) and revenue from opening deferred revenue ($1,868) are there.
    for met in [
        "rpo-amount",
        "rpo-timing",
        "liability-recognized",
        "contract-balances",
        "disaggregation",
    ] {
        assert!(!r.contains(&met), "{met} fired: {r:?}");
    }
    // "$1,868" and "$5,434" for a public company's deferred revenue and RPO are not dollars, and
    // nothing in the text says thousands.
    let scales: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.rule == "scale-missing")
        .map(|f| &text[f.span.clone()])
        .collect();
    assert_eq!(scales, ["$1,868", "$5,434"]);
    // An annual note that never says how it satisfies its obligations or what it judges.
    assert!(
        r.contains(&"performance-obligations") && r.contains(&"judgments"),
        "{r:?}"
    );
}

#[test]
fn seed_001_annual_without_rpo_or_expedient_is_an_rpo_amount_error() {
    let (text, a) = seed_or_skip!("001");
    report("001", &text, &a);
    well_formed(&text, &a);
    assert!(errors(&a).contains(&"rpo-amount"), "{:?}", rules(&a));
    let rpo = a.findings.iter().find(|f| f.rule == "rpo-amount").expect("rpo-amount");
    assert_eq!(rpo.reference, "ASC 606-10-50-13(a)");
    let fix = rpo.fix.as_ref().expect("a template fix");
    assert!(fix.edits[0]
        .new_text
        .contains("remaining performance obligations was $[X] million"));
    let r = rules(&a);
    // "the contract liability, which solely includes deferred revenue" ties the terms together.
    assert!(!r.contains(&"mixed-terms"), "{r:?}");
    // Receivables are stated, and the contract liability roll-forward (rendered apart on an R
    // page) carries the balances and the revenue recognized from them.
    assert!(
        !r.contains(&"contract-balances") && !r.contains(&"liability-recognized"),
        "{r:?}"
    );
    // "Nearly all of its revenue through a recurring subscription model": one category.
    assert!(!r.contains(&"disaggregation"), "{r:?}");
    // As a 10-K, nothing about capitalized commissions or the expedient to expense them.
    if a.period.is_some_and(|p| p.is_annual()) {
        assert!(r.contains(&"contract-costs"), "{r:?}");
    }
}

#[test]
fn seed_002_interim_meets_the_interim_elements() {
    let (text, a) = seed_or_skip!("002");
    report("002", &text, &a);
    well_formed(&text, &a);
    let r = rules(&a);
    for met in [
        "disaggregation",
        "contract-balances",
        "liability-recognized",
        "rpo-amount",
        "rpo-timing",
        "rpo-expedients",
        "rpo-percent-range",
        "date-mismatch",
        "scale-missing",
    ] {
        assert!(!r.contains(&met), "{met} fired: {r:?}");
    }
    // Nothing annual-only on a six-month note.
    for f in &a.findings {
        let meta = find(f.rule).expect("registered").meta();
        assert!(meta.applies.interim, "{} is annual-only", f.rule);
    }
}

#[test]
fn seed_003_interim_rpo_omitted_under_expedients_but_no_liability_recognized() {
    let (text, a) = seed_or_skip!("003");
    report("003", &text, &a);
    well_formed(&text, &a);
    let r = rules(&a);
    assert!(!r.contains(&"rpo-amount"), "{r:?}");
    assert!(!r.contains(&"rpo-timing"), "{r:?}");
    assert!(!r.contains(&"rpo-expedients"), "{r:?}");
    assert!(errors(&a).contains(&"liability-recognized"), "{r:?}");
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "liability-recognized")
        .expect("finding");
    assert_eq!(f.reference, "ASC 606-10-50-8(b)");
    let template = &f.fix.as_ref().expect("fix").edits[0].new_text;
    assert!(template.contains("nine months ended September 30, 2022"), "{template}");
    assert!(
        template.contains("deferred revenue balance as of December 31, 2021"),
        "{template}"
    );
}

#[test]
fn seed_004_interim_complete_rpo_and_liability() {
    let (text, a) = seed_or_skip!("004");
    report("004", &text, &a);
    well_formed(&text, &a);
    let r = rules(&a);
    for absent in [
        "rpo-amount",
        "rpo-timing",
        "liability-recognized",
        "contract-balances",
        "disaggregation",
    ] {
        assert!(!r.contains(&absent), "{absent} fired: {r:?}");
    }
    for f in &a.findings {
        let meta = find(f.rule).expect("registered").meta();
        assert!(
            meta.applies.interim || meta.category != Category::Requirement,
            "annual-only {} on an interim note",
            f.rule
        );
    }
}
