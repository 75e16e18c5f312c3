//! Lines → blocks: headings, paragraphs, list items, tables and comments.

use std::ops::Range;

use super::{split_sentences, Block, BlockKind, Format, Row, Section, Suppression};

struct Line {
    /// The whole line without its line break.
    full: Range<usize>,
    /// The content: trimmed, without R-page frame pipes.
    content: Range<usize>,
}

fn lines(text: &str, body: Range<usize>, format: Format) -> Vec<Line> {
    let mut out = Vec::new();
    let mut offset = body.start;
    for raw in text[body.clone()].split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let full = start..start + line.len();
        let mut content = trim_range(text, full.clone());
        if format == Format::RPage {
            // R-page cells are framed by `|` (a leading one, and a trailing ` |` or `||||`).
            let t = &text[content.clone()];
            let lead = t.len() - t.trim_start_matches('|').len();
            let t2 = t.trim_end_matches(['|', ' ']);
            content = trim_range(text, content.start + lead..content.start + t2.len().max(lead));
        }
        out.push(Line { full, content });
    }
    out
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    r.start + lead..r.start + lead + trimmed.len()
}

pub fn read_blocks(text: &str, body: Range<usize>, format: Format) -> (Vec<Block>, Vec<Suppression>) {
    let lines = lines(text, body, format);
    let mut blocks = Vec::new();
    let mut suppressions = Vec::new();
    let mut para: Option<Range<usize>> = None;
    let md = format == Format::Markdown;
    let is_row = |i: usize| -> bool {
        let l: &Line = &lines[i];
        let t = &text[l.content.clone()];
        match format {
            Format::RPage => false,
            Format::Markdown => t.starts_with('|') || (t.contains('|') && neighbour_is_separator(text, &lines, i)),
            Format::Plain => t.contains(" | ") || (t.starts_with('|') && t.len() > 1),
        }
    };
    let flush = |para: &mut Option<Range<usize>>, blocks: &mut Vec<Block>| {
        if let Some(p) = para.take() {
            blocks.push(paragraph(text, BlockKind::Paragraph, p));
        }
    };

    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let t = &text[l.content.clone()];
        if t.is_empty() {
            flush(&mut para, &mut blocks);
            i += 1;
            continue;
        }
        // HTML comments (any format: Word exports and Markdown drafts both carry them).
        if t.starts_with("<!--") {
            flush(&mut para, &mut blocks);
            let start = l.content.start;
            let mut j = i;
            while j < lines.len() && !text[lines[j].full.clone()].contains("-->") {
                j += 1;
            }
            let j = j.min(lines.len() - 1);
            let end = lines[j].content.end;
            let comment = &text[start..end];
            if let Some(s) = suppression(comment.trim_start_matches("<!--").trim_end_matches("-->"), start..end) {
                suppressions.push(s);
            }
            blocks.push(Block {
                kind: BlockKind::Comment,
                span: start..end,
                section: None,
                sentences: vec![],
                rows: vec![],
            });
            i = j + 1;
            continue;
        }
        if let Some(s) = suppression(t, l.content.clone()).filter(|_| t.trim_start().starts_with("revlint-disable")) {
            flush(&mut para, &mut blocks);
            suppressions.push(s);
            blocks.push(Block {
                kind: BlockKind::Comment,
                span: l.content.clone(),
                section: None,
                sentences: vec![],
                rows: vec![],
            });
            i += 1;
            continue;
        }
        if is_row(i) {
            flush(&mut para, &mut blocks);
            let start = i;
            let mut j = i;
            loop {
                if j + 1 < lines.len() && is_row(j + 1) {
                    j += 1;
                } else if format == Format::Plain
                    && j + 2 < lines.len()
                    && !text[lines[j + 1].content.clone()].is_empty()
                    && is_row(j + 2)
                {
                    // A label line between rows ("Nutritionals —") belongs to the table.
                    j += 2;
                } else {
                    break;
                }
            }
            let rows = (start..=j)
                .filter(|&k| !(md && is_separator(&text[lines[k].content.clone()])))
                .map(|k| row(text, lines[k].content.clone()))
                .collect();
            blocks.push(Block {
                kind: BlockKind::Table,
                span: lines[start].content.start..lines[j].content.end,
                section: None,
                sentences: vec![],
                rows,
            });
            i = j + 1;
            continue;
        }
        if md {
            if let Some((level, content)) = md_heading(text, l.content.clone()) {
                flush(&mut para, &mut blocks);
                blocks.push(heading(level, content));
                i += 1;
                continue;
            }
            if let Some(content) = md_list_item(text, l.content.clone()) {
                flush(&mut para, &mut blocks);
                // Continuation lines are indented or plain text up to a blank line or a new item.
                let mut end = content.end;
                let mut j = i + 1;
                while j < lines.len() {
                    let c = lines[j].content.clone();
                    let t2 = &text[c.clone()];
                    if t2.is_empty()
                        || md_list_item(text, c.clone()).is_some()
                        || md_heading(text, c.clone()).is_some()
                        || is_row(j)
                    {
                        break;
                    }
                    end = c.end;
                    j += 1;
                }
                blocks.push(paragraph(text, BlockKind::ListItem, content.start..end));
                i = j;
                continue;
            }
            // A Markdown paragraph runs until a blank line.
            para = Some(match para.take() {
                Some(p) => p.start..l.content.end,
                None => l.content.clone(),
            });
            i += 1;
            continue;
        }
        // Plain text and R pages.
        if para.is_none() && looks_like_heading(t) {
            let level = if blocks.iter().all(|b| b.kind == BlockKind::Comment) || is_note_title(t) {
                1
            } else {
                2
            };
            blocks.push(heading(level, l.content.clone()));
            i += 1;
            continue;
        }
        para = Some(match para.take() {
            Some(p) => p.start..l.content.end,
            None => l.content.clone(),
        });
        // A line that ends a sentence ends the paragraph: plain notes put one paragraph on each
        // line, while hard-wrapped drafts break lines mid-sentence.
        if ends_sentence(t) || format == Format::RPage {
            flush(&mut para, &mut blocks);
        }
        i += 1;
    }
    flush(&mut para, &mut blocks);
    (blocks, suppressions)
}

fn paragraph(text: &str, kind: BlockKind, span: Range<usize>) -> Block {
    let sentences = split_sentences(text, span.clone());
    Block {
        kind,
        span,
        section: None,
        sentences,
        rows: vec![],
    }
}

fn heading(level: u8, span: Range<usize>) -> Block {
    Block {
        kind: BlockKind::Heading { level },
        span,
        section: None,
        sentences: vec![],
        rows: vec![],
    }
}

fn row(text: &str, span: Range<usize>) -> Row {
    let t = &text[span.clone()];
    let mut cells = Vec::new();
    let inner_start = if t.starts_with('|') { 1 } else { 0 };
    let inner_end = if t.len() > 1 && t.ends_with('|') {
        t.len() - 1
    } else {
        t.len()
    };
    if inner_start <= inner_end {
        let mut start = inner_start;
        for (k, ch) in t[..inner_end].char_indices().skip_while(|(k, _)| *k < inner_start) {
            if ch == '|' {
                cells.push(trim_range(text, span.start + start..span.start + k));
                start = k + 1;
            }
        }
        cells.push(trim_range(text, span.start + start..span.start + inner_end));
    }
    Row { span, cells }
}

fn is_separator(t: &str) -> bool {
    let t = t.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) && t.contains("---")
}

fn neighbour_is_separator(text: &str, lines: &[Line], i: usize) -> bool {
    // A row sits in a table that has a separator line, without blank lines in between.
    let blank = |k: usize| text[lines[k].content.clone()].is_empty();
    let mut k = i;
    while k > 0 && !blank(k) {
        if is_separator(&text[lines[k].content.clone()]) {
            return true;
        }
        k -= 1;
    }
    let mut k = i;
    while k < lines.len() && !blank(k) {
        if is_separator(&text[lines[k].content.clone()]) {
            return true;
        }
        k += 1;
    }
    false
}

fn md_heading(text: &str, span: Range<usize>) -> Option<(u8, Range<usize>)> {
    let t = &text[span.clone()];
    let hashes = t.len() - t.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        let inner = trim_range(text, span.start + hashes..span.end);
        let inner_text = text[inner.clone()].trim_end_matches('#').trim_end();
        return Some((hashes as u8, inner.start..inner.start + inner_text.len()));
    }
    // A line that is all bold is a heading in many drafts: `**Contract Balances**`.
    if t.len() > 4 && t.starts_with("**") && t.ends_with("**") && !t[2..t.len() - 2].contains("**") {
        return Some((3, span.start + 2..span.end - 2));
    }
    None
}

fn md_list_item(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let t = &text[span.clone()];
    let marker = if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        2
    } else {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && digits < 4 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
            digits + 2
        } else {
            return None;
        }
    };
    Some(trim_range(text, span.start + marker..span.end))
}

/// `revlint-disable RULE, RULE` (in a comment) or `revlint-disable: RULE` (on its own line).
fn suppression(t: &str, span: Range<usize>) -> Option<Suppression> {
    let t = t.trim();
    let rest = t.strip_prefix("revlint-disable")?;
    if !(rest.is_empty() || rest.starts_with([' ', ':', '\t'])) {
        return None;
    }
    let rules = rest
        .trim_start_matches(':')
        .split([',', ' ', '\t'])
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    Some(Suppression { rules, span })
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', '”', '’', ')', ' ']);
    t.ends_with(['.', ':', '?', '!', ';'])
}

const SMALL_WORDS: &[&str] = &[
    "and", "of", "the", "for", "with", "to", "in", "on", "from", "a", "an", "or", "by", "at",
];

/// A short line without closing punctuation whose words are capitalised: "Contract Balances",
/// "Remaining Performance Obligations (“RPO”)", "10. Revenue", "Note 3 — Revenue".
pub fn looks_like_heading(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.len() > 90 || t.contains(" | ") || ends_sentence(t) || t.ends_with(',') {
        return false;
    }
    let first = t.chars().next().unwrap();
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 12 || t.contains('$') {
        return false;
    }
    let letters: Vec<&str> = words
        .iter()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if letters.is_empty() {
        return false;
    }
    let content: Vec<&&str> = letters
        .iter()
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capital = content
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    // Title case, or a short sentence-case label ("Contract balances").
    capital * 10 >= content.len() * 7 || words.len() <= 4
}

fn is_note_title(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    lower.starts_with("note ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()))
}

/// Sections: each heading opens one that runs to the next heading of the same or a higher level.
pub fn sections(blocks: &[Block], body_end: usize) -> Vec<Section> {
    let headings: Vec<(usize, u8, Range<usize>)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b.kind {
            BlockKind::Heading { level } => Some((i, level, b.span.clone())),
            _ => None,
        })
        .collect();
    headings
        .iter()
        .enumerate()
        .map(|(k, (i, level, span))| {
            let end = headings[k + 1..]
                .iter()
                .find(|(_, l, _)| l <= level)
                .map(|(_, _, s)| s.start)
                .unwrap_or(body_end);
            Section {
                title: span.clone(),
                level: *level,
                span: span.start..end.max(span.end),
                heading_block: *i,
            }
        })
        .collect()
}
