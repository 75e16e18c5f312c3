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
        // One cursor for the findings, one for the places they relate to: each goes forward.
        let mut columns = [Columns::new(), Columns::new()];
        for finding in &file.analysis.findings {
            counts[finding.severity as usize] += 1;
            render_finding(&mut out, file, finding, &paint, &mut columns);
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

fn render_finding(out: &mut String, file: &Checked, finding: &Finding, paint: &Paint, columns: &mut [Columns; 2]) {
    let text = file.text.as_str();
    let lines = &file.lines;
    let start = floor_char_boundary(text, finding.span.start);
    let (line, col) = columns[0].at(text, lines, start);
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
        let (l, c) = columns[1].at(text, lines, floor_char_boundary(text, related.span.start));
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

/// Zero-based lines and 1-based character columns of byte offsets (char boundaries). Offsets
/// mostly come in text order, so counting resumes from the previous offset on the same line: many
/// findings on one long line cost one pass over it, not one each.
struct Columns {
    /// The last offset's line, the offset, and its characters from the line start.
    last: Option<(usize, usize, usize)>,
}

impl Columns {
    fn new() -> Columns {
        Columns { last: None }
    }

    fn at(&mut self, text: &str, lines: &LineIndex, offset: usize) -> (usize, usize) {
        let line = lines.line_of(offset);
        let line_start = lines.line_start(line).min(offset);
        let (base, from) = match self.last {
            Some((l, o, chars)) if l == line && (line_start..=offset).contains(&o) => (chars, o),
            _ => (0, line_start),
        };
        let chars = base + text[from..offset].chars().count();
        self.last = Some((line, offset, chars));
        (line, chars + 1)
    }
}

/// The source line to show for a finding on `line` at `span`, with the marker's start and width
/// in shown characters. Tabs and other control characters are shown as one space each so the
/// marker lines up; a line longer than [`MAX_SHOWN_CHARS`] is cut to a window around the span, with
/// `…` at the cuts (found by walking only the window, so a 1 MB line costs no more than a short
/// one). A span running past the line or the window is marked to its end; an empty span gets one `^`.
fn snippet(text: &str, lines: &LineIndex, line: usize, span: Range<usize>) -> (String, usize, usize) {
    let line_span = lines.line_span(text, line);
    let start = floor_char_boundary(text, span.start.clamp(line_span.start, line_span.end));
    let end = floor_char_boundary(text, span.end.clamp(start, line_span.end));
    let short = text[line_span.clone()].chars().nth(MAX_SHOWN_CHARS).is_none();
    let (from, to) = if short {
        (line_span.start, line_span.end)
    } else {
        let from = text[line_span.start..start]
            .char_indices()
            .rev()
            .nth(CONTEXT_BEFORE - 1)
            .map_or(line_span.start, |(i, _)| line_span.start + i);
        let to = text[from..line_span.end]
            .char_indices()
            .nth(MAX_SHOWN_CHARS)
            .map_or(line_span.end, |(i, _)| from + i);
        (from, to)
    };
    let mut shown = String::new();
    let mut marker_at = text[from..start].chars().count();
    if from > line_span.start {
        shown.push('…');
        marker_at += 1;
    }
    shown.extend(text[from..to].chars().map(|ch| if ch.is_control() { ' ' } else { ch }));
    if to < line_span.end {
        shown.push('…');
    }
    let marker_len = text[start..end.min(to).max(start)].chars().count().max(1);
    (shown, marker_at, marker_len)
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
    fn columns_resume_on_the_same_line_and_restart_elsewhere() {
        let text = "ab😀c [X] d [X]\né [X]";
        let lines = LineIndex::new(text);
        let mut columns = Columns::new();
        let offsets: Vec<usize> = text.match_indices("[X]").map(|(i, _)| i).collect();
        assert_eq!(columns.at(text, &lines, offsets[0]), (0, 6));
        assert_eq!(columns.at(text, &lines, offsets[1]), (0, 12));
        assert_eq!(columns.at(text, &lines, offsets[2]), (1, 3));
        // Out of order (a related place before the last finding) still counts right.
        assert_eq!(columns.at(text, &lines, offsets[0]), (0, 6));
        assert_eq!(columns.at(text, &lines, offsets[1]), (0, 12));
        assert_eq!(columns.at(text, &lines, offsets[1]), (0, 12));
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
        fn columns_agree_with_counting_from_the_line_start(
            text in "(a|é|😀|\r|\n|\t){0,200}",
            picks in prop::collection::vec(0usize..800, 0..20),
        ) {
            let lines = LineIndex::new(&text);
            let mut columns = Columns::new();
            for p in picks {
                let offset = floor_char_boundary(&text, p.min(text.len()));
                let line = lines.line_of(offset);
                let naive = text[lines.line_start(line).min(offset)..offset].chars().count() + 1;
                prop_assert_eq!(columns.at(&text, &lines, offset), (line, naive));
            }
        }

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
