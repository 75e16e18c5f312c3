//! Which us-gaap element a figure of a sentence is, from the sentence's wording.
//!
//! The cues are the words filers use: "remaining performance obligations", "transaction price
//! allocated to", "backlog" (RPO); "deferred revenue", "unearned revenue", "contract liabilities"
//! (the liability); revenue "recognized" that was "included in" / "from" / "related to" that
//! liability (revenue recognized from it); "contract assets"; "unbilled receivables"; "costs to
//! obtain", "deferred commissions" (capitalized contract costs) and their "amortization".

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use memchr::memmem;
use regex::Regex;

use super::Concept;

/// One automaton for a list of cue words, for short texts (a table label, the words before a
/// figure) searched for many words, or for every occurrence of every word
/// (`find_overlapping_iter`). No prefilter: cue words are made of common letters, which a
/// prefilter would stop at all the time. A DFA of a few cue words is small. On a whole sentence
/// and a few words, `str::contains` (SIMD) is faster.
pub fn cue_automaton<W: AsRef<[u8]>>(words: impl IntoIterator<Item = W>) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .prefilter(false)
        .kind(Some(AhoCorasickKind::DFA))
        .build(words)
        .expect("cue words are plain literals")
}

/// A word looked for in many texts (sentences, windows, parts of a note), its substring
/// searcher built once, on first use: `str::contains` and `memmem::find` build one per text.
pub struct Word {
    word: &'static str,
    finder: OnceLock<memmem::Finder<'static>>,
}

impl Word {
    pub const fn new(word: &'static str) -> Word {
        Word {
            word,
            finder: OnceLock::new(),
        }
    }

    pub fn word(&self) -> &'static str {
        self.word
    }

    pub fn finder(&self) -> &memmem::Finder<'static> {
        self.finder.get_or_init(|| memmem::Finder::new(self.word))
    }

    /// Whether `text` has the word: `text.contains(word)`.
    pub fn is_in(&self, text: &str) -> bool {
        self.finder().find(text.as_bytes()).is_some()
    }
}

/// What a sentence is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Remaining performance obligations, or the expected recognition of deferred revenue.
    Rpo,
    /// Revenue recognized out of the opening contract liability.
    LiabilityRecognized,
    /// Revenue recognized in the period from performance obligations satisfied in earlier
    /// periods (changes in variable consideration, ASC 606-10-50-12A).
    PriorPeriodObligations,
    /// Balances: each figure takes the balance cue nearest before it.
    Balances,
    Other,
}

const RPO_CUES: &[&str] = &[
    "remaining performance obligation",
    "unsatisfied performance obligation",
    "unfulfilled performance obligation",
    "performance obligations that are unsatisfied",
    "performance obligations that were unsatisfied",
    "performance obligations that have not been satisfied",
    "performance obligations not yet satisfied",
    "transaction price allocated to",
    "transaction price that is allocated to",
    "backlog",
    "contracted but not yet recognized",
    "contracted revenue that has not yet been recognized",
];

const LIABILITY_CUES: &[&str] = &[
    "deferred revenue",
    "contract liabilit",
    "unearned revenue",
    "deferred income",
    "customer deposits",
    "advance payments",
    "customer advances",
    "billings in excess",
    "gift card liabilit",
    "previously deferred",
];

const FUTURE_CUES: &[&str] = &[
    "expect",
    "will be recognized",
    "to be recognized",
    "to be realized",
    "will recognize",
    "anticipate",
    "will be realized",
];

/// Things recognized that are not revenue out of the opening liability: a sentence naming one
/// does not continue a "revenue recognized from deferred revenue" sentence ("Gift card breakage
/// income of $27 million was recognized in fiscal 2023").
const OTHER_INCOME: &[&str] = &[
    "breakage",
    "income",
    "royalt",
    "gain",
    "loss",
    "expense",
    "impairment",
    "interest",
];

/// Balance cues, each with its concept.
const BALANCE_CUES: &[(&str, Concept)] = &[
    ("deferred revenue", Concept::ContractWithCustomerLiability),
    ("contract liabilit", Concept::ContractWithCustomerLiability),
    ("unearned revenue", Concept::ContractWithCustomerLiability),
    ("customer advance", Concept::ContractWithCustomerLiability),
    ("advances from customers", Concept::ContractWithCustomerLiability),
    ("gift card liabilit", Concept::ContractWithCustomerLiability),
    // Construction accounting's names for the two balances.
    ("billings in excess of", Concept::ContractWithCustomerLiability),
    ("in excess of billings", Concept::ContractWithCustomerAssetNet),
    ("contract asset", Concept::ContractWithCustomerAssetNet),
    ("unbilled receivable", Concept::AccountsReceivableNetCurrent),
    ("accounts receivable", Concept::AccountsReceivableNetCurrent),
    ("trade receivable", Concept::AccountsReceivableNetCurrent),
    ("capitalized contract cost", Concept::CapitalizedContractCostNet),
    ("costs to obtain", Concept::CapitalizedContractCostNet),
    ("cost to obtain", Concept::CapitalizedContractCostNet),
    ("costs to fulfill", Concept::CapitalizedContractCostNet),
    ("costs incurred to obtain", Concept::CapitalizedContractCostNet),
    ("deferred commission", Concept::CapitalizedContractCostNet),
    ("deferred sales commission", Concept::CapitalizedContractCostNet),
    ("capitalized commission", Concept::CapitalizedContractCostNet),
    ("contract acquisition cost", Concept::CapitalizedContractCostNet),
    (
        "contract acquisition and fulfillment cost",
        Concept::CapitalizedContractCostNet,
    ),
    ("contract costs", Concept::CapitalizedContractCostNet),
];

/// "from (the) deferred revenue", "from amounts included in contract liabilities".
static FROM_LIABILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)from\s+(?:the\s+|our\s+|its\s+|their\s+|opening\s+|beginning\s+)*(?:[a-z,’'-]+\s+){0,4}(?:deferred revenue|contract liabilit|unearned revenue|deferred income)")
        .unwrap()
});

/// "$150 million of the deferred revenue balance as of December 31, 2022 was recognized".
static OF_LIABILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)of\s+(?:the\s+|our\s+|its\s+|total\s+|opening\s+|beginning\s+)*(?:deferred revenue|contract liabilit|unearned revenue|deferred income)[^.;]{0,120}?(?-u:\b)(?:was|were|had been|has been)\s+recogni")
        .unwrap()
});

pub fn has_any(lower: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| lower.contains(c))
}

/// The cue lists [`topic`] reads every sentence by, each a bit of [`Said`].
mod cue {
    pub const FUTURE: u16 = 1 << 0;
    /// A word of [`super::RPO_CUES`].
    pub const RPO: u16 = 1 << 1;
    /// The letters "rpo", maybe the word "RPO".
    pub const RPO_LETTERS: u16 = 1 << 2;
    pub const CRPO: u16 = 1 << 3;
    pub const LIABILITY: u16 = 1 << 4;
    pub const BALANCE: u16 = 1 << 5;
    pub const BACKLOG: u16 = 1 << 6;
}

const TOPIC_CUE_LISTS: &[(&[&str], u16)] = &[
    (FUTURE_CUES, cue::FUTURE),
    (RPO_CUES, cue::RPO),
    (&["rpo"], cue::RPO_LETTERS),
    (&["crpo"], cue::CRPO),
    (LIABILITY_CUES, cue::LIABILITY),
    (&["backlog"], cue::BACKLOG),
];

/// Every word of [`TOPIC_CUE_LISTS`] and [`BALANCE_CUES`] once, with the bits of the lists it is
/// in: one pass over a sentence instead of some forty `contains`.
struct TopicCues {
    automaton: AhoCorasick,
    /// The bits of each word.
    bits: Vec<u16>,
    /// The index in [`BALANCE_CUES`] of each word that is a balance cue.
    balance: Vec<Option<usize>>,
}

static TOPIC_CUES: LazyLock<TopicCues> = LazyLock::new(|| {
    let mut words: Vec<(&str, u16)> = Vec::new();
    let lists = TOPIC_CUE_LISTS
        .iter()
        .flat_map(|&(list, bit)| list.iter().map(move |&w| (w, bit)))
        .chain(BALANCE_CUES.iter().map(|&(w, _)| (w, cue::BALANCE)));
    for (w, bit) in lists {
        match words.iter_mut().find(|(known, _)| *known == w) {
            Some((_, bits)) => *bits |= bit,
            None => words.push((w, bit)),
        }
    }
    TopicCues {
        automaton: cue_automaton(words.iter().map(|(w, _)| w)),
        bits: words.iter().map(|(_, bits)| *bits).collect(),
        balance: words
            .iter()
            .map(|(w, _)| BALANCE_CUES.iter().position(|(cue, _)| cue == w))
            .collect(),
    }
});

/// Which of the topic cue lists a (lowercase) sentence has a word of.
#[derive(Clone, Copy)]
pub struct Said(u16);

impl Said {
    #[cfg(test)]
    pub fn find(lower: &str) -> Said {
        Said::find_noting(lower, |_, _| {})
    }

    /// [`Said::find`], also noting every balance cue in `balances`: (position, index in
    /// [`BALANCE_CUES`]), as [`BalanceCues`] reads them. The same pass finds them.
    pub fn find_noting_balances(lower: &str, balances: &mut Vec<(usize, usize)>) -> Said {
        Said::find_noting(lower, |at, cue| balances.push((at, cue)))
    }

    fn find_noting(lower: &str, mut balance: impl FnMut(usize, usize)) -> Said {
        let cues = &*TOPIC_CUES;
        Said(cues.automaton.find_overlapping_iter(lower).fold(0, |found, m| {
            let word = m.pattern().as_usize();
            if let Some(cue) = cues.balance[word] {
                balance(m.start(), cue);
            }
            found | cues.bits[word]
        }))
    }

    fn has(self, list: u16) -> bool {
        self.0 & list != 0
    }

    /// A word of [`FUTURE_CUES`] ("expect", "will be recognized").
    pub fn future(self) -> bool {
        self.has(cue::FUTURE)
    }

    /// [`says_remaining_obligations`], from the cues found.
    fn remaining_obligations(self, lower: &str) -> bool {
        self.has(cue::RPO) || self.has(cue::CRPO) || self.has(cue::RPO_LETTERS) && says_rpo(lower)
    }
}

/// "RPO" as a word.
fn says_rpo(lower: &str) -> bool {
    lower.match_indices("rpo").any(|(i, _)| rpo_word_at(lower, i))
}

/// "rpo" at byte `i` of `lower` is the word ("RPO", "RPOs", "cRPO" is not).
fn rpo_word_at(lower: &str, i: usize) -> bool {
    let before = lower[..i].chars().next_back();
    let after = lower[i + 3..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(|c| c.is_alphanumeric() && c != 's')
}

/// All of [`RPO_CUES`] in one pass.
static RPO_CUE: LazyLock<Regex> = LazyLock::new(|| {
    let alternation: Vec<String> = RPO_CUES.iter().map(|c| regex::escape(c)).collect();
    Regex::new(&alternation.join("|")).unwrap()
});

pub fn says_remaining_obligations(lower: &str) -> bool {
    RPO_CUE.is_match(lower) || (lower.contains("rpo") && (says_rpo(lower) || lower.contains("crpo")))
}

/// "Current remaining performance obligations" ("current RPO", "cRPO") just before a figure: the
/// part expected to be recognized in the next 12 months.
pub fn is_current_rpo(lower: &str, pos: usize) -> bool {
    let mut from = pos.saturating_sub(70);
    while !lower.is_char_boundary(from) {
        from -= 1;
    }
    let window = &lower[from..pos];
    let window = window.rsplit(". ").next().unwrap_or(window);
    ["current remaining performance obligation", "current rpo", "crpo"]
        .iter()
        .any(|w| window.contains(w))
}

/// Words just after a figure that move it a year back: "compared with $421.7 million in the prior
/// year".
pub fn is_prior_year(lower: &str, end: usize) -> bool {
    let mut to = (end + 50).min(lower.len());
    while !lower.is_char_boundary(to) {
        to += 1;
    }
    let after = &lower[end..to];
    let after = after.split([',', ';']).next().unwrap_or(after);
    let after = after.split(". ").next().unwrap_or(after);
    [
        "prior year",
        "prior-year",
        "previous year",
        "preceding year",
        "prior fiscal year",
    ]
    .iter()
    .any(|w| after.contains(w))
}

/// Words that set a backlog apart from remaining performance obligations on their own: "funded
/// backlog", "total backlog, which includes unexercised options".
const BACKLOG_APART: &[&str] = &[
    "funded backlog",
    "unfunded",
    "includes unexercised",
    "including unexercised",
    "includes options",
    "including options",
];

/// Words just before a mention of remaining performance obligations that contrast a backlog with
/// them: "in addition to", "not included in", "is not comparable to", "differs from", "excluded
/// from", "unlike".
const CONTRAST: &[&str] = &[
    "in addition to",
    "not ",
    "n't ",
    "differ",
    "exclud",
    "unlike",
    "rather than",
    "other than",
    "as opposed to",
];

/// Filers that equate the two ("remaining performance obligations, which we refer to as
/// backlog") use none of these words.
pub fn backlog_apart_from_rpo(lower: &str) -> bool {
    if !lower.contains("backlog") {
        return false;
    }
    if has_any(lower, BACKLOG_APART) {
        return true;
    }
    let rpo_mentions = RPO_CUE
        .find_iter(lower)
        .filter(|m| m.as_str() != "backlog")
        .map(|m| m.start())
        .chain(
            lower
                .match_indices("rpo")
                .filter(|(i, _)| rpo_word_at(lower, *i))
                .map(|(i, _)| i),
        );
    rpo_mentions.into_iter().any(|at| {
        let mut from = at.saturating_sub(40);
        while !lower.is_char_boundary(from) {
            from -= 1;
        }
        // Only the clause the mention is in.
        let before = lower[from..at].rsplit([',', ';', '(']).next().unwrap_or("");
        CONTRAST.iter().any(|w| before.contains(w))
    })
}

/// Revenue recognized out of the liability: "revenue recognized that was included in the
/// deferred revenue balance at the beginning of the period", "recognized revenue of $1.4 billion
/// related to contract liabilities", "revenue recognized from deferred revenue".
/// `said`: the sentence's cues.
fn liability_recognized(lower: &str, said: Said) -> bool {
    static RECOGNI: Word = Word::new("recogni");
    static OUT_OF_THE_LIABILITY: [Word; 8] = [
        Word::new("included in"),
        Word::new("recorded as"),
        Word::new("related to"),
        Word::new("previously deferred"),
        Word::new("beginning of"),
        Word::new("deferred revenue recognized"),
        Word::new("unearned revenue recognized"),
        Word::new("was in the"),
    ];
    if !(said.has(cue::LIABILITY) && RECOGNI.is_in(lower)) || said.has(cue::FUTURE) {
        return false;
    }
    OUT_OF_THE_LIABILITY.iter().any(|w| w.is_in(lower))
        || FROM_LIABILITY.is_match(lower)
        || OF_LIABILITY.is_match(lower)
}

/// Revenue from performance obligations satisfied before the period: "revenue recognized from
/// performance obligations satisfied (or partially satisfied) in prior periods", "... in
/// previous periods".
/// `said`: the sentence's cues.
fn prior_period_obligations(lower: &str, said: Said) -> bool {
    static PERFORMANCE_OBLIGATION: Word = Word::new("performance obligation");
    static SATISFIED: Word = Word::new("satisfied");
    PERFORMANCE_OBLIGATION.is_in(lower)
        && SATISFIED.is_in(lower)
        && has_any(
            lower,
            &[
                "in prior period",
                "in previous period",
                "in prior reporting period",
                "in previous reporting period",
                "in a prior period",
                "in prior years",
                "in previous years",
            ],
        )
        && !said.remaining_obligations(lower)
}

/// The sentence's topic. `previous` is the previous sentence's in the paragraph; `rpo_section`
/// whether the section's heading is about remaining performance obligations.
/// `has_timing`: the sentence names a time band or a future period ("in the years ending
/// December 31, 2024, 2025 and thereafter").
/// `said`: the sentence's cues, [`Said::find`].
pub fn topic(lower: &str, said: Said, previous: Option<Topic>, rpo_section: bool, has_timing: bool) -> Topic {
    static RECOGNIZED: Word = Word::new("recognized");
    static BALANCE: Word = Word::new("balance");
    let future = said.has(cue::FUTURE);
    if said.has(cue::BACKLOG) && backlog_apart_from_rpo(lower) {
        return Topic::Other;
    }
    if said.remaining_obligations(lower) {
        return Topic::Rpo;
    }
    if future && has_timing && (said.has(cue::LIABILITY) || rpo_section || previous == Some(Topic::Rpo)) {
        return Topic::Rpo;
    }
    if prior_period_obligations(lower, said) {
        return Topic::PriorPeriodObligations;
    }
    if liability_recognized(lower, said) {
        return Topic::LiabilityRecognized;
    }
    // "During the three and six months ended June 30, 2022, we recognized $220 million and $657
    // million, respectively." continues the previous sentence.
    if previous == Some(Topic::LiabilityRecognized)
        && RECOGNIZED.is_in(lower)
        && !future
        && !said.has(cue::BALANCE)
        && !has_any(lower, OTHER_INCOME)
    {
        return Topic::LiabilityRecognized;
    }
    // "Of the December 31, 2023 balance, $241.3 million was recognized as revenue during 2024."
    // after a sentence about the liability: only a liability is recognized as revenue.
    if previous == Some(Topic::Balances)
        && !future
        && BALANCE.is_in(lower)
        && has_any(
            lower,
            &[
                "recognized as revenue",
                "recognized into revenue",
                "recognized in revenue",
            ],
        )
        && !said.has(cue::BALANCE)
    {
        return Topic::LiabilityRecognized;
    }
    if said.has(cue::BALANCE) {
        return Topic::Balances;
    }
    Topic::Other
}

/// Words before a figure that make it a change.
const CHANGE_BEFORE: &[&str] = &[
    "increase",
    "decrease",
    "grew",
    "growth",
    "declin",
    "change",
    "up ",
    "down ",
    "higher",
    "lower",
    "addition",
    "reclassif",
    "offset",
];
static CHANGE: LazyLock<AhoCorasick> = LazyLock::new(|| cue_automaton(CHANGE_BEFORE));

/// Words just before a figure that make it a change, not a balance or total: "increased by $5
/// million", "a decrease of 3%".
pub fn is_change(lower: &str, pos: usize) -> bool {
    let mut from = pos.saturating_sub(40);
    while !lower.is_char_boundary(from) {
        from -= 1;
    }
    let window = &lower[from..pos];
    // Only the clause the figure is in.
    let window = window.rsplit([',', ';', '(']).next().unwrap_or(window);
    let mut to = (pos + 40).min(lower.len());
    while !lower.is_char_boundary(to) {
        to += 1;
    }
    // "the $1.11 billion decrease in our remaining performance obligations"
    let after = lower[pos..to].split_once(' ').map_or("", |(_, rest)| rest);
    let after = ["million ", "billion ", "thousand "]
        .iter()
        .find_map(|w| after.strip_prefix(w))
        .unwrap_or(after);
    const AFTER: &[&str] = &["increase", "decrease", "reduction", "decline", "change", "growth"];
    // "an additional 26% in 2025" is the next time band, not an addition.
    let says_before = CHANGE
        .find_overlapping_iter(window)
        .any(|m| CHANGE_BEFORE[m.pattern().as_usize()] != "addition" || !window[m.start()..].starts_with("additional"));
    says_before || AFTER.iter().any(|w| after.starts_with(w))
}

/// A figure in a balance sentence that is revenue or billings of the period ("offset by revenue
/// recognized of $760.9 million", "resulting from $867.0 million of additional invoicing").
pub fn is_activity(lower: &str, pos: usize, end: usize) -> bool {
    let mut from = pos.saturating_sub(30);
    while !lower.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 30).min(lower.len());
    while !lower.is_char_boundary(to) {
        to += 1;
    }
    let before = &lower[from..pos];
    let after = &lower[end..to];
    before.contains("recogni") || after.contains("invoic") || after.contains("billing") || after.contains("of revenue")
}

/// Income statement captions an expense is "included in".
const INCOME_STATEMENT_LINES: &[&str] = &[
    "sales and marketing",
    "selling",
    "cost of",
    "marketing",
    "operating expense",
    "general and administrative",
    "research and development",
];

/// Where `needle` occurs in `hay`, left to right. `memmem::find` reads a short haystack (a
/// figure's next few words) without building a searcher.
fn occurrences<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + memchr::memmem::find(hay.as_bytes().get(from..)?, needle.as_bytes())?;
        from = at + needle.len();
        Some(at)
    })
}

/// Words just after a figure that make it a part of a balance ("of which $352 million was
/// included in other accrued expenses").
pub fn is_component(lower: &str, end: usize) -> bool {
    let mut to = (end + 60).min(lower.len());
    while !lower.is_char_boundary(to) {
        to += 1;
    }
    let after = &lower[end..to];
    // The clause ends at a full stop, not at the decimal point of the next figure ("$392.0").
    let after = after.split(';').next().unwrap_or(after);
    let after = memchr::memmem::find(after.as_bytes(), b". ").map_or(after, |stop| &after[..stop]);
    let in_balance = |w: &str| {
        occurrences(after, w).any(|i| {
            // "... and are included in sales and marketing expenses": where an expense is
            // reported, not a part of a balance.
            let line = &lower[end + i + w.len()..];
            let line = line.trim_start().trim_start_matches("the ").trim_start_matches("our ");
            !INCOME_STATEMENT_LINES.iter().any(|l| line.starts_with(l))
        })
    };
    // Five of the words say "included in": without it, only "classified" is left to look for.
    let included = memchr::memmem::find(after.as_bytes(), b"included in").is_some()
        && [
            "included in other",
            "was included in",
            "were included in",
            "is included in",
            "are included in",
        ]
        .iter()
        .any(|w| in_balance(w));
    included || in_balance("classified") || after.trim_start().starts_with("was current")
}

/// Words that make a contract cost figure the period's expense: its amortization ("net of
/// accumulated amortization" is said of the balance) or the costs expensed.
fn says_cost_expensed(clause: &str) -> bool {
    let amortization = clause
        .match_indices("amortiz")
        .any(|(i, _)| !clause[..i].trim_end().ends_with("accumulated"));
    amortization
        || [
            "expenses recognized",
            "expense recognized",
            "recognized expense",
            "expensed",
        ]
        .iter()
        .any(|w| clause.contains(w))
}

/// The balance cues of a sentence, found once for all of its figures.
pub struct BalanceCues<'h> {
    /// (position, index in [`BALANCE_CUES`]) of every cue.
    hits: &'h [(usize, usize)],
    /// The sentence is about an allowance or an impairment: no figure is a balance.
    excluded: bool,
}

impl<'h> BalanceCues<'h> {
    /// `hits`: every balance cue of the sentence `lower`, as [`Said::find_noting_balances`]
    /// notes them.
    pub fn new(lower: &str, hits: &'h [(usize, usize)]) -> BalanceCues<'h> {
        static ALLOWANCE: Word = Word::new("allowance");
        static IMPAIR: Word = Word::new("impair");
        BalanceCues {
            hits,
            excluded: ALLOWANCE.is_in(lower) || IMPAIR.is_in(lower),
        }
    }

    /// The balance concept of a figure at `pos`: the cue nearest before it, else the first after
    /// (of cues at the same place, the first listed).
    pub fn concept_at(&self, lower: &str, pos: usize) -> Option<Concept> {
        if self.excluded {
            return None;
        }
        let before = self
            .hits
            .iter()
            .filter(|h| h.0 < pos)
            .min_by_key(|h| (usize::MAX - h.0, h.1));
        let after = self.hits.iter().filter(|h| h.0 >= pos).min_by_key(|h| (h.0, h.1));
        let &(at, cue) = before.or(after)?;
        let concept = BALANCE_CUES[cue].1;
        // A long-term receivable or a noncurrent liability is not the element's total.
        let mut from = at.saturating_sub(16);
        while !lower.is_char_boundary(from) {
            from -= 1;
        }
        if ["long-term", "noncurrent", "non-current", "long term"]
            .iter()
            .any(|w| lower[from..at].contains(w))
        {
            return None;
        }
        if concept == Concept::CapitalizedContractCostNet {
            // "Amortization of deferred commissions was $37.0 million", "recognized amortization
            // expense of $66 million ... related to costs to obtain", "Expenses recognized for
            // costs to obtain a contract ... were $7.2 million": a flow, not the balance.
            let mut from = at.min(pos).saturating_sub(60);
            while !lower.is_char_boundary(from) {
                from -= 1;
            }
            if says_cost_expensed(&lower[from..pos.max(at)]) {
                return Some(Concept::CapitalizedContractCostAmortization);
            }
            if says_cost_expensed(lower) || lower.contains("capitalized") && lower.contains("during") {
                return None;
            }
        }
        Some(concept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says_future(lower: &str) -> bool {
        has_any(lower, FUTURE_CUES)
    }

    /// Any balance cue, as [`topic`] read it before [`Said`].
    fn says_balance(lower: &str) -> bool {
        BALANCE_CUES.iter().any(|(c, _)| lower.contains(c))
    }

    fn old_liability_recognized(lower: &str) -> bool {
        if !(lower.contains("recogni") && has_any(lower, LIABILITY_CUES)) || says_future(lower) {
            return false;
        }
        lower.contains("included in")
            || lower.contains("recorded as")
            || lower.contains("related to")
            || lower.contains("previously deferred")
            || lower.contains("beginning of")
            || lower.contains("deferred revenue recognized")
            || lower.contains("unearned revenue recognized")
            || lower.contains("was in the")
            || FROM_LIABILITY.is_match(lower)
            || OF_LIABILITY.is_match(lower)
    }

    fn old_prior_period_obligations(lower: &str) -> bool {
        lower.contains("performance obligation")
            && lower.contains("satisfied")
            && has_any(
                lower,
                &[
                    "in prior period",
                    "in previous period",
                    "in prior reporting period",
                    "in previous reporting period",
                    "in a prior period",
                    "in prior years",
                    "in previous years",
                ],
            )
            && !says_remaining_obligations(lower)
    }

    /// [`is_component`] as it was: one `match_indices` per word.
    /// Words just after a figure that make it a part of a balance ("of which $352 million was
    /// included in other accrued expenses").
    fn old_is_component(lower: &str, end: usize) -> bool {
        let mut to = (end + 60).min(lower.len());
        while !lower.is_char_boundary(to) {
            to += 1;
        }
        let after = &lower[end..to];
        // The clause ends at a full stop, not at the decimal point of the next figure ("$392.0").
        let after = after.split(';').next().unwrap_or(after);
        let after = after.split(". ").next().unwrap_or(after);
        let in_balance = |w: &str| {
            after.match_indices(w).any(|(i, _)| {
                // "... and are included in sales and marketing expenses": where an expense is
                // reported, not a part of a balance.
                let line = &lower[end + i + w.len()..];
                let line = line.trim_start().trim_start_matches("the ").trim_start_matches("our ");
                !INCOME_STATEMENT_LINES.iter().any(|l| line.starts_with(l))
            })
        };
        [
            "included in other",
            "was included in",
            "were included in",
            "is included in",
            "are included in",
            "classified",
        ]
        .iter()
        .any(|w| in_balance(w))
            || after.trim_start().starts_with("was current")
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// [`is_component`] answers as the word-by-word search, wherever the figure ends.
        #[test]
        fn component_is_that_of_the_word_by_word_search(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "included in other", "included in", "included", "in", "other", "was", "were", "is", "are",
                "classified", "sales and marketing", "selling", "cost of", "the ", "our ", "accrued", "current",
                "was current", ";", ". ", ".", "$392.0", "million", "é", "ſ", "a",
            ]), 0..16),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", "", "  ", ". ", "\u{a0}"]), 16),
            at in 0usize..200,
        ) {
            let mut lower = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                lower.push_str(word);
                lower.push_str(joint);
            }
            let mut end = at.min(lower.len());
            while !lower.is_char_boundary(end) {
                end -= 1;
            }
            proptest::prop_assert_eq!(is_component(&lower, end), old_is_component(&lower, end), "{:?} {}", lower, end);
        }
    }

    /// [`topic`] as it was, one `contains` per cue.
    fn old_topic(lower: &str, previous: Option<Topic>, rpo_section: bool, has_timing: bool) -> Topic {
        let future = says_future(lower);
        if backlog_apart_from_rpo(lower) {
            return Topic::Other;
        }
        if says_remaining_obligations(lower) {
            return Topic::Rpo;
        }
        if future && has_timing && (has_any(lower, LIABILITY_CUES) || rpo_section || previous == Some(Topic::Rpo)) {
            return Topic::Rpo;
        }
        if old_prior_period_obligations(lower) {
            return Topic::PriorPeriodObligations;
        }
        if old_liability_recognized(lower) {
            return Topic::LiabilityRecognized;
        }
        // "During the three and six months ended June 30, 2022, we recognized $220 million and $657
        // million, respectively." continues the previous sentence.
        if previous == Some(Topic::LiabilityRecognized)
            && lower.contains("recognized")
            && !future
            && !says_balance(lower)
            && !has_any(lower, OTHER_INCOME)
        {
            return Topic::LiabilityRecognized;
        }
        // "Of the December 31, 2023 balance, $241.3 million was recognized as revenue during 2024."
        // after a sentence about the liability: only a liability is recognized as revenue.
        if previous == Some(Topic::Balances)
            && !future
            && lower.contains("balance")
            && has_any(
                lower,
                &[
                    "recognized as revenue",
                    "recognized into revenue",
                    "recognized in revenue",
                ],
            )
            && !says_balance(lower)
        {
            return Topic::LiabilityRecognized;
        }
        if says_balance(lower) {
            return Topic::Balances;
        }
        Topic::Other
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// One pass over the cues reads a sentence as the separate `contains` did.
        #[test]
        fn topic_is_that_of_the_separate_checks(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "remaining performance obligation", "performance obligations", "transaction price allocated to",
                "rpo", "rpos", "crpo", "corporate", "backlog", "funded backlog", "not ", "unlike", "in addition to",
                "deferred revenue", "contract liabilit", "unearned revenue", "deferred income", "previously deferred",
                "expect", "will be recognized", "anticipate", "recognized", "recogni", "included in", "related to",
                "from", "of", "the", "opening", "was", "balance", "recognized as revenue", "contract asset",
                "accounts receivable", "costs to obtain", "cost", "breakage", "income", "satisfied",
                "in prior period", "in previous years", "$5 million", "2023", ",", ".", "(", "ſ", "é", "a",
            ]), 0..14),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", "", ", ", ". ", "-"]), 14),
            previous in proptest::sample::select(vec![
                None, Some(Topic::Rpo), Some(Topic::LiabilityRecognized), Some(Topic::Balances), Some(Topic::Other),
            ]),
            rpo_section in proptest::bool::ANY,
            has_timing in proptest::bool::ANY,
        ) {
            let mut lower = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                lower.push_str(word);
                lower.push_str(joint);
            }
            let said = Said::find(&lower);
            proptest::prop_assert_eq!(said.future(), says_future(&lower));
            proptest::prop_assert_eq!(
                topic(&lower, said, previous, rpo_section, has_timing),
                old_topic(&lower, previous, rpo_section, has_timing),
                "{:?}", lower
            );
            proptest::prop_assert_eq!(liability_recognized(&lower, said), old_liability_recognized(&lower));
            proptest::prop_assert_eq!(prior_period_obligations(&lower, said), old_prior_period_obligations(&lower));
        }
    }

    /// Every balance cue of `lower`, as its own automaton found them before [`Said`] noted them.
    fn balance_cues_by_their_automaton(lower: &str) -> Vec<(usize, usize)> {
        let mut hits: Vec<(usize, usize)> = cue_automaton(BALANCE_CUES.iter().map(|(w, _)| w))
            .find_overlapping_iter(lower)
            .map(|m| (m.start(), m.pattern().as_usize()))
            .collect();
        hits.sort_unstable();
        hits
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(8192))]
        /// The topic cues' pass finds the balance cues their own automaton found.
        #[test]
        fn the_topic_cues_pass_finds_the_balance_cues(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "remaining performance obligation", "unsatisfied performance obligation", "performance obligations",
                "transaction price allocated to", "transaction price", "backlog", "contracted but not yet recognized",
                "rpo", "rpos", "crpo", "corporate", "rpo-", "deferred revenue", "contract liabilit", "contract asset",
                "contract costs", "contract acquisition and fulfillment cost", "contract acquisition cost",
                "customer advance", "customer advances", "advances from customers", "billings in excess of",
                "in excess of billings", "unbilled receivable", "accounts receivable", "costs to obtain",
                "cost to obtain", "costs incurred to obtain", "deferred sales commission", "deferred commission",
                "capitalized contract cost", "capitalized commission", "gift card liabilit", "unearned revenue",
                "deferred", "contract", "cost", "s", "é", "ſ", "a", "1",
            ]), 0..12),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", "", ", ", ". ", "-"]), 12),
        ) {
            let mut lower = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                lower.push_str(word);
                lower.push_str(joint);
            }
            let mut hits = Vec::new();
            let said = Said::find_noting_balances(&lower, &mut hits);
            hits.sort_unstable();
            proptest::prop_assert_eq!(&hits, &balance_cues_by_their_automaton(&lower), "{:?}", lower);
            proptest::prop_assert_eq!(said.has(cue::BALANCE), !hits.is_empty());
        }
    }

    fn t(s: &str) -> Topic {
        let lower = s.to_ascii_lowercase();
        topic(&lower, Said::find(&lower), None, false, s.contains("months"))
    }

    #[test]
    fn topics_from_wording() {
        assert_eq!(
            t("As of June 30, 2023, the Company’s RPO was $791.4 million, approximately 65% of which is expected to be recognized as revenue over the next 12 months."),
            Topic::Rpo
        );
        assert_eq!(
            t("As of June 30, 2023, the aggregate amount of the transaction price allocated to remaining performance obligations was $19.2 billion."),
            Topic::Rpo
        );
        assert_eq!(
            t("For the six months ended June 30, 2023 and 2022, revenue recognized from deferred revenue at the beginning of the year was $199.9 million and $152.7 million, respectively."),
            Topic::LiabilityRecognized
        );
        assert_eq!(
            t("Revenue of $26.3 million was recognized during the three months ended July 31, 2023 that was included in the deferred revenue balances as of April 30, 2023."),
            Topic::LiabilityRecognized
        );
        assert_eq!(
            t("Deferred revenue, including current and non-current balances as of June 30, 2023 and December 31, 2022 was $328.0 million and $322.8 million, respectively."),
            Topic::Balances
        );
        assert_eq!(
            t("Of the total deferred revenue balance as of December 31, 2023, we expect to recognize $926 million of revenue in the next 12 months."),
            Topic::Rpo
        );
        // Revenue recognized during the period, not out of the opening balance.
        assert_eq!(
            t("Deferred revenue increased by $106.1 million resulting from $867.0 million of additional invoicing and was offset by revenue recognized of $760.9 million during the same period."),
            Topic::Balances
        );
    }

    #[test]
    fn other_wordings_of_recognized() {
        assert_eq!(
            t("$150.2 million of the deferred revenue balance as of December 31, 2022 was recognized as revenue during the six months ended June 30, 2023."),
            Topic::LiabilityRecognized
        );
        assert_eq!(
            t("Revenue recognized during the period from amounts included in contract liabilities at the beginning of the period was $12 million."),
            Topic::LiabilityRecognized
        );
    }

    #[test]
    fn continuation_of_recognized() {
        let s = "during the three and six months ended june 30, 2022, we recognized $220 million and $657 million, respectively.";
        assert_eq!(
            topic(s, Said::find(s), Some(Topic::LiabilityRecognized), false, false),
            Topic::LiabilityRecognized
        );
        assert_eq!(topic(s, Said::find(s), None, false, false), Topic::Other);
    }

    #[test]
    fn balances_take_the_nearest_cue() {
        let balance_concept = |s: &str, pos: usize| {
            let mut hits = Vec::new();
            Said::find_noting_balances(s, &mut hits);
            BalanceCues::new(s, &hits).concept_at(s, pos)
        };
        let s = "contract assets were $10 million and contract liabilities were $20 million";
        assert_eq!(
            balance_concept(s, s.find("$10").unwrap()),
            Some(Concept::ContractWithCustomerAssetNet)
        );
        assert_eq!(
            balance_concept(s, s.find("$20").unwrap()),
            Some(Concept::ContractWithCustomerLiability)
        );
        let a = "amortization of deferred commissions was $37.0 million";
        assert_eq!(
            balance_concept(a, a.find('$').unwrap()),
            Some(Concept::CapitalizedContractCostAmortization)
        );
        assert!(is_change("deferred revenue increased by $5", 30));
    }
}
