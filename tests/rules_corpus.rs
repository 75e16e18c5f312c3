//! Requirement rules over the 49 real filed notes of `../shared/corpus`: no finding fires for an
//! element the filer tagged inside the note, and no finding has a span out of bounds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use revlint::config::{Config, Form};
use revlint::date::Date;
use revlint::{analyze, Input};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

struct Note {
    name: String,
    text: String,
    config: Config,
    /// us-gaap concepts tagged inside the note (with note spans).
    tagged: Vec<String>,
}

fn notes(dir: &Path) -> Vec<Note> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("corpus dir").flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let (Ok(text), Ok(facts)) = (
            std::fs::read_to_string(e.path().join("note.txt")),
            std::fs::read_to_string(e.path().join("facts.json")),
        ) else {
            continue;
        };
        let facts: serde_json::Value = serde_json::from_str(&facts).expect("facts.json parses");
        let config = Config {
            form: facts["document_type"].as_str().and_then(Form::parse),
            period_end: facts["period_end"].as_str().and_then(Date::parse_iso),
            ..Config::default()
        };
        let tagged = facts["asc606_facts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["note_spans"].as_array().is_some_and(|s| !s.is_empty()))
            .filter_map(|f| f["concept"].as_str().map(str::to_string))
            .collect();
        out.push(Note {
            name: e.file_name().to_string_lossy().into_owned(),
            text,
            config,
            tagged,
        });
    }
    out
}

/// Which rule must stay silent when which concepts are tagged inside the note.
const TAGGED_MEANS_MET: &[(&str, &[&str])] = &[
    ("rpo-amount", &["us-gaap:RevenueRemainingPerformanceObligation"]),
    (
        "liability-recognized",
        &["us-gaap:ContractWithCustomerLiabilityRevenueRecognized"],
    ),
    (
        "rpo-timing",
        &[
            "us-gaap:RevenueRemainingPerformanceObligationPercentage",
            "us-gaap:RevenueRemainingPerformanceObligationExpectedTimingOfSatisfactionPeriod1",
        ],
    ),
    (
        "contract-balances",
        &[
            "us-gaap:ContractWithCustomerLiability",
            "us-gaap:ContractWithCustomerLiabilityCurrent",
            "us-gaap:ContractWithCustomerLiabilityNoncurrent",
        ],
    ),
    (
        "contract-costs",
        &[
            "us-gaap:CapitalizedContractCostNet",
            "us-gaap:CapitalizedContractCostAmortization",
        ],
    ),
    (
        "prior-period-obligations",
        &["us-gaap:ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod"],
    ),
];

#[test]
fn no_requirement_finding_for_an_element_tagged_in_the_note() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let notes = notes(&dir);
    assert!(notes.len() >= 40, "corpus has {} notes", notes.len());
    let mut wrong = Vec::new();
    let mut per_rule: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for note in &notes {
        let analysis = analyze(&note.text, Input::default(), &note.config);
        for f in &analysis.findings {
            assert!(
                f.span.end <= note.text.len()
                    && note.text.is_char_boundary(f.span.start)
                    && note.text.is_char_boundary(f.span.end),
                "{}: {} span {:?} is not within the text",
                note.name,
                f.rule,
                f.span
            );
            per_rule.entry(f.rule).or_default().push(note.name.clone());
            if std::env::var_os("REVLINT_SHOW").is_some_and(|r| r == f.rule) {
                let line_start = note.text[..f.span.start].rfind('\n').map_or(0, |n| n + 1);
                let line_end = note.text[f.span.end..]
                    .find('\n')
                    .map_or(note.text.len(), |n| f.span.end + n);
                println!(
                    "{}: {}\n    {}",
                    note.name,
                    f.message,
                    &note.text[line_start..line_end.min(line_start + 400)]
                );
            }
        }
        for (rule, concepts) in TAGGED_MEANS_MET {
            let tagged = note.tagged.iter().any(|t| concepts.contains(&t.as_str()));
            if let Some(f) = analysis.findings.iter().find(|f| f.rule == *rule).filter(|_| tagged) {
                wrong.push(format!(
                    "{}: {} fired although tagged in the note: {}",
                    note.name, rule, f.message
                ));
            }
        }
    }
    println!("findings per rule over {} corpus notes:", notes.len());
    for (rule, names) in &per_rule {
        println!("  {rule:40} {:3}  {}", names.len(), names.join(" "));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
