//! Text output, in the style of rustc and ruff:
//!
//! ```text
//! examples/note.md:14:41: error[rpo-timing] Say when the remaining performance obligations ...
//!    |
//! 14 | Remaining performance obligations were $791.4 million as of June 30, 2023.
//!    |                                        ^^^^^^^^^^^^^^
//!    = reference: ASC 606-10-50-13(b)
//! ```
//!
//! Columns are 1-based and count characters (JSON and SARIF count UTF-16 units, as editors do).

use std::fmt::Write;
use std::io::IsTerminal;
use std::ops::Range;

use revlint::position::{floor_char_boundary, LineIndex};
use revlint::rules::Finding;
use revlint::Severity;

use super::check::Checked;

/// A source line longer than this (in characters) is shown as a window around the finding.
const MAX_SHOWN_CHARS: usize = 120;
/// How much of the line before the finding such a window keeps.
const CONTEXT_BEFORE: usize = 40;

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, severity: Severity, s: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Hint => "1;32",
        };
        self.wrap(code, s)
    }
    fn gutter(&self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// The whole report: every finding of every note, then the summary line.
pub fn render(files: &[Checked], unreadable: usize, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let mut counts = [0usize; 4];
    for file in files {
        for finding in &file.analysis.findings {
            counts[finding.severity as usize] += 1;
            render_finding(&mut out, file, finding, &paint);
            out.push('\n');
        }
    }
    out.push_str(&paint.bold(&summary(counts, files.len(), unreadable)));
    out.push('\n');
    out
}

/// "3 errors, 1 warning in 2 files" (info and hints only when there are some).
fn summary(counts: [usize; 4], files: usize, unreadable: usize) -> String {
    let [errors, warnings, infos, hints] = counts;
    let mut parts = vec![
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    ];
    if infos > 0 {
        parts.push(plural(infos, "info", "info"));
    }
    if hints > 0 {
        parts.push(plural(hints, "hint", "hints"));
    }
    let mut s = format!("{} in {}", parts.join(", "), plural(files, "file", "files"));
    if unreadable > 0 {
        let _ = write!(s, "; {} could not be checked", plural(unreadable, "path", "paths"));
    }
    s
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn render_finding(out: &mut String, file: &Checked, finding: &Finding, paint: &Paint) {
    let text = file.text.as_str();
    let lines = &file.lines;
    let start = floor_char_boundary(text, finding.span.start);
    let (line, col) = line_col(text, lines, start);
    let _ = writeln!(
        out,
        "{}: {} {}",
        paint.bold(&format!("{}:{}:{}", file.display, line + 1, col)),
        paint.severity(
            finding.severity,
            &format!("{}[{}]", finding.severity.as_str(), finding.rule)
        ),
        finding.message
    );
    let (shown, marker_at, marker_len) = snippet(text, lines, line, finding.span.clone());
    let number = (line + 1).to_string();
    let pad = " ".repeat(number.len());
    let bar = paint.gutter("|");
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {shown}", paint.gutter(&number));
    let marker = format!("{}{}", " ".repeat(marker_at), "^".repeat(marker_len));
    let _ = writeln!(out, "{pad} {bar} {}", paint.severity(finding.severity, &marker));
    let eq = paint.gutter("=");
    let _ = writeln!(out, "{pad} {eq} reference: {}", finding.reference);
    for related in &finding.related {
        let (l, c) = line_col(text, lines, floor_char_boundary(text, related.span.start));
        let _ = writeln!(
            out,
            "{pad} {eq} note: {}:{}:{}: {}",
            file.display,
            l + 1,
            c,
            related.message
        );
    }
    if let Some(fix) = &finding.fix {
        let _ = writeln!(out, "{pad} {eq} help: {}", fix.title);
    }
}

/// Zero-based line and 1-based character column of byte `offset` (a char boundary).
fn line_col(text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
    let line = lines.line_of(offset);
    let line_start = lines.line_start(line).min(offset);
    (line, text[line_start..offset].chars().count() + 1)
}

/// The source line to show for a finding on `line` at `span`, with the marker's start and width
/// in shown characters. Tabs and other control characters are shown as one space each so the
/// marker lines up; a long line is cut to a window around the span, with `…` at the cuts. A span
/// running past the line is marked to the line's end; an empty span gets one `^`.
fn snippet(text: &str, lines: &LineIndex, line: usize, span: Range<usize>) -> (String, usize, usize) {
    let line_span = lines.line_span(text, line);
    let line_text = &text[line_span.clone()];
    let start = floor_char_boundary(text, span.start.clamp(line_span.start, line_span.end));
    let end = floor_char_boundary(text, span.end.clamp(start, line_span.end));
    let marker_from = text[line_span.start..start].chars().count();
    let marker_len = text[start..end].chars().count().max(1);
    let total = line_text.chars().count();

    let (window_from, window_to) = if total <= MAX_SHOWN_CHARS {
        (0, total)
    } else {
        let from = marker_from.saturating_sub(CONTEXT_BEFORE);
        (from, (from + MAX_SHOWN_CHARS).min(total))
    };
    let mut shown = String::new();
    let mut marker_at = marker_from - window_from;
    if window_from > 0 {
        shown.push('…');
        marker_at += 1;
    }
    for ch in line_text.chars().skip(window_from).take(window_to - window_from) {
        shown.push(if ch.is_control() { ' ' } else { ch });
    }
    if window_to < total {
        shown.push('…');
    }
    let visible = (window_to - window_from)
        .saturating_sub(marker_from - window_from)
        .max(1);
    (shown, marker_at, marker_len.min(visible))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(text: &str, span: Range<usize>) -> (String, String) {
        let lines = LineIndex::new(text);
        let line = lines.line_of(span.start);
        let (s, at, len) = snippet(text, &lines, line, span);
        (s, format!("{}{}", " ".repeat(at), "^".repeat(len)))
    }

    #[test]
    fn marks_the_span_under_multibyte_text() {
        let text = "intro\n“RPO” of $5 [X] 😀 done\nnext";
        let at = text.find("[X]").unwrap();
        let (line, marker) = shown(text, at..at + 3);
        assert_eq!(line, "“RPO” of $5 [X] 😀 done");
        assert_eq!(marker, "            ^^^");
    }

    #[test]
    fn clips_spans_running_past_the_line_and_marks_empty_spans() {
        let text = "ab\tcd\r\nef";
        let (line, marker) = shown(text, 3..9);
        assert_eq!(line, "ab cd");
        assert_eq!(marker, "   ^^");
        let (_, marker) = shown(text, 5..5);
        assert_eq!(marker, "     ^");
    }

    #[test]
    fn long_lines_show_a_window_around_the_finding() {
        let text = format!("{}[X]{}", "a".repeat(500), "b".repeat(500));
        let (line, marker) = shown(&text, 500..503);
        assert!(line.starts_with('…') && line.ends_with('…'));
        assert_eq!(line.chars().count(), MAX_SHOWN_CHARS + 2);
        assert_eq!(&marker.trim_start().len(), &3);
        let at = marker.len() - 3;
        assert_eq!(line.chars().skip(at).take(3).collect::<String>(), "[X]");
    }

    #[test]
    fn summary_counts_in_words() {
        assert_eq!(summary([3, 1, 0, 0], 2, 0), "3 errors, 1 warning in 2 files");
        assert_eq!(
            summary([0, 0, 2, 1], 1, 1),
            "0 errors, 0 warnings, 2 info, 1 hint in 1 file; 1 path could not be checked"
        );
    }

    proptest! {
        #[test]
        fn snippet_never_panics_and_marks_inside_the_shown_line(
            text in "(\\PC|\r|\n|\t|\u{0B}|😀|é){0,300}",
            a in 0usize..400,
            b in 0usize..400,
        ) {
            let (start, end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            let start = floor_char_boundary(&text, start);
            let lines = LineIndex::new(&text);
            let line = lines.line_of(start);
            let (shown, at, len) = snippet(&text, &lines, line, start..end);
            prop_assert!(!shown.contains('\n') && !shown.contains('\r'));
            prop_assert!(len >= 1);
            prop_assert!(at + len <= shown.chars().count().max(at + 1));
        }
    }
}
