//! JSON output: a stable contract other tools read (documented in docs/json.md).
//!
//! Positions are zero-based lines and UTF-16 characters, as in LSP. Amounts are dollars after
//! scale, percentages fractions. Only figures are listed as facts: every amount and percentage,
//! classified (`concept` = its us-gaap element) or not (`concept: null`); dates, period phrases
//! and time bands appear as the `date`, `start`/`end` and `from_month`/`to_month` of the figures
//! they qualify.

use serde::Serialize;

use revlint::facts::{Fact, FactKind, ScaleSource};
use revlint::position::{Encoding, LineIndex, Range};

use super::check::Checked;

/// Bumped only when a field changes meaning or disappears; new fields may be added within a
/// version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<FileReport<'a>>,
}

#[derive(Serialize)]
struct FileReport<'a> {
    path: &'a str,
    period: PeriodOut,
    facts: Vec<FactOut<'a>>,
    diagnostics: Vec<DiagnosticOut<'a>>,
}

#[derive(Serialize)]
struct PeriodOut {
    kind: Option<&'static str>,
    months: Option<u32>,
    end: Option<String>,
}

#[derive(Serialize)]
struct FactOut<'a> {
    concept: Option<&'static str>,
    value: Number,
    unit: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale_stated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_month: Option<u32>,
    /// `null` for an open-ended band ("thereafter"); absent without a band.
    #[serde(skip_serializing_if = "Option::is_none")]
    to_month: Option<Option<u32>>,
    /// The instant ("as of"); `null` when not known. Absent when the fact covers a period.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    text: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    reference: &'static str,
    range: Range,
}

/// A JSON number that prints integers as integers and drops binary noise
/// (791.4 × 10⁶ = 791400000, not 791400000.0000001).
enum Number {
    Int(i64),
    Float(f64),
    Null,
}

impl Number {
    fn of(v: f64) -> Number {
        if !v.is_finite() {
            return Number::Null;
        }
        // Twelve significant digits: more than any figure in a note states.
        let rounded: f64 = format!("{v:.11e}").parse().unwrap_or(v);
        if rounded.fract() == 0.0 && rounded.abs() < 9.0e15 {
            Number::Int(rounded as i64)
        } else {
            Number::Float(rounded)
        }
    }
}

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(i) => s.serialize_i64(i),
            Number::Float(f) => s.serialize_f64(f),
            Number::Null => s.serialize_none(),
        }
    }
}

pub fn render(files: &[Checked]) -> String {
    let report = Report {
        version: VERSION,
        files: files.iter().map(file_report).collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()));
    s.push('\n');
    s
}

fn file_report(file: &Checked) -> FileReport<'_> {
    let a = &file.analysis;
    let period = PeriodOut {
        kind: a.period.and_then(|p| p.kind).map(|k| match k {
            revlint::reader::PeriodKind::Annual => "annual",
            revlint::reader::PeriodKind::Interim => "interim",
        }),
        months: a.period.and_then(|p| p.months),
        end: a.period.and_then(|p| p.end).map(|d| d.to_string()),
    };
    FileReport {
        path: &file.display,
        period,
        facts: a
            .facts
            .iter()
            .filter(|f| matches!(f.kind, FactKind::Amount | FactKind::Percent))
            .filter_map(|f| fact_out(&file.text, &file.lines, f))
            .collect(),
        diagnostics: a
            .findings
            .iter()
            .map(|f| DiagnosticOut {
                rule: f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                reference: f.reference,
                range: file.lines.range(&file.text, f.span.clone(), Encoding::Utf16),
            })
            .collect(),
    }
}

fn fact_out<'a>(text: &'a str, lines: &LineIndex, f: &Fact) -> Option<FactOut<'a>> {
    let amount = f.kind == FactKind::Amount;
    let (date, start, end) = match f.period {
        Some((start, end)) => (None, Some(start.to_string()), Some(end.to_string())),
        None => (Some(f.date.map(|d| d.to_string())), None, None),
    };
    Some(FactOut {
        concept: f.concept.map(|c| c.element()),
        value: Number::of(f.value),
        unit: if amount { "USD" } else { "pure" },
        scale_stated: amount.then_some(matches!(f.scale, Some(ScaleSource::Stated | ScaleSource::Heading))),
        from_month: f.band.map(|b| b.from_month),
        to_month: f.band.map(|b| b.to_month),
        date,
        start,
        end,
        // A span off a char boundary would be a bug upstream; leave such a fact out, not panic.
        text: text.get(f.span.clone())?,
        range: lines.range(text, f.span.clone(), Encoding::Utf16),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(n: f64) -> String {
        serde_json::to_string(&Number::of(n)).unwrap()
    }

    #[test]
    fn numbers_print_as_a_person_wrote_them() {
        assert_eq!(json(791.4 * 1e6), "791400000");
        assert_eq!(json(0.65), "0.65");
        assert_eq!(json(7.1 * 0.01), "0.071");
        assert_eq!(json(1234.56), "1234.56");
        assert_eq!(json(-5.0), "-5");
        assert_eq!(json(f64::NAN), "null");
        assert_eq!(json(1e20), "1e+20");
    }
}
