//! Document symbols: the note's sections, nested by heading level.

use std::ops::Range;

use crate::reader::Document;

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    /// The whole section.
    pub span: Range<usize>,
    /// The heading.
    pub selection: Range<usize>,
    pub level: u8,
    pub children: Vec<Symbol>,
}

pub fn symbols(doc: &Document, text: &str) -> Vec<Symbol> {
    let mut roots: Vec<Symbol> = Vec::new();
    // The open path from a root to the latest section; each holds sections of deeper levels.
    let mut stack: Vec<Symbol> = Vec::new();
    for section in &doc.sections {
        let name = text.get(section.title.clone()).unwrap_or("").trim();
        let symbol = Symbol {
            name: if name.is_empty() {
                "(untitled)".into()
            } else {
                name.to_string()
            },
            span: section.span.start.min(section.title.start)
                ..without_next_marker(text, section.span.end).max(section.title.end),
            selection: section.title.clone(),
            level: section.level,
            children: Vec::new(),
        };
        while stack.last().is_some_and(|top| top.level >= symbol.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(symbol);
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// A section runs up to the next heading's title; its `#` marks belong to that heading, not to
/// this section (an editor would fold them with the wrong section).
fn without_next_marker(text: &str, end: usize) -> usize {
    text.get(..end)
        .map_or(end, |before| before.trim_end_matches(['#', ' ', '\t']).len())
}

fn close(stack: &mut Vec<Symbol>, roots: &mut Vec<Symbol>) {
    if let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => {
                parent.span.end = parent.span.end.max(done.span.end);
                parent.children.push(done);
            }
            None => roots.push(done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_by_level() {
        let text = "# Revenue\n\n## Disaggregation\n\nText.\n\n## Contract Balances\n\nMore.\n\n### Detail\n\nX.\n";
        let doc = Document::read(text, true);
        let s = symbols(&doc, text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "Revenue");
        let kids: Vec<&str> = s[0].children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(kids, ["Disaggregation", "Contract Balances"]);
        assert_eq!(s[0].children[1].children[0].name, "Detail");
        assert!(s[0].span.end >= s[0].children[1].span.end);
        // "Disaggregation" ends where the next heading's line starts, before its `##`.
        let disaggregation = &s[0].children[0];
        assert_eq!(&text[disaggregation.span.clone()], "Disaggregation\n\nText.\n\n");
    }
}
