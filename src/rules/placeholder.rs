use std::sync::LazyLock;

use super::support::{self, Needle, Pattern};

use super::{Applies, Category, Context, Finding, Rule, RuleMeta, Severity};
use crate::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Draft placeholders left in the note: `[X]`, `$[•]`, `XX%`, `TBD`, `[insert ...]`, `??`,
    /// `[date]`, `[describe ...]`, `$X.X million`. Comments are not part of the note, so a
    /// placeholder inside `<!-- ... -->` passes. The templates that revlint's quick fixes insert
    /// use these placeholders, so they are flagged until filled in.
    ///
    /// ## Why
    /// A filed note with a placeholder is an error the SEC staff and readers see at once.
    ///
    /// ## Example that passes
    /// > Remaining performance obligations were $791.4 million as of June 30, 2023.
    ///
    /// ## Reference
    /// Draft hygiene (SEC Regulation S-X 4-01(a): financial statements must be complete).
    pub struct Placeholder {
        id: "placeholder",
        reference: "Regulation S-X 4-01(a)",
        category: Category::Hygiene,
        applies: Applies::ALWAYS,
        severity: Severity::Error,
        summary: "No draft placeholders ([X], TBD, XX%, [insert ...]) are left in the note.",
    }
}

/// Bracketed placeholders (`[X]`, `[•]`, `[date]`, `[insert ...]`, `[describe ...]`, `[XX]%`),
/// `TBD`/`TBC`, `XX%`, `$X.X million`, `??` and `XX`.
static PLACEHOLDER: LazyLock<Pattern> = LazyLock::new(|| {
    support::re_with_needles(
        r"(?i)\[\s*(?:x+(?:\.x+)?|[•●∙·]|\.\.\.|…|_+|-+|insert\b[^\]]*|describe\b[^\]]*|specify\b[^\]]*|date|period|amount|number|percent(?:age)?|company|tbd|tbc|\?+)\s*\]|\bTB[DC]\b|(?-i:\bX{2,}%|\$\s?X+(?:\.X+)?\b|\bX{2,}\b)|\?\?+",
        // How every match starts, in lowercase: the pattern's own leading literals are too short
        // and too many (a `$` with any white space after it) for the regex crate's prefilter.
        vec![
            Needle::new("["),
            Needle::new("??"),
            Needle::new("tb"),
            // `XX`, or the `X` of `$X` (a `$` and at most one white-space character, three bytes,
            // before it): one search for the `x`, rarer than `$` in a financial note.
            Needle::checked("x", |text, at| {
                text.get(at + 1) == Some(&b'x') || text[at.saturating_sub(4)..at].contains(&b'$')
            }),
        ],
    )
});

impl Rule for Placeholder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut gate = support::Gate::new(cx, &PLACEHOLDER);
        for block in cx.doc.content_blocks() {
            if !gate.may_match(&block.span) {
                continue;
            }
            let text = &cx.text[block.span.clone()];
            for m in PLACEHOLDER.for_text(text).find_iter(text) {
                let span = block.span.start + m.start()..block.span.start + m.end();
                let f: Finding = cx.finding(
                    &Self::META,
                    span,
                    format!(
                        "Placeholder `{}` left in the note: fill it in before filing.",
                        m.as_str()
                    ),
                );
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_cover_every_match() {
        support::assert_needles_cover(
            &PLACEHOLDER,
            &[
                "[X]",
                "[ x.x ]",
                "$X",
                "$ X",
                "$\u{a0}XX.X",
                "XX%",
                "xx",
                "TBD",
                "tbc",
                "??",
                "[insert amount]",
                "[date]",
                "[•]",
                "$1.2",
                " ",
                "x",
                "é",
                "’",
                "]",
                "[",
                "$",
                "Tbd ",
            ],
        );
    }
}
