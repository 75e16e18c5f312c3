//! Lines → blocks: headings, paragraphs, list items, tables and comments.
//!
//! Lines are split lazily, so that a re-read after an edit (see `incremental.rs`) splits only
//! the lines it reads. Reading can start at a *sync point* (the body's start, or a line where
//! the reader holds no open paragraph and, in Markdown, that follows a blank line) and can stop
//! at one: what is read from a sync point on depends only on the text from there and on whether
//! a content block came before (a plain note's first heading is its title).

use std::ops::Range;

use memchr::memchr_iter;

use super::sentences::split_sentences_into;
use super::{Block, BlockKind, Format, Row, Section, Suppression};

#[derive(Clone, Copy)]
struct Line {
    /// Where the line starts.
    start: usize,
    /// The end of the line without its line break.
    end: usize,
    /// The content: trimmed, without R-page frame pipes.
    content_start: usize,
    content_end: usize,
    /// Whether the line holds a `|` (found while looking for its end).
    pipe: bool,
}

impl Line {
    fn full(&self) -> Range<usize> {
        self.start..self.end
    }
    fn content(&self) -> Range<usize> {
        self.content_start..self.content_end
    }
    fn is_blank(&self) -> bool {
        self.content_start == self.content_end
    }
}

/// How many lines the buffer of [`Lines`] has room for from the start (a table's or a long
/// paragraph's; under 1 KB: a larger request makes the allocator sort its freed small blocks).
const LINES_AT_ONCE: usize = 24;

/// The lines of `text[from..end]`, split on demand. Lines the reader no longer looks at are
/// forgotten, so that the buffer holds a few lines, not the whole text's.
struct Lines<'a> {
    text: &'a str,
    format: Format,
    end: usize,
    next: usize,
    /// How many lines were forgotten: `lines[0]` is line `forgotten`.
    forgotten: usize,
    lines: Vec<Line>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, from: usize, end: usize, format: Format) -> Self {
        Lines {
            text,
            format,
            end,
            next: from,
            forgotten: 0,
            // Room for the lines a table or a long paragraph holds at once (growing a step at a
            // time cost a reallocation every few lines).
            lines: Vec::with_capacity(LINES_AT_ONCE),
        }
    }

    /// Line `i` (counted from where reading started), if the body has that many.
    #[inline]
    fn get(&mut self, i: usize) -> Option<Line> {
        debug_assert!(i >= self.forgotten, "line {i} was forgotten");
        let k = i.checked_sub(self.forgotten)?;
        match self.lines.get(k) {
            Some(line) => Some(*line),
            None => self.split_to(k),
        }
    }

    fn split_to(&mut self, k: usize) -> Option<Line> {
        while self.lines.len() <= k {
            let line = self.split_next()?;
            self.lines.push(line);
        }
        Some(self.lines[k])
    }

    /// Lines `from..=to`, all split already.
    fn range(&self, from: usize, to: usize) -> &[Line] {
        &self.lines[from - self.forgotten..=to - self.forgotten]
    }

    /// Forgets the lines before line `i`.
    fn forget_before(&mut self, i: usize) {
        if i > self.forgotten {
            let n = (i - self.forgotten).min(self.lines.len());
            self.lines.drain(..n);
            self.forgotten += n;
        }
    }

    fn split_next(&mut self) -> Option<Line> {
        if self.next >= self.end {
            return None;
        }
        let start = self.next;
        let rest = &self.text.as_bytes()[start..self.end];
        let (raw_len, pipe) = match memchr::memchr2(b'\n', b'|', rest) {
            Some(k) if rest[k] == b'|' => (
                memchr::memchr(b'\n', &rest[k..]).map_or(rest.len(), |n| k + n + 1),
                true,
            ),
            Some(k) => (k + 1, false),
            None => (rest.len(), false),
        };
        self.next = start + raw_len;
        let bytes = self.text.as_bytes();
        let mut end = start + raw_len;
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let mut content = trim_range(self.text, start..end);
        if self.format == Format::RPage {
            // R-page cells are framed by `|` (a leading one, and a trailing ` |` or `||||`).
            let t = &self.text[content.clone()];
            let lead = t.len() - t.trim_start_matches('|').len();
            let t2 = t.trim_end_matches(['|', ' ']);
            content = trim_range(self.text, content.start + lead..content.start + t2.len().max(lead));
        }
        Some(Line {
            start,
            end,
            content_start: content.start,
            content_end: content.end,
            pipe,
        })
    }
}

/// `r` without the white space (Unicode's) at its ends. Inlined: it is asked of every line and
/// every table cell, and most have no white space to trim.
#[inline(always)]
fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    // ASCII white space byte by byte; at a non-ASCII character, `str::trim_*` decides.
    // (Most bytes are above the space: one comparison tells them.)
    let is_space = |b: u8| b <= b' ' && matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
    let b = text.as_bytes();
    let (mut start, mut end) = (r.start, r.end);
    while start < end && is_space(b[start]) {
        start += 1;
    }
    if start < end && !b[start].is_ascii() {
        start = end - text[start..end].trim_start().len();
    }
    while end > start && is_space(b[end - 1]) {
        end -= 1;
    }
    if end > start && !b[end - 1].is_ascii() {
        end = start + text[start..end].trim_end().len();
    }
    start..end
}

/// A place where reading may stop: the start of a line read with no paragraph open.
pub struct SyncPoint {
    /// The line's start.
    pub at: usize,
    /// The start of the line before when that line is blank.
    pub blank_before: Option<usize>,
    /// Whether a block other than a comment came before.
    pub seen_content: bool,
}

pub struct Chunk {
    pub blocks: Vec<Block>,
    pub suppressions: Vec<Suppression>,
    /// Where reading stopped, when `stop` asked it to before the body's end.
    pub stopped_at: Option<usize>,
}

/// Reads the whole body.
pub fn read_blocks(text: &str, body: Range<usize>, format: Format) -> (Vec<Block>, Vec<Suppression>) {
    let chunk = read_from(text, body.clone(), format, body.start, false, |_| false);
    (chunk.blocks, chunk.suppressions)
}

/// Reads from `from` (a sync point of `body`; `seen_content` says whether a content block came
/// before it) until the body's end or a sync point where `stop` says so.
pub fn read_from(
    text: &str,
    body: Range<usize>,
    format: Format,
    from: usize,
    seen_content: bool,
    stop: impl FnMut(&SyncPoint) -> bool,
) -> Chunk {
    let reader = BlockReader {
        text,
        format,
        at_body_start: from == body.start,
        lines: Lines::new(text, from, body.end, format),
        blocks: Vec::new(),
        suppressions: Vec::new(),
        para: None,
        seen_content,
        sentences: Vec::new(),
        cells: Vec::new(),
    };
    reader.finish(stop)
}

struct BlockReader<'a> {
    text: &'a str,
    format: Format,
    /// Whether line 0 is the body's first line (see `neighbour_is_separator`).
    at_body_start: bool,
    lines: Lines<'a>,
    blocks: Vec<Block>,
    suppressions: Vec<Suppression>,
    /// The paragraph being read, in plain text and Markdown.
    para: Option<Range<usize>>,
    /// Whether a block other than a comment was read (or came before `from`).
    seen_content: bool,
    /// Scratch space for a paragraph's sentences, so that each paragraph allocates its list
    /// once, at its length.
    sentences: Vec<Range<usize>>,
    /// Scratch space for a table row's cells (see [`row`]).
    cells: Vec<Range<usize>>,
}

impl BlockReader<'_> {
    fn finish(mut self, stop: impl FnMut(&SyncPoint) -> bool) -> Chunk {
        let stopped_at = self.run(stop);
        Chunk {
            blocks: self.blocks,
            suppressions: self.suppressions,
            stopped_at,
        }
    }

    /// A paragraph or list item: its sentences split.
    fn paragraph(&mut self, kind: BlockKind, span: Range<usize>) -> Block {
        split_sentences_into(self.text, span.clone(), &mut self.sentences);
        Block {
            sentences: self.sentences.as_slice().to_vec(),
            ..bare(kind, span)
        }
    }

    fn push(&mut self, block: Block) {
        self.seen_content |= block.kind != BlockKind::Comment;
        self.blocks.push(block);
    }

    fn flush(&mut self) {
        if let Some(p) = self.para.take() {
            let block = self.paragraph(BlockKind::Paragraph, p);
            self.push(block);
        }
    }

    fn extend_para(&mut self, content: Range<usize>) {
        self.para = Some(match self.para.take() {
            Some(p) => p.start..content.end,
            None => content,
        });
    }

    fn is_row(&mut self, i: usize) -> bool {
        match self.lines.get(i) {
            Some(l) => self.is_row_line(i, l),
            None => false,
        }
    }

    /// [`Self::is_row`] of line `i`, `l`, already in hand.
    fn is_row_line(&mut self, i: usize, l: Line) -> bool {
        let t = &self.text[l.content()];
        match self.format {
            Format::RPage => false,
            Format::Markdown => t.starts_with('|') || (l.pipe && self.neighbour_is_separator(i)),
            Format::Plain => l.pipe && (has_spaced_pipe(t) || (t.starts_with('|') && t.len() > 1)),
        }
    }

    /// A row sits in a table that has a separator line, without blank lines in between.
    fn neighbour_is_separator(&mut self, i: usize) -> bool {
        let text = self.text;
        // Looking back stops at a blank line; it never reaches the body's first line (as it
        // always has), but does reach line 0 of a read that starts after a blank line.
        let mut k = i;
        while let Some(l) = self.lines.get(k).filter(|l| !l.is_blank()) {
            if k == 0 && self.at_body_start {
                break;
            }
            if k != i && is_separator(&text[l.content()]) {
                return true;
            }
            if k == 0 {
                break;
            }
            k -= 1;
        }
        let mut k = i;
        while let Some(l) = self.lines.get(k).filter(|l| !l.is_blank()) {
            if is_separator(&text[l.content()]) {
                return true;
            }
            k += 1;
        }
        false
    }

    fn run(&mut self, mut stop: impl FnMut(&SyncPoint) -> bool) -> Option<usize> {
        let text = self.text;
        let md = self.format == Format::Markdown;
        let mut blank_before: Option<usize> = None;
        let mut i = 0;
        while let Some(l) = self.lines.get(i) {
            if i > 0 && self.para.is_none() {
                // Nothing looks back past this line, or (Markdown) past the blank line before it.
                match (self.format, blank_before) {
                    (Format::Markdown, Some(_)) => self.lines.forget_before(i - 1),
                    (Format::Markdown, None) => {}
                    _ => self.lines.forget_before(i),
                }
                let point = SyncPoint {
                    at: l.start,
                    blank_before,
                    seen_content: self.seen_content,
                };
                if stop(&point) {
                    return Some(l.start);
                }
            }
            blank_before = None;
            let t = &text[l.content()];
            if t.is_empty() {
                self.flush();
                blank_before = Some(l.start);
                i += 1;
                continue;
            }
            // HTML comments (any format: Word exports and Markdown drafts both carry them).
            if t.starts_with("<!--") {
                self.flush();
                let mut last = l;
                let mut j = i;
                while let Some(lj) = self.lines.get(j) {
                    last = lj;
                    if text[lj.full()].contains("-->") {
                        break;
                    }
                    j += 1;
                }
                let span = l.content_start..last.content_end;
                let comment = &text[span.clone()];
                if let Some(s) = suppression(comment.trim_start_matches("<!--").trim_end_matches("-->"), span.clone()) {
                    self.suppressions.push(s);
                }
                self.push(bare(BlockKind::Comment, span));
                i = j + 1;
                continue;
            }
            if t.starts_with("revlint-disable") {
                if let Some(s) = suppression(t, l.content()) {
                    self.flush();
                    self.suppressions.push(s);
                    self.push(bare(BlockKind::Comment, l.content()));
                    i += 1;
                    continue;
                }
            }
            if self.is_row_line(i, l) {
                self.flush();
                let mut j = i;
                loop {
                    if self.is_row(j + 1) {
                        j += 1;
                    } else if self.format == Format::Plain
                        && self.lines.get(j + 1).is_some_and(|l| !l.is_blank())
                        && self.is_row(j + 2)
                    {
                        // A label line between rows ("Nutritionals —") belongs to the table.
                        j += 2;
                    } else {
                        break;
                    }
                }
                let table = self.lines.range(i, j);
                let is_row_line = |l: &&Line| !(md && is_separator(&text[l.content()]));
                // The rows' list sized at once (collecting past the filter grew it a step at a time).
                let mut rows = Vec::with_capacity(table.iter().filter(is_row_line).count());
                let cells = &mut self.cells;
                rows.extend(table.iter().filter(is_row_line).map(|l| row(text, l.content(), cells)));
                let span = l.content_start..table.last().map_or(l.content_end, |last| last.content_end);
                self.push(Block {
                    rows,
                    ..bare(BlockKind::Table, span)
                });
                i = j + 1;
                continue;
            }
            if md {
                if let Some((level, content)) = md_heading(text, l.content()) {
                    self.flush();
                    self.push(bare(BlockKind::Heading { level }, content));
                    i += 1;
                    continue;
                }
                if let Some(content) = md_list_item(text, l.content()) {
                    self.flush();
                    // Continuation lines are indented or plain text up to a blank line or a new item.
                    let mut end = content.end;
                    let mut j = i + 1;
                    while let Some(lj) = self.lines.get(j) {
                        let c = lj.content();
                        if lj.is_blank()
                            || md_list_item(text, c.clone()).is_some()
                            || md_heading(text, c.clone()).is_some()
                            || self.is_row_line(j, lj)
                        {
                            break;
                        }
                        end = c.end;
                        j += 1;
                    }
                    let block = self.paragraph(BlockKind::ListItem, content.start..end);
                    self.push(block);
                    i = j;
                    continue;
                }
                // A Markdown paragraph runs until a blank line.
                self.extend_para(l.content());
                i += 1;
                continue;
            }
            // Plain text and R pages.
            if self.para.is_none() && looks_like_heading(t) {
                let level = if !self.seen_content || is_note_title(t) { 1 } else { 2 };
                self.push(bare(BlockKind::Heading { level }, l.content()));
                i += 1;
                continue;
            }
            self.extend_para(l.content());
            // A line that ends a sentence ends the paragraph: plain notes put one paragraph on each
            // line, while hard-wrapped drafts break lines mid-sentence.
            if ends_sentence(t) || self.format == Format::RPage {
                self.flush();
            }
            i += 1;
        }
        self.flush();
        None
    }
}

/// A block without sentences or rows.
fn bare(kind: BlockKind, span: Range<usize>) -> Block {
    Block {
        kind,
        span,
        section: None,
        sentences: vec![],
        rows: vec![],
    }
}

/// The row of the line `span`; `cells` is scratch space, so that each row allocates its cells
/// once, at their number, without counting the pipes first.
fn row(text: &str, span: Range<usize>, cells: &mut Vec<Range<usize>>) -> Row {
    let t = text[span.clone()].as_bytes();
    cells.clear();
    let inner_start = usize::from(t.first() == Some(&b'|'));
    let inner_end = if t.len() > 1 && t.last() == Some(&b'|') {
        t.len() - 1
    } else {
        t.len()
    };
    if inner_start <= inner_end {
        let at = |k: usize| span.start + k;
        let mut start = inner_start;
        for k in memchr_iter(b'|', &t[inner_start..inner_end]) {
            let k = inner_start + k;
            cells.push(trim_range(text, at(start)..at(k)));
            start = k + 1;
        }
        cells.push(trim_range(text, at(start)..at(inner_end)));
    }
    Row {
        span,
        cells: cells.as_slice().to_vec(),
    }
}

/// Whether `t` holds " | ".
fn has_spaced_pipe(t: &str) -> bool {
    let b = t.as_bytes();
    memchr_iter(b'|', b).any(|k| k > 0 && b[k - 1] == b' ' && b.get(k + 1) == Some(&b' '))
}

fn is_separator(t: &str) -> bool {
    let t = t.trim();
    t.bytes().all(|c| matches!(c, b'|' | b'-' | b':' | b' ')) && t.contains("---")
}

fn md_heading(text: &str, span: Range<usize>) -> Option<(u8, Range<usize>)> {
    let t = &text[span.clone()];
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
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
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
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

pub(super) fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', '”', '’', ')', ' ']);
    t.ends_with(['.', ':', '?', '!', ';'])
}

#[cfg(test)]
pub(super) const SMALL_WORDS: &[&str] = &[
    "and", "of", "the", "for", "with", "to", "in", "on", "from", "a", "an", "or", "by", "at",
];

/// Whether `w` is one of [`SMALL_WORDS`] in any case: a `match`, as it is asked of every word
/// of every line that may be a heading.
fn is_small_word(w: &[u8]) -> bool {
    let mut buf = [0u8; 4]; // none is longer
    let Some(lowered) = buf.get_mut(..w.len()) else {
        return false;
    };
    lowered.copy_from_slice(w);
    lowered.make_ascii_lowercase();
    matches!(
        &*lowered,
        b"and"
            | b"of"
            | b"the"
            | b"for"
            | b"with"
            | b"to"
            | b"in"
            | b"on"
            | b"from"
            | b"a"
            | b"an"
            | b"or"
            | b"by"
            | b"at"
    )
}

/// A short line without closing punctuation whose words are capitalised: "Contract Balances",
/// "Remaining Performance Obligations (“RPO”)", "10. Revenue", "Note 3 — Revenue".
pub fn looks_like_heading(t: &str) -> bool {
    let t = t.trim();
    if t.len() > 90 || has_spaced_pipe(t) || ends_sentence(t) || t.ends_with(',') || t.contains('$') {
        return false;
    }
    if !t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
        return false;
    }
    let [words, letters, content, capital] = if t.is_ascii() {
        count_words_ascii(t.as_bytes())
    } else {
        count_words(t)
    };
    if words > 12 || letters == 0 {
        return false;
    }
    // Title case, or a short sentence-case label ("Contract balances").
    capital * 10 >= content * 7 || words <= 4
}

/// A heading's words, words starting with a letter (less punctuation around them), those of
/// them that are not [`SMALL_WORDS`], and those of them that start with a capital.
fn count_words(t: &str) -> [usize; 4] {
    let (mut words, mut letters, mut content, mut capital) = (0, 0, 0, 0);
    for w in t.split_whitespace() {
        words += 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = w.chars().next().filter(|c| c.is_alphabetic()) else {
            continue;
        };
        letters += 1;
        // (No character but the ASCII letters lowercases to one of these words' letters.)
        if is_small_word(w.as_bytes()) {
            continue;
        }
        content += 1;
        if first.is_uppercase() {
            capital += 1;
        }
    }
    [words, letters, content, capital]
}

/// [`count_words`] of an ASCII text, byte by byte (where `split_whitespace` and `trim_matches`
/// decode characters and ask Unicode about each).
fn count_words_ascii(t: &[u8]) -> [usize; 4] {
    let (mut words, mut letters, mut content, mut capital) = (0, 0, 0, 0);
    for w in t.split(|c| super::is_ascii_space(*c)).filter(|w| !w.is_empty()) {
        words += 1;
        let Some(first) = w.iter().position(u8::is_ascii_alphanumeric) else {
            continue;
        };
        let end = w
            .iter()
            .rposition(u8::is_ascii_alphanumeric)
            .map_or(first, |last| last + 1);
        let w = &w[first..end];
        if !w.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        letters += 1;
        if is_small_word(w) {
            continue;
        }
        content += 1;
        if w[0].is_ascii_uppercase() {
            capital += 1;
        }
    }
    [words, letters, content, capital]
}

pub(super) fn is_note_title(t: &str) -> bool {
    // A number of at most three digits before the first ". ": that ". " is among the first five bytes.
    let b = t.as_bytes();
    let number_before_stop = || {
        b.windows(2)
            .take(4)
            .position(|w| w == b". ")
            .is_some_and(|n| n > 0 && b[..n].iter().all(u8::is_ascii_digit))
    };
    b.get(..5).is_some_and(|p| p.eq_ignore_ascii_case(b"note ")) || number_before_stop()
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
