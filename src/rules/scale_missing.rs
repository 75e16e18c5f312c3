use std::ops::Range;
use std::sync::LazyLock;

use super::support::{self, re, spans_read_by_hand, Pattern, Reading};
use super::{Applies, Category, Context, Edit, Finding, Fix, Rule, RuleMeta, Severity};
use crate::declare_rule;
use crate::facts::{Fact, FactKind, ScaleSource};
use crate::reader::BlockKind;

declare_rule! {
    /// ## What it checks
    /// Amounts in the note's sentences that state no scale of their own ("$1,868") and sit under
    /// no heading or caption that gives one ("(in thousands)", "$ in Millions"), where the figure
    /// is clearly not in dollars: a company-level revenue, balance or obligation figure below
    /// $100,000, or one written with decimals ("$12.3"). Prices and per-share figures ("$25 per
    /// month") are left alone. Table figures take the scale of their caption, which an R page
    /// renders apart, so the rule reads sentences only.
    ///
    /// ## Why
    /// "$1,868" of deferred revenue is read as dollars unless the note says thousands; a reader
    /// who has to guess the scale can be off by a factor of a thousand.
    ///
    /// ## Example that passes
    /// > During the year ended December 31, 2024, we recognized revenue of $1,868 thousand that
    /// > was included in our deferred revenue balance as of December 31, 2023.
    ///
    /// ## Reference
    /// Consistency: Regulation S-X 4-01(a) (financial statements must not mislead); the amounts
    /// feed ASC 606-10-50-8 and 50-13.
    pub struct ScaleMissing {
        id: "scale-missing",
        reference: "Regulation S-X 4-01(a)",
        category: Category::Consistency,
        applies: Applies::ALWAYS,
        severity: Severity::Warning,
        summary: "Amounts state their scale (thousands, millions) or sit under a heading that does.",
    }
}

static MONEY: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)\$\s?(\d[\d,]*(?:\.\d+)?)(\s*(?:thousand|million|billion|trillion|mn|bn|mm|[mbk])\b)?"));

/// A match of [`MONEY`], with what its groups say.
#[derive(Clone, Debug, PartialEq, Eq)]
struct MoneyMention<'h> {
    span: Range<usize>,
    /// The figure as written (group 1): "1,868", "12.3".
    figure: &'h str,
    /// Whether a scale word follows the figure (group 2).
    scaled: bool,
}

/// The matches of [`MONEY`] in `haystack`, exactly as `MONEY.captures_iter(haystack)` finds them.
///
/// Capture groups cost the slow engine on every match; a plain match is read instead. A match is
/// `$`, at most one white space, the figure (digits, commas, a dot) and, if anything more, the
/// scale word with the white space before it. The figure is greedy and the scale word optional,
/// so the figure is the longest one there; and it holds neither white space nor letters, while
/// the scale part starts with one of them, so the figure ends at the first of them.
fn money_mentions(haystack: &str) -> impl Iterator<Item = MoneyMention<'_>> + '_ {
    money_spans(haystack).map(|span| {
        let matched = &haystack[span.clone()];
        let after_sign = matched.strip_prefix('$').unwrap_or(matched);
        let figure = match after_sign.chars().next() {
            Some(space) if space.is_whitespace() => &after_sign[space.len_utf8()..],
            _ => after_sign,
        };
        let figure_len = figure
            .find(|c: char| c.is_whitespace() || c.is_alphabetic())
            .unwrap_or(figure.len());
        MoneyMention {
            span,
            figure: &figure[..figure_len],
            scaled: figure_len < figure.len(),
        }
    })
}

/// Where [`MONEY`] matches in `haystack`, as its `find_iter` finds them: read by hand at each `$`
/// (every match starts with one, and holds no other), the regex asked only where a non-ASCII
/// character decides (a Unicode digit or white space, a letter `(?i)` folds to `k` or `s`).
fn money_spans(haystack: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    spans_read_by_hand(
        memchr::memchr_iter(b'$', haystack.as_bytes()),
        move |at| read_money_at(haystack, at),
        move |at| MONEY.for_text(haystack).find_at(haystack, at),
    )
}

/// Scale words in the order the pattern tries them.
const SCALE_WORDS: [&str; 10] = [
    "thousand", "million", "billion", "trillion", "mn", "bn", "mm", "m", "b", "k",
];

/// The match of [`MONEY`] at `at` (a `$`): at most one white space, a digit, digits and commas, a
/// dot and digits if any, and then, if there is one, white space and the first scale word that
/// ends a word. Every part is as long as it can be, as nothing after it is required.
fn read_money_at(haystack: &str, at: usize) -> Reading {
    let b = haystack.as_bytes();
    // Each step stops at a byte its part may take; a non-ASCII one is for the regex.
    let unsure = |i: usize| b.get(i).is_some_and(|c| !c.is_ascii());
    let is_space = |i: usize| matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'));
    let is_digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = at + 1;
    if unsure(i) {
        return Reading::Unsure;
    }
    if is_space(i) {
        i += 1;
    }
    if unsure(i) {
        return Reading::Unsure;
    }
    if !is_digit(i) {
        return Reading::None;
    }
    while is_digit(i) || b.get(i) == Some(&b',') {
        i += 1;
    }
    if unsure(i) {
        return Reading::Unsure;
    }
    if b.get(i) == Some(&b'.') {
        if unsure(i + 1) {
            return Reading::Unsure;
        }
        if is_digit(i + 1) {
            i += 1;
            while is_digit(i) {
                i += 1;
            }
            if unsure(i) {
                return Reading::Unsure;
            }
        }
    }
    let figure_end = i;
    let mut word = i;
    while is_space(word) {
        word += 1;
    }
    if unsure(word) {
        return Reading::Unsure;
    }
    for scale in SCALE_WORDS {
        match starts_with_word(b, word, scale) {
            Some(true) => {}
            Some(false) => continue,
            None => return Reading::Unsure,
        }
        let end = word + scale.len();
        // `\b`: the scale word ends with a letter.
        if !haystack[end..].chars().next().is_some_and(support::is_word_character) {
            return Reading::Found(end);
        }
    }
    Reading::Found(figure_end)
}

/// Whether `b[at..]` starts with `word` (lowercase ASCII letters) in any ASCII case; `None` when
/// the first byte that differs is a non-ASCII one (`(?i)` matches the Kelvin sign for `k`, the
/// long s for `s`).
fn starts_with_word(b: &[u8], at: usize, word: &str) -> Option<bool> {
    for (k, letter) in word.bytes().enumerate() {
        match b.get(at + k) {
            Some(c) if c.to_ascii_lowercase() == letter => {}
            Some(c) if !c.is_ascii() => return None,
            _ => return Some(false),
        }
    }
    Some(true)
}

/// What follows a price or a per-unit figure.
static PER_UNIT: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?i)^\s*(?:per\b|a (?:month|year|share|unit)|each\b|/|for each)"));

/// The sentence is about company-level revenue figures.
static ABOUT_REVENUE: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"(?i)revenue|sales|deferred|liabilit|obligation|backlog|receivable|contract|commission|balance|billing")
});

/// A caption that states the scale of what is under it.
static CAPTION: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"(?i)\(\s*(?:\$|dollars|amounts|usd)?\s*in (thousands|millions|billions)|\$\s*in (thousands|millions|billions)")
});

fn caption_in_scope(cx: &Context, at: usize) -> bool {
    let section = cx.doc.block_at(at).and_then(|b| b.section);
    cx.doc.content_blocks().any(|b| {
        b.span.end <= at
            && b.section == section
            && matches!(b.kind, BlockKind::Heading { .. })
            && CAPTION.is_match(&cx.text[b.span.clone()])
    })
}

/// The scale word of the note's table captions, for the fix: "thousand" for "(in thousands)".
fn caption_scale(cx: &Context) -> Option<&'static str> {
    let c = CAPTION.captures(&cx.text[cx.doc.body.clone()])?;
    let word = c.get(1).or_else(|| c.get(2))?.as_str().to_ascii_lowercase();
    Some(match word.as_str() {
        "thousands" => "thousand",
        "millions" => "million",
        _ => "billion",
    })
}

/// The amount facts by where they start, to find the one at a money mention without going
/// through every fact.
struct AmountIndex<'a> {
    facts: &'a [Fact],
    /// Each amount fact's start and index, by start.
    by_start: Vec<(usize, usize)>,
    longest: usize,
}

impl<'a> AmountIndex<'a> {
    fn new(cx: &Context<'a>) -> AmountIndex<'a> {
        let mut by_start: Vec<(usize, usize)> = (cx.facts.iter().enumerate())
            .filter(|(_, f)| f.kind == FactKind::Amount)
            .map(|(i, f)| (f.span.start, i))
            .collect();
        by_start.sort_unstable();
        let longest = (cx.facts.iter().filter(|f| f.kind == FactKind::Amount))
            .map(|f| f.span.len())
            .max()
            .unwrap_or(0);
        AmountIndex {
            facts: cx.facts,
            by_start,
            longest,
        }
    }

    /// The first amount fact (in the facts' order) whose span contains `at`.
    fn containing(&self, at: usize) -> Option<&'a Fact> {
        let starting_by_at = self.by_start.partition_point(|&(start, _)| start <= at);
        // A fact containing `at` starts at most `longest` bytes before it.
        let earliest = at.saturating_sub(self.longest);
        self.by_start[..starting_by_at]
            .iter()
            .rev()
            .take_while(|&&(start, _)| start >= earliest)
            .map(|&(_, i)| i)
            .filter(|&i| at < self.facts[i].span.end)
            .min()
            .map(|i| &self.facts[i])
    }
}

impl Rule for ScaleMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut candidates: Vec<Range<usize>> = Vec::new();
        let mut amounts: Option<AmountIndex> = None;
        for block in cx.doc.content_blocks() {
            if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) {
                continue;
            }
            for s in &block.sentences {
                let t = &cx.text[s.clone()];
                // Table rows a reader took for text carry their caption's scale. A sentence
                // without a dollar sign has no amount to check: that test is the cheap one.
                if memchr::memchr(b'$', t.as_bytes()).is_none() || t.contains(" | ") || !ABOUT_REVENUE.is_match(t) {
                    continue;
                }
                for money in money_mentions(t) {
                    if money.scaled || PER_UNIT.is_match(&t[money.span.end..]) {
                        continue;
                    }
                    let span = s.start + money.span.start..s.start + money.span.end;
                    // The extractor knows better where it found a scale (a heading in scope).
                    let fact = amounts
                        .get_or_insert_with(|| AmountIndex::new(cx))
                        .containing(span.start);
                    if fact.is_some_and(|f| f.scale != Some(ScaleSource::Assumed)) || caption_in_scope(cx, span.start) {
                        continue;
                    }
                    let written = money.figure.trim_end_matches([',', '.']);
                    let value: f64 = written.replace(',', "").parse().unwrap_or(f64::INFINITY);
                    let decimals = written.contains('.') && !written.ends_with(".00");
                    if value < 100_000.0 || (decimals && value < 1_000_000.0) {
                        candidates.push(span);
                    }
                }
            }
        }
        if candidates.is_empty() {
            return;
        }
        // The whole note's first caption: searched only for a fix to make.
        let scale = caption_scale(cx);
        for span in candidates {
            let written = cx.text[span.clone()].trim_end_matches([',', '.']).to_string();
            let span = span.start..span.start + written.len();
            let mut f = cx.finding(
                &Self::META,
                span.clone(),
                format!(
                    "`{written}` states no scale and no heading gives one, yet it is clearly not in dollars: write \
                     \"{written} thousand\" or \"{written} million\", or add the scale to the heading."
                ),
            );
            if let Some(word) = scale {
                f.fix = Some(Fix {
                    title: format!("Add \"{word}\" (the scale of the note's tables)"),
                    edits: vec![Edit {
                        span: span.end..span.end,
                        new_text: format!(" {word}"),
                    }],
                });
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const MONEY_WORDS: &[&str] = &[
        "$",
        " ",
        "\u{a0}",
        "\u{2003}",
        "\n",
        "1",
        "12",
        "0",
        "\u{663}",
        "\u{ff15}",
        ",",
        ".",
        "5.",
        ".25",
        "thousand",
        "million",
        "Billion",
        "TRILLION",
        "mn",
        "bn",
        "mm",
        "m",
        "b",
        "k",
        "K",
        "\u{212A}",
        "thou\u{17F}and",
        "s",
        "x",
        "\u{e9}",
        "\u{2019}",
        "_",
        "per",
        "$1,868",
        "$ 12.3 million",
        "$5mm",
        "$7k",
        "$\u{663}",
        "$\u{a0}5",
        "5.\u{663}",
        "mx",
        "mm_",
        "bn\u{e9}",
        "k\u{2019}",
        "thousands",
    ];

    proptest! {
        /// The plain-match reading finds exactly what `captures_iter` does, groups included.
        #[test]
        fn money_agrees_with_captures_iter(words in proptest::collection::vec(0..MONEY_WORDS.len(), 0..30)) {
            let text: String = words.iter().map(|&i| MONEY_WORDS[i]).collect();
            let fast: Vec<_> = money_mentions(&text).collect();
            let plain: Vec<_> = MONEY
                .captures_iter(&text)
                .map(|c| MoneyMention {
                    span: c.get(0).unwrap().range(),
                    figure: c.get(1).unwrap().as_str(),
                    scaled: c.get(2).is_some(),
                })
                .collect();
            prop_assert_eq!(fast, plain);
        }
    }
}
