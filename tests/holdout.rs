//! A holdout set: revenue-note excerpts written for this test in the styles US filers use
//! (software, industrials, defense, healthcare, telecom, retail, media, semiconductors,
//! construction; annual and interim; R pages, Markdown, plain text with ` | ` tables), none taken
//! from `../shared/corpus/`. It measures how the extractor does on wording it was not tuned on.
//!
//! Each `tests/holdout/NN_name.{md,txt}` has a `NN_name.json` beside it with the form, the period
//! end, the facts a filer would tag (`concept`, `value` in dollars or as a fraction, `date`: the
//! instant or the period end, and `from_month`/`to_month` for a percentage's time band) and
//! `negatives`: passages whose figures are no RPO, RPO percentage or revenue recognized from the
//! opening liability (revenue totals, segment revenue, changes, concentrations).
//!
//! Scoring follows tests/corpus.rs: precision = extracted facts of a concept that match an
//! expected fact, recall = expected facts (distinct by value and date) that are extracted. The
//! three scored concepts are listed completely in every expectation file, so their precision is
//! counted over all fixtures; the other concepts only over the fixtures that list them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use revlint::config::Form;
use revlint::date::Date;
use revlint::{analyze, Concept, Config, Fact};

const SCORED: [Concept; 3] = [
    Concept::RevenueRemainingPerformanceObligation,
    Concept::RevenueRemainingPerformanceObligationPercentage,
    Concept::ContractWithCustomerLiabilityRevenueRecognized,
];
const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.95;
const DATE_TOLERANCE_DAYS: i64 = 7;

struct Expected {
    concept: Concept,
    value: f64,
    date: Date,
    /// For percentages: the time band (from, to; `None` = open-ended).
    band: Option<(u32, Option<u32>)>,
}

struct Fixture {
    name: String,
    text: String,
    markdown: bool,
    config: Config,
    expected: Vec<Expected>,
    negatives: Vec<String>,
}

fn holdout_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/holdout")
}

fn load(json_path: &Path) -> Fixture {
    let stem = json_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let note = ["md", "txt"]
        .iter()
        .map(|ext| json_path.with_extension(ext))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{stem}: no .md or .txt beside the .json"));
    let text = std::fs::read_to_string(&note).unwrap_or_else(|e| panic!("{}: {e}", note.display()));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(json_path).unwrap_or_else(|e| panic!("{}: {e}", json_path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
    let config = Config {
        form: json["form"].as_str().and_then(Form::parse),
        period_end: json["period_end"].as_str().and_then(Date::parse_iso),
        ..Config::default()
    };
    assert!(
        config.form.is_some() && config.period_end.is_some(),
        "{stem}: form and period_end"
    );
    let expected = json["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let concept = f["concept"]
                .as_str()
                .and_then(Concept::from_element)
                .unwrap_or_else(|| panic!("{stem}: unknown concept {}", f["concept"]));
            let value = f["value"].as_f64().unwrap_or_else(|| panic!("{stem}: value"));
            let date = f["date"]
                .as_str()
                .and_then(Date::parse_iso)
                .unwrap_or_else(|| panic!("{stem}: date"));
            let band = f["from_month"]
                .as_u64()
                .map(|from| (from as u32, f["to_month"].as_u64().map(|t| t as u32)));
            Expected {
                concept,
                value,
                date,
                band,
            }
        })
        .collect();
    let negatives = json["negatives"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n.as_str().map(str::to_string))
        .collect::<Vec<_>>();
    for n in &negatives {
        assert!(
            text.contains(n.as_str()),
            "{stem}: negative passage not in the note: {n}"
        );
    }
    Fixture {
        name: stem,
        markdown: note.extension().is_some_and(|e| e == "md"),
        text,
        config,
        expected,
        negatives,
    }
}

fn fact_date(f: &Fact) -> Option<Date> {
    f.date.or(f.period.map(|(_, end)| end))
}

/// Value (as a magnitude, to the expected figure's precision) and date; for percentages the band too.
fn matches(f: &Fact, e: &Expected) -> bool {
    let tolerance = (e.value.abs() * 1e-6).max(1e-9);
    f.concept == Some(e.concept)
        && (f.value.abs() - e.value.abs()).abs() <= tolerance
        && fact_date(f).is_some_and(|d| d.near(e.date, DATE_TOLERANCE_DAYS))
        && (e.concept != Concept::RevenueRemainingPerformanceObligationPercentage
            || f.band.map(|b| (b.from_month, b.to_month)) == e.band)
}

fn describe(f: &Fact, text: &str) -> String {
    let band = f
        .band
        .map(|b| {
            format!(
                " band={}..{}",
                b.from_month,
                b.to_month.map_or("".into(), |t| t.to_string())
            )
        })
        .unwrap_or_default();
    format!(
        "{} value={} date={}{band} text={:?}",
        f.concept.map_or("-", |c| c.element()),
        f.value,
        fact_date(f).map_or("-".into(), |d| d.to_string()),
        f.text(text)
    )
}

fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(100);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[[{}]]{}", &text[a..start], &text[start..end], &text[end..b]).replace('\n', " ⏎ ")
}

#[derive(Default)]
struct Score {
    fixtures: usize,
    extracted: usize,
    matched: usize,
    expected: usize,
    found: usize,
}

#[test]
fn holdout_precision_and_recall() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(holdout_dir())
        .expect("tests/holdout")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let fixtures: Vec<Fixture> = paths.iter().map(|p| load(p)).collect();
    assert!(fixtures.len() >= 20, "the holdout set has {} fixtures", fixtures.len());

    let mut scores: BTreeMap<Concept, Score> = BTreeMap::new();
    let mut report = String::new();
    let mut negative_hits = Vec::new();
    for fx in &fixtures {
        let analysis = analyze(&fx.text, revlint::Input { markdown: fx.markdown }, &fx.config);
        for &concept in Concept::ALL {
            let expected: Vec<&Expected> = fx.expected.iter().filter(|e| e.concept == concept).collect();
            let extracted: Vec<&Fact> = analysis.facts.iter().filter(|f| f.is(concept)).collect();
            let score = scores.entry(concept).or_default();
            if SCORED.contains(&concept) || !expected.is_empty() {
                score.fixtures += 1;
                score.extracted += extracted.len();
                for f in &extracted {
                    if expected.iter().any(|e| matches(f, e)) {
                        score.matched += 1;
                    } else {
                        let _ = writeln!(
                            report,
                            "WRONG  {} {} :: {}",
                            fx.name,
                            describe(f, &fx.text),
                            context(&fx.text, f.span.start, f.span.end)
                        );
                    }
                }
            }
            let mut seen: Vec<&Expected> = Vec::new();
            for e in expected {
                if seen.iter().any(|s| s.value == e.value && s.date == e.date) {
                    continue;
                }
                seen.push(e);
                score.expected += 1;
                if extracted.iter().any(|f| matches(f, e)) {
                    score.found += 1;
                } else {
                    let near: Vec<String> = analysis
                        .facts
                        .iter()
                        .filter(|f| (f.value.abs() - e.value.abs()).abs() <= (e.value.abs() * 1e-6).max(1e-9))
                        .map(|f| describe(f, &fx.text))
                        .collect();
                    let _ = writeln!(
                        report,
                        "MISSED {} {} value={} date={} band={:?} :: same value extracted as {:?}",
                        fx.name,
                        concept.element(),
                        e.value,
                        e.date,
                        e.band,
                        near
                    );
                }
            }
        }
        for passage in &fx.negatives {
            for (at, _) in fx.text.match_indices(passage.as_str()) {
                let range = at..at + passage.len();
                for f in analysis.facts.iter().filter(|f| {
                    f.concept.is_some_and(|c| SCORED.contains(&c))
                        && f.span.start < range.end
                        && range.start < f.span.end
                }) {
                    negative_hits.push(format!("{} {}", fx.name, describe(f, &fx.text)));
                }
            }
        }
    }

    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<68} {:>8} {:>9} {:>7} {:>9} {:>8} {:>5} {:>6}",
        "concept", "fixtures", "extracted", "matched", "precision", "expected", "found", "recall"
    );
    for (concept, s) in &scores {
        if s.fixtures == 0 {
            continue;
        }
        let _ = writeln!(
            table,
            "{:<68} {:>8} {:>9} {:>7} {:>9.3} {:>8} {:>5} {:>6.3}",
            concept.element(),
            s.fixtures,
            s.extracted,
            s.matched,
            ratio(s.matched, s.extracted),
            s.expected,
            s.found,
            ratio(s.found, s.expected)
        );
    }
    let negatives = if negative_hits.is_empty() {
        "no scored fact in a negative passage\n".to_string()
    } else {
        format!("scored facts in negative passages:\n  {}\n", negative_hits.join("\n  "))
    };
    let full = format!("{} fixtures\n{table}\n{negatives}\n{report}", fixtures.len());
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("holdout-report.txt"), &full);
    println!("{full}");

    assert!(negative_hits.is_empty(), "{negatives}");
    for concept in SCORED {
        let s = &scores[&concept];
        let precision = ratio(s.matched, s.extracted);
        let recall = ratio(s.found, s.expected);
        assert!(
            precision >= MIN_PRECISION && recall >= MIN_RECALL,
            "{}: precision {precision:.3} (≥ {MIN_PRECISION}), recall {recall:.3} (≥ {MIN_RECALL})\n{table}",
            concept.element()
        );
    }
}
