//! Re-reading a note after an edit: only the blocks around the edit are read again.
//!
//! Blocks are read line by line by a reader whose state between lines is small: whether a
//! paragraph is open, and whether a content block came before (a plain note's first heading is
//! its title). At a *sync point* (a line start where no paragraph is open and no block spans
//! across; in Markdown also right after a blank line, since a table row looks back to the
//! previous blank line for its separator) what follows depends only on the text from there and
//! on that flag. So a re-read starts at the last sync point before the edit (blocks before it
//! are kept) and stops at the first sync point after the edit where the old reading was at a
//! sync point too, with the same flag (blocks after it are kept, shifted).
//!
//! What depends on far-away text is recomputed or falls back to a full read: an R page's
//! header and trailer (full read whenever the old or the new text is an R page), sections
//! (recomputed from the blocks: cheap), the period the text's phrases imply (the phrases are
//! kept; they are scanned again from the last one before the edit to the first one after it
//! that is unchanged, and the period is taken over all of them). A comment left open swallows
//! the text after it: the re-read then runs to the end, as a fresh read would. An edit that does
//! not turn the old text into the new one (wrong range or lengths) also gets a full read.
//!
//! The cost that remains is linear but small: checking the text around the edit is unchanged,
//! shifting the spans of the blocks after it, and recomputing sections.

use std::ops::Range;

use super::{assign_sections, blocks, rpage, Block, BlockKind, Document, Format};

/// One edit of a text: the bytes `range` of the old text were replaced by `new_len` bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_len: usize,
}

/// The blocks a re-read kept from the old reading: `blocks[..kept]` as they were, and the old
/// `blocks[old_after..]` as the new `blocks[new_after..]`, moved by the edit's change in length
/// (the text they were read from is the same, moved likewise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeptBlocks {
    pub kept: usize,
    pub old_after: usize,
    pub new_after: usize,
}

impl TextEdit {
    /// The smallest edit that turns `old` into `new`: all but their common prefix and suffix.
    pub fn between(old: &str, new: &str) -> TextEdit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = common_prefix(a, b);
        while !old.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = a.len().min(b.len()) - prefix;
        let mut suffix = common_suffix(&a[a.len() - max_suffix..], &b[b.len() - max_suffix..]);
        while !old.is_char_boundary(a.len() - suffix) {
            suffix -= 1;
        }
        TextEdit {
            range: prefix..a.len() - suffix,
            new_len: b.len() - suffix - prefix,
        }
    }

    /// The single edit that `self` then `next` (whose range is in the text after `self`) make
    /// to the text before `self`: the smallest old range covering both, and what replaced it.
    /// An editor sends edits one by one; a re-read wants what they did together.
    pub fn then(&self, next: &TextEdit) -> TextEdit {
        // In the text after `self`, `self`'s replacement is `self.range.start..new_end`.
        let new_end = self.new_end();
        let start = self.range.start.min(next.range.start);
        let end_after_self = new_end.max(next.range.end);
        // Past `new_end`, the text after `self` is the old text shifted by the size change.
        let old_end = end_after_self - new_end + self.range.end;
        let grown = next.new_len as isize - next.range.len() as isize;
        let new_len = (end_after_self - start) as isize + grown;
        TextEdit {
            range: start..old_end,
            new_len: new_len.max(0) as usize,
        }
    }

    /// Where the inserted text ends in the new text.
    fn new_end(&self) -> usize {
        self.range.start + self.new_len
    }

    /// Whether this edit turns `old` into `new`: in range, on character boundaries, and the
    /// text around it unchanged.
    fn turns(&self, old: &str, new: &str) -> bool {
        let Range { start, end } = self.range;
        start <= end
            && end <= old.len()
            && old.len() - (end - start) + self.new_len == new.len()
            && old.is_char_boundary(start)
            && old.is_char_boundary(end)
            && new.is_char_boundary(self.new_end())
            && old.as_bytes()[..start] == new.as_bytes()[..start]
            && old.as_bytes()[end..] == new.as_bytes()[self.new_end()..]
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Whole chunks first (compared as slices, fast), then bytes.
    const CHUNK: usize = 64;
    let n = a.len().min(b.len());
    let mut k = 0;
    while k + CHUNK <= n && a[k..k + CHUNK] == b[k..k + CHUNK] {
        k += CHUNK;
    }
    while k < n && a[k] == b[k] {
        k += 1;
    }
    k
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let (la, lb) = (a.len(), b.len());
    let n = la.min(lb);
    let mut k = 0;
    while k + CHUNK <= n && a[la - k - CHUNK..la - k] == b[lb - k - CHUNK..lb - k] {
        k += CHUNK;
    }
    while k < n && a[la - k - 1] == b[lb - k - 1] {
        k += 1;
    }
    k
}

impl Document {
    /// The document of `new_text`, which `edit` made from `old_text` (the text this document was
    /// read from): exactly what `Document::read(new_text, markdown)` returns, but only the
    /// blocks around the edit are read again. Falls back to a full read when the edit does not
    /// fit the texts or touches something that is not local (an R page's header or trailer).
    ///
    /// This copies the blocks it keeps; [`Document::into_reread`] reuses them.
    pub fn reread(&self, old_text: &str, new_text: &str, edit: &TextEdit, markdown: bool) -> Document {
        if self.can_reread(old_text, new_text, edit, markdown) {
            self.clone().splice_edit(old_text, new_text, edit).0
        } else {
            Document::read(new_text, markdown)
        }
    }

    /// [`Document::reread`] that takes the old document and reuses its blocks.
    pub fn into_reread(self, old_text: &str, new_text: &str, edit: &TextEdit, markdown: bool) -> Document {
        self.into_reread_keeping(old_text, new_text, edit, markdown).0
    }

    /// [`Document::into_reread`], and which of the old blocks the new reading kept (`None`
    /// when it read the new text afresh).
    pub fn into_reread_keeping(
        self,
        old_text: &str,
        new_text: &str,
        edit: &TextEdit,
        markdown: bool,
    ) -> (Document, Option<KeptBlocks>) {
        if self.can_reread(old_text, new_text, edit, markdown) {
            let (document, kept) = self.splice_edit(old_text, new_text, edit);
            (document, Some(kept))
        } else {
            (Document::read(new_text, markdown), None)
        }
    }

    fn can_reread(&self, old_text: &str, new_text: &str, edit: &TextEdit, markdown: bool) -> bool {
        let format = if markdown { Format::Markdown } else { Format::Plain };
        // R pages are read afresh (their header and trailer decide the body), and a new R-page
        // header changes the format and the body.
        self.format == format
            && self.body == (0..old_text.len())
            && edit.turns(old_text, new_text)
            && rpage::header(new_text).is_none()
    }

    fn splice_edit(mut self, old_text: &str, new_text: &str, edit: &TextEdit) -> (Document, KeptBlocks) {
        let body = 0..new_text.len();
        let (old_end, new_end) = (edit.range.end, edit.new_end());
        let to_old = |at: usize| at - new_end + old_end;
        let old_bytes = old_text.as_bytes();
        let (from, seen_content) = self.restart_point(old_text, edit.range.start);
        let first_content = self.blocks.iter().position(|b| b.kind != BlockKind::Comment);
        let old_blocks = &self.blocks;
        let chunk = blocks::read_from(new_text, body.clone(), self.format, from, seen_content, |p| {
            // Past the edit, where the old reading had no block open either and had seen
            // content alike, the rest reads as it did. (The line starts must be line starts of
            // the old text too: an inserted line break makes new ones.)
            let line_start = |at: usize| at >= new_end && (to_old(at) == 0 || old_bytes[to_old(at) - 1] == b'\n');
            let past = match self.format {
                Format::Markdown => p.blank_before.is_some_and(line_start),
                _ => line_start(p.at),
            };
            past && {
                let at = to_old(p.at);
                let k = old_blocks.partition_point(|b| b.span.start < at);
                let inside = k > 0 && old_blocks[k - 1].span.end > at;
                !inside && first_content.is_some_and(|f| f < k) == p.seen_content
            }
        });

        let shift = |r: &mut Range<usize>| *r = r.start - old_end + new_end..r.end - old_end + new_end;
        // What the old reading had from where the new one stopped is kept, shifted.
        let resume = chunk.stopped_at.map(to_old);
        let kept = self.blocks.partition_point(|b| b.span.start < from);
        let after = resume.map_or(self.blocks.len(), |at| {
            self.blocks.partition_point(|b| b.span.start < at)
        });
        for b in &mut self.blocks[after..] {
            shift(&mut b.span);
            b.sentences.iter_mut().for_each(shift);
            for row in &mut b.rows {
                shift(&mut row.span);
                row.cells.iter_mut().for_each(shift);
            }
        }
        let kept_blocks = KeptBlocks {
            kept,
            old_after: after,
            new_after: kept + chunk.blocks.len(),
        };
        self.blocks.splice(kept..after, chunk.blocks);
        let kept = self.suppressions.partition_point(|s| s.span.start < from);
        let after = resume.map_or(self.suppressions.len(), |at| {
            self.suppressions.partition_point(|s| s.span.start < at)
        });
        self.suppressions[after..].iter_mut().for_each(|s| shift(&mut s.span));
        self.suppressions.splice(kept..after, chunk.suppressions);

        self.sections = blocks::sections(&self.blocks, body.end);
        assign_sections(&mut self.blocks, &self.sections);
        self.period_phrases = self.rescan_period_phrases(new_text, edit);
        self.text_period = rpage::period_of(&self.period_phrases);
        self.body = body;
        (self, kept_blocks)
    }

    /// The period phrases of the new text: those that end before the edit are kept; the scan
    /// starts after them and stops at the first phrase past the edit that the old text had at
    /// the same place (the scans agree from there on: phrases do not overlap).
    fn rescan_period_phrases(&self, new_text: &str, edit: &TextEdit) -> Vec<rpage::PeriodPhrase> {
        let (old_end, new_end) = (edit.range.end, edit.new_end());
        let old = &self.period_phrases;
        let kept = old.partition_point(|p| p.span.end <= edit.range.start);
        let from = kept.checked_sub(1).map_or(0, |k| old[k].span.end);
        let mut resume = old.len();
        let (scanned, stopped) = rpage::period_phrases(new_text, 0..new_text.len(), from, |p| {
            if p.span.start < new_end {
                return false;
            }
            let at = p.span.start - new_end + old_end;
            let k = old.partition_point(|o| o.span.start < at);
            let same = old
                .get(k)
                .is_some_and(|o| o.span.start == at && o.span.end - o.span.start == p.span.len());
            if same {
                resume = k;
            }
            same
        });
        let mut phrases = Vec::with_capacity(old.len() + scanned.len());
        phrases.extend_from_slice(&old[..kept]);
        phrases.extend(scanned);
        if stopped {
            phrases.extend(old[resume..].iter().map(|o| rpage::PeriodPhrase {
                span: o.span.start - old_end + new_end..o.span.end - old_end + new_end,
                period: o.period,
            }));
        }
        phrases
    }

    /// The last sync point of the old reading at or before `at` (a line start whose line is
    /// unchanged before it), and whether a content block came before it.
    pub(super) fn restart_point(&self, old_text: &str, at: usize) -> (usize, bool) {
        let bytes = old_text.as_bytes();
        let line_start = |end: usize| memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |k| k + 1);
        let mut start = line_start(at);
        while start > 0 {
            let previous = line_start(start - 1);
            let k = self.blocks.partition_point(|b| b.span.start < start);
            let last = k.checked_sub(1).map(|i| &self.blocks[i]);
            // A comment left open runs to the end of the text, wherever that now is.
            let open_comment = |b: &Block| {
                b.kind == BlockKind::Comment && !old_text[b.span.clone()].contains("-->") && {
                    old_text[b.span.clone()].starts_with("<!--")
                }
            };
            let inside = last.is_some_and(|b| b.span.end > start || open_comment(b));
            let line = old_text[previous..start].trim();
            // A plain table looks two lines past its last row (a label line, then a row).
            let table_looks_here = || {
                let before_previous = line_start(previous.saturating_sub(1));
                k >= 2 && self.blocks[k - 2].kind == BlockKind::Table && self.blocks[k - 2].span.end > before_previous
            };
            let ended = match last {
                // Nothing read before this line looks past it: a blank line ends tables, lists and
                // paragraphs; a plain paragraph ended by its last sentence, a heading or a
                // comment does not depend on the next line (a table does: it may go on).
                _ if line.is_empty() => true,
                Some(b) if self.format == Format::Plain && b.span.end > previous => match b.kind {
                    BlockKind::Table | BlockKind::ListItem => false,
                    BlockKind::Paragraph => blocks::ends_sentence(line) && !table_looks_here(),
                    BlockKind::Heading { .. } | BlockKind::Comment => !table_looks_here(),
                },
                _ => false,
            };
            if !inside && ended {
                let seen = self.blocks[..k].iter().any(|b| b.kind != BlockKind::Comment);
                return (start, seen);
            }
            start = previous;
        }
        (0, false)
    }
}
