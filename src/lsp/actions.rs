//! Code actions: a finding's own fix, and turning a rule off for the document.

use std::ops::Range;

use crate::reader::Format;
use crate::rules::{Edit, Finding};
use crate::Analysis;

#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Index of the finding it answers, in `Analysis::findings`.
    pub finding: usize,
    /// The finding's own fix (a quick fix to prefer), rather than a suppression.
    pub is_fix: bool,
}

/// The actions for findings that touch `range`.
pub fn actions(analysis: &Analysis, text: &str, range: Range<usize>) -> Vec<Action> {
    let mut out = Vec::new();
    let mut disabled: Vec<&str> = Vec::new();
    for (i, f) in analysis.findings.iter().enumerate() {
        if !touches(f, &range) {
            continue;
        }
        if let Some(fix) = &f.fix {
            out.push(Action {
                title: fix.title.clone(),
                edits: fix.edits.clone(),
                finding: i,
                is_fix: true,
            });
        }
        if !disabled.contains(&f.rule) {
            disabled.push(f.rule);
            out.push(Action {
                title: format!("Disable {} for this document", f.rule),
                edits: vec![disable_edit(analysis, text, f.rule)],
                finding: i,
                is_fix: false,
            });
        }
    }
    out
}

fn touches(f: &Finding, range: &Range<usize>) -> bool {
    f.span.start <= range.end && range.start <= f.span.end
}

/// Inserts the directive that turns `rule` off at the top of the note (after an R-page header,
/// which is not part of the note): `<!-- revlint-disable RULE -->` in Markdown, a
/// `revlint-disable: RULE` line in plain text.
pub fn disable_edit(analysis: &Analysis, text: &str, rule: &str) -> Edit {
    let doc = &analysis.document;
    let body_start = doc.body.start.min(text.len());
    let line_start = text[..body_start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let directive = match doc.format {
        Format::Markdown => format!("<!-- revlint-disable {rule} -->"),
        Format::Plain | Format::RPage => format!("revlint-disable: {rule}"),
    };
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let (at, new_text) = if line_start < body_start && !text[line_start..body_start].trim().is_empty() {
        (body_start, format!("{newline}{directive}{newline}"))
    } else {
        (line_start, format!("{directive}{newline}"))
    };
    Edit { span: at..at, new_text }
}

/// Applies edits (non-overlapping, any order) to `text`: what a client does with a workspace edit.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in sorted {
        if e.span.end <= out.len() && out.is_char_boundary(e.span.start) && out.is_char_boundary(e.span.end) {
            out.replace_range(e.span.clone(), &e.new_text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Config, Input};

    #[test]
    fn disabling_a_rule_clears_its_findings() {
        for (text, markdown) in [
            ("# Revenue\n\nRPO was $[X] million.\n", true),
            ("Revenue\r\n\r\nRPO was TBD.\r\n", false),
        ] {
            let cfg = Config::default();
            let a = analyze(text, Input { markdown }, &cfg);
            let f = a
                .findings
                .iter()
                .position(|f| f.rule == "placeholder")
                .expect("a placeholder finding");
            let span = a.findings[f].span.clone();
            let acts = actions(&a, text, span);
            let disable = acts.iter().find(|x| !x.is_fix).expect("a disable action");
            assert_eq!(disable.title, "Disable placeholder for this document");
            let fixed = apply_edits(text, &disable.edits);
            let after = analyze(&fixed, Input { markdown }, &cfg);
            assert!(after.findings.iter().all(|f| f.rule != "placeholder"), "{fixed:?}");
        }
    }

    #[test]
    fn no_actions_away_from_findings() {
        let text = "# Revenue\n\nFine text.\n\nRPO was TBD.\n";
        let a = analyze(text, Input { markdown: true }, &Config::default());
        assert!(actions(&a, text, 12..13).is_empty());
    }
}
