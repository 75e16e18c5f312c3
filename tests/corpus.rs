//! Scores the extracted facts against the filers' own XBRL facts in `../shared/corpus/`.
//!
//! For each filing: read `note.txt`, analyze it with the form and period end of its `facts.json`
//! (as a user would pass `--form` and `--period-end`), and compare, per concept:
//! - precision: extracted facts of a concept that match a fact the filer tagged with that concept
//!   anywhere in the filing, over the extracted facts of that concept, counted only over filings
//!   that tag the concept;
//! - recall: the filer's facts of the concept inside the note (with `note_spans`), distinct by
//!   value and date, that revlint extracts.
//!
//! A match has the value within the fact's `decimals` rounding and the same date (an instant, or
//! the end of a duration; a few days apart for 52/53-week fiscal calendars).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use revlint::config::Form;
use revlint::date::Date;
use revlint::{analyze, Concept, Config, Fact};

/// The concepts with an acceptance bar.
const SCORED: [Concept; 3] = [
    Concept::RevenueRemainingPerformanceObligation,
    Concept::RevenueRemainingPerformanceObligationPercentage,
    Concept::ContractWithCustomerLiabilityRevenueRecognized,
];
const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.95;
/// 52/53-week fiscal years end a few days off the month end.
const DATE_TOLERANCE_DAYS: i64 = 7;

struct Tagged {
    concept: Concept,
    value: f64,
    tolerance: f64,
    date: Date,
    /// Byte spans in note.txt (empty: tagged elsewhere in the filing).
    spans: Vec<(usize, usize)>,
}

struct Filing {
    name: String,
    text: String,
    config: Config,
    tagged: Vec<Tagged>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Character offsets (as the corpus gives them) → byte offsets.
fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map(|(b, _)| b).unwrap_or(text.len())
}

fn tolerance(decimals: &serde_json::Value) -> f64 {
    let d = decimals
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| decimals.to_string());
    match d.trim_matches('"').parse::<i32>() {
        Ok(d) => 0.5 * 10f64.powi(-d) + 1e-9,
        // INF: exact (up to float noise).
        Err(_) => 1e-6,
    }
}

fn load(dir: &Path) -> Option<Filing> {
    let text = std::fs::read_to_string(dir.join("note.txt")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("facts.json")).ok()?).ok()?;
    let config = Config {
        form: json["document_type"].as_str().and_then(Form::parse),
        period_end: json["period_end"].as_str().and_then(Date::parse_iso),
        ..Config::default()
    };
    let mut tagged = Vec::new();
    for f in json["asc606_facts"].as_array().into_iter().flatten() {
        let Some(concept) = f["concept"]
            .as_str()
            .filter(|c| c.starts_with("us-gaap:"))
            .and_then(Concept::from_element)
        else {
            continue;
        };
        let Some(value) = f["value"].as_str().and_then(|v| v.parse::<f64>().ok()) else {
            continue;
        };
        let period = &f["period"];
        let Some(date) = period["instant"]
            .as_str()
            .or(period["end"].as_str())
            .and_then(Date::parse_iso)
        else {
            continue;
        };
        let spans = f["note_spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                let a = s[0].as_u64()? as usize;
                let b = s[1].as_u64()? as usize;
                Some((char_to_byte(&text, a), char_to_byte(&text, b)))
            })
            .collect();
        tagged.push(Tagged {
            concept,
            value,
            tolerance: tolerance(&f["decimals"]),
            date,
            spans,
        });
    }
    Some(Filing {
        name: dir.file_name()?.to_string_lossy().into_owned(),
        text,
        config,
        tagged,
    })
}

fn fact_date(f: &Fact) -> Option<Date> {
    f.date.or(f.period.map(|(_, end)| end))
}

/// Signs differ between filers for the same figure (a roll-forward's "(598)" is tagged either
/// way), so magnitudes are compared.
fn matches(f: &Fact, t: &Tagged) -> bool {
    f.concept == Some(t.concept)
        && (f.value.abs() - t.value.abs()).abs() <= t.tolerance
        && fact_date(f).is_some_and(|d| d.near(t.date, DATE_TOLERANCE_DAYS))
}

#[derive(Default)]
struct Score {
    filings: usize,
    extracted: usize,
    matched: usize,
    in_note: usize,
    found: usize,
}

fn snippet(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(160);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 100).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[[{}]]{}", &text[a..start], &text[start..end], &text[end..b]).replace('\n', " ⏎ ")
}

#[test]
fn corpus_precision_and_recall() {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("corpus test skipped: {} is absent", dir.display());
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let filings: Vec<Filing> = dirs.iter().filter_map(|d| load(d)).collect();
    assert!(!filings.is_empty(), "no filings in {}", dir.display());

    let mut scores: BTreeMap<Concept, Score> = BTreeMap::new();
    let mut misses = String::new();
    for filing in &filings {
        let analysis = analyze(&filing.text, revlint::Input::default(), &filing.config);
        for &concept in Concept::ALL {
            let tags: Vec<&Tagged> = filing.tagged.iter().filter(|t| t.concept == concept).collect();
            let extracted: Vec<&Fact> = analysis.facts.iter().filter(|f| f.is(concept)).collect();
            let score = scores.entry(concept).or_default();
            if !tags.is_empty() {
                score.filings += 1;
                score.extracted += extracted.len();
                for f in &extracted {
                    if tags.iter().any(|t| matches(f, t)) {
                        score.matched += 1;
                    } else {
                        let _ = writeln!(
                            misses,
                            "WRONG {} {:?} value={} date={:?} :: {}",
                            filing.name,
                            concept,
                            f.value,
                            fact_date(f).map(|d| d.to_string()),
                            snippet(&filing.text, f.span.start, f.span.end)
                        );
                    }
                }
            }
            // Distinct by (value, date), inside the note.
            let mut seen: Vec<&Tagged> = Vec::new();
            for t in tags.iter().filter(|t| !t.spans.is_empty()) {
                if seen
                    .iter()
                    .any(|s| (s.value - t.value).abs() <= s.tolerance.max(t.tolerance) && s.date == t.date)
                {
                    continue;
                }
                seen.push(t);
                score.in_note += 1;
                if extracted.iter().any(|f| matches(f, t)) {
                    score.found += 1;
                } else {
                    let (a, b) = t.spans[0];
                    let at: Vec<String> = analysis
                        .facts
                        .iter()
                        .filter(|f| f.span.start < b && a < f.span.end)
                        .map(|f| format!("{:?} {} {:?} {:?}", f.concept, f.value, f.date, f.period))
                        .collect();
                    let _ = writeln!(
                        misses,
                        "MISSED {} {:?} value={} date={} got={:?} :: {}",
                        filing.name,
                        concept,
                        t.value,
                        t.date,
                        at,
                        snippet(&filing.text, a, b)
                    );
                }
            }
        }
    }

    let mut table = String::new();
    let _ = writeln!(
        table,
        "{:<68} {:>7} {:>9} {:>7} {:>9} {:>7} {:>5} {:>6}",
        "concept", "filings", "extracted", "matched", "precision", "tagged", "found", "recall"
    );
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    for (concept, s) in &scores {
        let _ = writeln!(
            table,
            "{:<68} {:>7} {:>9} {:>7} {:>9.3} {:>7} {:>5} {:>6.3}",
            concept.element(),
            s.filings,
            s.extracted,
            s.matched,
            ratio(s.matched, s.extracted),
            s.in_note,
            s.found,
            ratio(s.found, s.in_note)
        );
    }
    let report = format!("{} filings\n{table}\n{misses}", filings.len());
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("corpus-report.txt"), &report);
    println!("{table}");
    eprintln!("{report}");

    for concept in SCORED {
        let s = &scores[&concept];
        let precision = ratio(s.matched, s.extracted);
        let recall = ratio(s.found, s.in_note);
        assert!(
            precision >= MIN_PRECISION && recall >= MIN_RECALL,
            "{}: precision {precision:.3} (≥ {MIN_PRECISION}), recall {recall:.3} (≥ {MIN_RECALL})\n{table}",
            concept.element()
        );
    }
}
