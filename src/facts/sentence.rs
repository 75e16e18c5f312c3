//! One sentence at a time: find its figures, dates, periods and bands, then classify and date
//! the figures from the sentence's wording and what the paragraph said before.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::bands::{self, BandMention, Patterns};
use super::classify::{self, Topic};
use super::dates::{self, DateMention, PeriodMention};
use super::pairing::{pair, pair_respectively};
use super::{money, percent, Band, Concept, Fact, FactKind};
use crate::date::Date;
use crate::reader::Period;

/// Everything the scanners found in the note, each list in text order. Each scanner runs once
/// over the whole note; a sentence takes the mentions inside it.
pub struct Mentions {
    pub amounts: Vec<money::Money>,
    pub percents: Vec<(Range<usize>, f64)>,
    pub dates: Vec<DateMention>,
    pub periods: Vec<PeriodMention>,
    pub band_hits: Vec<bands::Hit>,
}

impl Mentions {
    /// `lowered` is `text` with its ASCII letters lowercased. `tables`: the spans of the tables
    /// in `body`, in order, whose figures no sentence takes (tables read their own cells).
    pub fn scan(
        text: &str,
        lowered: &str,
        body: Range<usize>,
        tables: &[Range<usize>],
        note: Option<&Period>,
    ) -> Mentions {
        let lower = &lowered[body.clone()];
        let (period_keys, band_keys) = key_words(lower);
        let mut periods = Vec::new();
        // Period phrases turn on "ended"/"ending", "quarter"/"months of", or a year after "in".
        for (w, _) in anchored(lower, body.start, &period_keys, 80, 70, |_| true, true) {
            let lower_window = &lower[w.start - body.start..w.end - body.start];
            dates::scan_periods_in(text, w, lower_window, note, &mut periods);
        }
        periods.sort_by_key(|p| p.span.start);
        periods.dedup();
        let mut found_dates = Vec::new();
        dates::scan_dates(text, body.clone(), &periods, tables, &mut found_dates);
        let mut amounts = Vec::new();
        money::scan(text, body.clone(), tables, &mut amounts);
        let mut percents = Vec::new();
        percent::scan(text, body.clone(), lower, tables, &mut percents);
        // Band phrases end in "months", "years" or "thereafter"; windows where none of these can
        // be part of a band are left out.
        let mut band_hits = Vec::new();
        // Outside ASCII every pattern may match; in ASCII only those a key word's wording allows.
        let band_patterns = |at: usize| bands::band_patterns(lower.as_bytes(), at);
        for (w, patterns) in anchored(lower, body.start, &band_keys, 70, 12, band_patterns, Patterns::ALL) {
            bands::hits_of(text, w, patterns, &mut band_hits);
        }
        Mentions {
            amounts,
            percents,
            dates: found_dates,
            periods,
            band_hits,
        }
    }
}

/// Key words of period phrases: "ended"/"ending", "quarter", "months of", a year after "in",
/// "during", "fiscal" or "for". Band phrases end in "months", "years" or "thereafter".
///
/// Each key word as searched for: from its `skip`-th byte on, where the rest starts with three
/// bytes that are rare in a note (the searcher finds candidates by their first three bytes:
/// "the", "in " and "for " stood at every few words), its first bytes checked after.
struct KeyWord {
    word: &'static str,
    skip: usize,
    /// The lists it goes in.
    list: KeyList,
}

#[derive(Clone, Copy, PartialEq)]
enum KeyList {
    Period,
    /// "months of", a period key word, also holds "month", a band key word.
    PeriodAndBand,
    Band,
}

/// The key words of both lists. "months of" before "month", so that where both start the longer
/// is found (and "month" with it).
const KEY_WORDS: [KeyWord; 12] = {
    const fn key(word: &'static str, skip: usize, list: KeyList) -> KeyWord {
        KeyWord { word, skip, list }
    }
    [
        key("ended", 1, KeyList::Period),
        key("ending", 1, KeyList::Period),
        key("quarter", 0, KeyList::Period),
        key("months of", 1, KeyList::PeriodAndBand),
        key("in 20", 1, KeyList::Period),
        key("in 19", 1, KeyList::Period),
        key("during 20", 5, KeyList::Period),
        key("fiscal 20", 5, KeyList::Period),
        key("for 20", 2, KeyList::Period),
        key("month", 1, KeyList::Band),
        key("year", 0, KeyList::Band),
        key("thereafter", 4, KeyList::Band),
    ]
};

/// The rest of each key word of [`KEY_WORDS`], in one automaton.
static KEYS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(KEY_WORDS.iter().map(|k| &k.word[k.skip..]))
        .expect("key words are plain literals")
});

/// Key words found: where each starts in the text searched, and its length.
type KeyWords = Vec<(usize, usize)>;

/// Where the key words of each list are in `lower`, (start, length), as a leftmost search of
/// each list on its own finds them (`find_iter` of the alternation): one pass over the text for
/// both lists instead of one each. No two words of a list start at one place, nor does one start
/// inside another, so the words in the order their rests are found, taken where they do not
/// overlap one found before, are those matches.
fn key_words(lower: &str) -> (KeyWords, KeyWords) {
    let (mut period, mut band) = (Vec::new(), Vec::new());
    let take = |list: &mut Vec<(usize, usize)>, start: usize, len: usize| {
        if list.last().is_none_or(|&(s, l)| start >= s + l) {
            list.push((start, len));
        }
    };
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(m) = KEYS.find(aho_corasick::Input::new(lower).span(from..lower.len())) {
        from = m.start() + 1;
        let key = &KEY_WORDS[m.pattern().as_usize()];
        let Some(start) = m.start().checked_sub(key.skip) else {
            continue;
        };
        if bytes[start..m.start()] != key.word.as_bytes()[..key.skip] {
            continue;
        }
        match key.list {
            KeyList::Period => take(&mut period, start, key.word.len()),
            KeyList::PeriodAndBand => {
                take(&mut period, start, key.word.len());
                take(&mut band, start, "month".len());
            }
            KeyList::Band => take(&mut band, start, key.word.len()),
        }
    }
    (period, band)
}

/// Windows of the text around each key word of `keys` ((start, length) in `lower`, the body
/// lowercased, in order; `offset` is where it starts in the text), widened to white space and
/// merged where they overlap: the expensive patterns only run where their key word is. Of
/// those, the windows that are not all ASCII, with `outside_ascii`, and those where `wanted`
/// says something of a key word (its start in `lower`), with what it says of all of them.
///
/// A later key word's window starts no earlier (the key words are in order, and widening to
/// white space keeps that order), so each window is merged with the one before as it comes.
fn anchored<'k, W>(
    lower: &'k str,
    offset: usize,
    keys: &'k [(usize, usize)],
    before: usize,
    after: usize,
    wanted: impl Fn(usize) -> W + 'k,
    outside_ascii: W,
) -> impl Iterator<Item = (Range<usize>, W)> + 'k
where
    W: Copy + Default + PartialEq + std::ops::BitOrAssign + 'k,
{
    let bytes = lower.as_bytes();
    let window = move |&(i, len): &(usize, usize)| {
        let mut a = i.saturating_sub(before);
        while a > 0 && !bytes[a - 1].is_ascii_whitespace() {
            a -= 1;
        }
        let mut b = (i + len + after).min(bytes.len());
        while b < bytes.len() && !bytes[b].is_ascii_whitespace() {
            b += 1;
        }
        (a..b, wanted(i))
    };
    let mut windows = keys.iter().map(window).peekable();
    std::iter::from_fn(move || loop {
        let (mut merged, mut want) = windows.next()?;
        while let Some((next, _)) = windows.peek() {
            if next.start > merged.end {
                break;
            }
            let Some((next, next_want)) = windows.next() else { break };
            merged.end = merged.end.max(next.end);
            want |= next_want;
        }
        let want = if !lower[merged.clone()].is_ascii() {
            outside_ascii
        } else if want != W::default() {
            want
        } else {
            continue;
        };
        return Some((offset + merged.start..offset + merged.end, want));
    })
}

/// The items of `list` (in text order) that lie inside `span`.
fn within<'l, T>(list: &'l [T], span: &Range<usize>, at: impl Fn(&T) -> &Range<usize>) -> &'l [T] {
    let from = list.partition_point(|x| at(x).start < span.start);
    let to = from + list[from..].partition_point(|x| at(x).end <= span.end && at(x).start < span.end);
    &list[from..to]
}

/// What the reader remembers between sentences.
pub struct Reader<'a> {
    /// The text with its ASCII letters lowercased.
    lowered: &'a str,
    mentions: &'a Mentions,
    note: Option<&'a Period>,
    /// The current section's heading is about remaining performance obligations.
    rpo_section: bool,
    previous_topic: Option<Topic>,
    previous_band: Option<Band>,
    previous_periods: Vec<(Date, Date)>,
    /// The last "as of" date of the paragraph, for "Of this amount, we expect ...".
    context_date: Option<Date>,
    /// The last RPO total (an RPO amount without a band): the parent of later percentages.
    rpo_total: Option<usize>,
    /// The balance cues of the sentence read (a list kept for every sentence's).
    balance_hits: Vec<(usize, usize)>,
}

/// Slack for 52/53-week fiscal calendars when comparing with the period end.
const FISCAL_SLACK_DAYS: i64 = 7;

impl<'a> Reader<'a> {
    pub fn new(lowered: &'a str, mentions: &'a Mentions, note: Option<&'a Period>) -> Reader<'a> {
        Reader {
            lowered,
            mentions,
            note,
            rpo_section: false,
            previous_topic: None,
            previous_band: None,
            previous_periods: Vec::new(),
            context_date: None,
            rpo_total: None,
            balance_hits: Vec::new(),
        }
    }

    /// The reader of a part of the note that starts after an RPO total (the fact at index
    /// `rpo_total`) later percentages may belong to.
    pub fn after_rpo_total(mut self, rpo_total: Option<usize>) -> Reader<'a> {
        self.rpo_total = rpo_total;
        self
    }

    /// The last RPO total read so far.
    pub fn rpo_total(&self) -> Option<usize> {
        self.rpo_total
    }

    /// `title` is the heading's text in ASCII lowercase.
    pub fn heading(&mut self, title: &str) {
        self.rpo_section = classify::says_remaining_obligations(title);
        self.paragraph();
    }

    pub fn paragraph(&mut self) {
        self.previous_topic = None;
        self.previous_band = None;
        self.previous_periods.clear();
        self.context_date = None;
    }

    fn note_end(&self) -> Option<Date> {
        self.note.and_then(|p| p.end)
    }

    fn note_period(&self) -> Option<(Date, Date)> {
        let p = self.note?;
        let end = p.end?;
        let months = p.months.or(if p.is_annual() { Some(12) } else { None })?;
        Some((Date::from_days(end.add_months(-(months as i32)).days() + 1), end))
    }

    /// Not after the period end: an "as of" date of the note, not a future one.
    fn is_as_of(&self, d: Date) -> bool {
        self.note_end()
            .is_none_or(|end| d.days() <= end.days() + FISCAL_SLACK_DAYS)
    }

    pub fn sentence(&mut self, span: Range<usize>, facts: &mut Vec<Fact>) {
        let m = self.mentions;
        let periods: &[PeriodMention] = within(&m.periods, &span, |p| &p.span);
        let dates_found: &[DateMention] = within(&m.dates, &span, |d| &d.span);
        let mut band_list: Vec<BandMention> = Vec::new();
        bands::resolve(
            within(&m.band_hits, &span, |h| &h.span),
            self.previous_band,
            &mut band_list,
        );
        // Future periods ("in the years ending December 31, 2024, 2025 and thereafter") are
        // time bands too, counted from the period end.
        if let Some(note_end) = self.note_end() {
            for p in periods.iter().filter(|p| p.future) {
                if let Some(band) = band_of_period(note_end, p.start, p.end) {
                    band_list.push(BandMention {
                        span: p.span.clone(),
                        band,
                    });
                }
            }
            band_list.sort_by_key(|b| b.span.start);
        }
        let amounts: &[money::Money] = within(&m.amounts, &span, |a| &a.span);
        let percents: &[(Range<usize>, f64)] = within(&m.percents, &span, |p| &p.0);

        for d in dates_found {
            let mut f = Fact::bare(FactKind::Date, d.span.clone(), 0.0);
            f.date = Some(d.date);
            facts.push(f);
        }
        for p in periods {
            let mut f = Fact::bare(FactKind::Period, p.span.clone(), 0.0);
            f.period = Some((p.start, p.end));
            facts.push(f);
        }
        for b in &band_list {
            let months = b.band.to_month.map_or(0.0, |to| (to + 1 - b.band.from_month) as f64);
            let mut f = Fact::bare(FactKind::Band, b.span.clone(), months);
            f.band = Some(b.band);
            facts.push(f);
        }

        if !amounts.is_empty() || !percents.is_empty() {
            let as_of: Vec<&DateMention> = dates_found.iter().filter(|d| self.is_as_of(d.date)).collect();
            let flows: Vec<&PeriodMention> = periods.iter().filter(|p| !p.future).collect();
            let lower = &self.lowered[span.clone()];
            static THEREAFTER: classify::Word = classify::Word::new("thereafter");
            static RESPECTIVELY: classify::Word = classify::Word::new("respectively");
            let timing = !band_list.is_empty() || periods.iter().any(|p| p.future) || THEREAFTER.is_in(lower);
            self.balance_hits.clear();
            let said = classify::Said::find_noting_balances(lower, &mut self.balance_hits);
            let topic = classify::topic(lower, said, self.previous_topic, self.rpo_section, timing);
            // Positions of every figure, to bound each one's band.
            let figure_starts = || {
                amounts
                    .iter()
                    .map(|a| a.span.start)
                    .chain(percents.iter().map(|p| p.0.start))
            };
            let band_after = |start: usize, end: usize| -> Option<Band> {
                let next = figure_starts().filter(|&p| p > start).min().unwrap_or(usize::MAX);
                band_list
                    .iter()
                    .find(|b| b.span.start >= end && b.span.start < next)
                    .map(|b| b.band)
            };
            let band_before = |start: usize| -> Option<Band> {
                let prev = figure_starts().filter(|&p| p < start).max().unwrap_or(0);
                band_list
                    .iter()
                    .rev()
                    .find(|b| b.span.end <= start && b.span.start > prev)
                    .map(|b| b.band)
            };
            let rel = |pos: usize| pos - span.start;
            let respectively = RESPECTIVELY.is_in(lower);
            let pair = |items: &[usize], anchors: &[usize]| {
                if respectively {
                    pair_respectively(items, anchors)
                } else {
                    pair(items, anchors)
                }
            };
            match topic {
                Topic::Rpo => {
                    let future = said.future();
                    let kept: Vec<&money::Money> = amounts
                        .iter()
                        .filter(|a| !classify::is_change(lower, rel(a.span.start)))
                        .collect();
                    let anchors: Vec<usize> = as_of.iter().map(|d| d.span.start).collect();
                    let default_date = self.context_date.or(self.note_end());
                    let pairs = pair(&kept.iter().map(|a| a.span.start).collect::<Vec<_>>(), &anchors);
                    let mut sentence_total: Option<(usize, Option<Date>)> = None;
                    for (a, anchor) in kept.iter().zip(pairs) {
                        let mut f = Fact::amount(a.span.clone(), a.value, a.multiplier, a.scale);
                        f.concept = Some(Concept::RevenueRemainingPerformanceObligation);
                        f.date = anchor.map(|i| as_of[i].date).or(default_date);
                        f.band = if future {
                            band_after(a.span.start, a.span.end)
                        } else {
                            None
                        }
                        .or_else(|| {
                            classify::is_current_rpo(lower, rel(a.span.start)).then_some(Band {
                                from_month: 1,
                                to_month: Some(12),
                            })
                        });
                        // The total of the latest date is the one later percentages belong to
                        // ("$3.27 billion as of March 31, 2024, compared with $3.05 billion as
                        // of December 31, 2023").
                        let latest = sentence_total.is_none_or(|(_, d)| match (d, f.date) {
                            (Some(d), Some(new)) => new >= d,
                            _ => true,
                        });
                        if f.band.is_none() && latest {
                            sentence_total = Some((facts.len(), f.date));
                            self.rpo_total = Some(facts.len());
                        }
                        facts.push(f);
                    }
                    // "60% and 85% ... within the next 12 and 24 months, respectively": as many
                    // bands after the percentages as percentages, in order.
                    let listed_bands: Vec<Band> = match percents.last() {
                        Some((last, _)) if respectively && percents.len() >= 2 => band_list
                            .iter()
                            .filter(|b| b.span.start >= last.end)
                            .map(|b| b.band)
                            .collect(),
                        _ => Vec::new(),
                    };
                    for (k, (r, v)) in percents.iter().enumerate() {
                        let band = if listed_bands.len() == percents.len() {
                            Some(listed_bands[k])
                        } else {
                            band_after(r.start, r.end).or_else(|| band_before(r.start))
                        };
                        let mut f = Fact::bare(FactKind::Percent, r.clone(), *v);
                        if let Some(band) = band.filter(|_| future && !classify::is_change(lower, rel(r.start))) {
                            f.concept = Some(Concept::RevenueRemainingPerformanceObligationPercentage);
                            f.band = Some(band);
                            f.parent = sentence_total.map(|t| t.0).or(self.rpo_total);
                            f.date = sentence_total
                                .and_then(|t| t.1)
                                .or_else(|| f.parent.and_then(|p| facts.get(p)).and_then(|p| p.date))
                                .or_else(|| as_of.first().map(|d| d.date))
                                .or(default_date);
                        }
                        facts.push(f);
                    }
                }
                Topic::LiabilityRecognized | Topic::PriorPeriodObligations => {
                    let concept = if topic == Topic::LiabilityRecognized {
                        Concept::ContractWithCustomerLiabilityRevenueRecognized
                    } else {
                        Concept::ContractWithCustomerPerformanceObligationSatisfiedInPreviousPeriod
                    };
                    let anchors: Vec<(Date, Date)> = if !flows.is_empty() {
                        flows.iter().map(|p| (p.start, p.end)).collect()
                    } else if lower.contains("same period") || lower.contains("same periods") {
                        self.previous_periods.clone()
                    } else {
                        Vec::new()
                    };
                    let positions: Vec<usize> = flows.iter().map(|p| p.span.start).collect();
                    let pairs = if positions.len() == anchors.len() {
                        pair(&amounts.iter().map(|a| a.span.start).collect::<Vec<_>>(), &positions)
                    } else {
                        let n = anchors.len();
                        amounts
                            .iter()
                            .enumerate()
                            .map(|(i, _)| (n > 0).then(|| i.min(n - 1)))
                            .collect()
                    };
                    for (a, anchor) in amounts.iter().zip(pairs) {
                        let mut f = Fact::amount(a.span.clone(), a.value.abs(), a.multiplier, a.scale);
                        f.period = anchor.map(|i| anchors[i]).or(self.note_period());
                        if classify::is_prior_year(lower, rel(a.span.end)) {
                            f.period = f
                                .period
                                .map(|(start, end)| (start.add_months(-12), end.add_months(-12)));
                        }
                        if f.period.is_some() {
                            f.concept = Some(concept);
                        }
                        facts.push(f);
                    }
                    for (r, v) in percents {
                        facts.push(Fact::bare(FactKind::Percent, r.clone(), *v));
                    }
                }
                Topic::Balances => {
                    let mut instants: Vec<(usize, Concept)> = Vec::new();
                    let mut flows_kept: Vec<usize> = Vec::new();
                    let cues = classify::BalanceCues::new(lower, &self.balance_hits);
                    for a in amounts {
                        let pos = rel(a.span.start);
                        let concept = if classify::is_change(lower, pos)
                            || classify::is_activity(lower, pos, rel(a.span.end))
                            || classify::is_component(lower, rel(a.span.end))
                        {
                            None
                        } else {
                            cues.concept_at(lower, pos)
                        };
                        match concept {
                            Some(c) if c.is_instant() => instants.push((facts.len(), c)),
                            Some(_) => flows_kept.push(facts.len()),
                            None => {}
                        }
                        let mut f = Fact::amount(a.span.clone(), a.value, a.multiplier, a.scale);
                        f.concept = concept;
                        facts.push(f);
                    }
                    let anchors: Vec<usize> = dates_found.iter().map(|d| d.span.start).collect();
                    let pairs = pair(
                        &instants.iter().map(|(i, _)| facts[*i].span.start).collect::<Vec<_>>(),
                        &anchors,
                    );
                    for ((i, _), anchor) in instants.iter().zip(pairs) {
                        facts[*i].date = anchor.map(|k| dates_found[k].date).or(self.note_end());
                    }
                    let anchors: Vec<usize> = flows.iter().map(|p| p.span.start).collect();
                    let pairs = pair(
                        &flows_kept.iter().map(|i| facts[*i].span.start).collect::<Vec<_>>(),
                        &anchors,
                    );
                    for (i, anchor) in flows_kept.iter().zip(pairs) {
                        facts[*i].period = anchor.map(|k| (flows[k].start, flows[k].end)).or(self.note_period());
                    }
                    for (r, v) in percents {
                        facts.push(Fact::bare(FactKind::Percent, r.clone(), *v));
                    }
                }
                Topic::Other => {
                    for a in amounts {
                        facts.push(Fact::amount(a.span.clone(), a.value, a.multiplier, a.scale));
                    }
                    for (r, v) in percents {
                        facts.push(Fact::bare(FactKind::Percent, r.clone(), *v));
                    }
                }
            }
            self.previous_topic = Some(topic);
        }

        if let Some(b) = band_list.last() {
            self.previous_band = Some(b.band);
        }
        // The paragraph's last periods and "as of" date, kept without collecting them.
        let mut flows = periods.iter().filter(|p| !p.future).peekable();
        if flows.peek().is_some() {
            self.previous_periods.clear();
            self.previous_periods.extend(flows.map(|p| (p.start, p.end)));
        }
        if let Some(d) = dates_found.iter().find(|d| self.is_as_of(d.date)) {
            self.context_date = Some(d.date);
        }
    }
}

/// Months from the note's period end to a future period: "six months ending December 31, 2023"
/// after June 30, 2023 = months 1–6.
fn band_of_period(note_end: Date, start: Date, end: Date) -> Option<Band> {
    let months = |d: Date| (d.year - note_end.year) * 12 + d.month as i32 - note_end.month as i32;
    let (from, to) = (months(start).max(1), months(end));
    (to >= from).then_some(Band {
        from_month: from as u32,
        to_month: Some(to as u32),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The band hits of every window around a key word, as `Mentions::scan` found them before
    /// it left out the windows [`bands::may_hold_band`] turns away.
    fn band_hits_of_every_window(text: &str) -> Vec<bands::Hit> {
        let lower = text.to_ascii_lowercase();
        anchored(&lower, 0, &key_words(&lower).1, 70, 12, |_| true, true)
            .flat_map(|(w, _)| bands::hits(text, w))
            .collect()
    }

    fn band_hits(text: &str) -> Vec<bands::Hit> {
        Mentions::scan(text, &text.to_ascii_lowercase(), 0..text.len(), &[], None).band_hits
    }

    #[test]
    fn windows_left_out_hold_no_band() {
        let text = "As of December 31, 2023, for the years ended December 31, 2023 and 2022, contracts with an \
            original expected duration of one year or less, generally four years, which we expect to recognize \
            65% over the next 12 months, 13 to 36 months, one-to-two YEARS, within the next fiscal year and \
            the remainder thereafter; twelve months after the balance sheet date; less than a year. Over the \
            next\u{a0}12 months, 12–24 Months and within\u{a0}the next ſix years.";
        let hits = band_hits(text);
        assert!(hits.len() >= 8, "{}", hits.len());
        assert_eq!(hits, band_hits_of_every_window(text));
    }

    /// The key words of each list as the search of its alternation finds them.
    fn key_words_by_regex(lower: &str) -> (KeyWords, KeyWords) {
        let of = |list: &[&str]| {
            regex::Regex::new(&list.join("|"))
                .unwrap()
                .find_iter(lower)
                .map(|m| (m.start(), m.len()))
                .collect::<Vec<_>>()
        };
        let words_of = |lists: &[KeyList]| -> Vec<&str> {
            KEY_WORDS
                .iter()
                .filter(|k| lists.contains(&k.list))
                .map(|k| k.word)
                .collect()
        };
        (
            of(&words_of(&[KeyList::Period, KeyList::PeriodAndBand])),
            of(&words_of(&[KeyList::Band])),
        )
    }

    #[test]
    fn key_words_are_those_of_each_search() {
        let lower = "for the three months ended and months of 2023, ending in 2019; monthsmonth of years \
            thereafter yearended quarters ending during 2020, fiscal 2021 and for 2022; in 20in 20";
        let found = key_words(lower);
        assert!(found.0.len() >= 9 && found.1.len() >= 5, "{found:?}");
        assert_eq!(found, key_words_by_regex(lower));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn key_words_are_those_of_each_search_in_any_pieces(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "ended", "end", "ending", "in", "ing", "quarter", "month", "months", "s", " of", "of", " ", "in 2",
                "0", "19", "20", "during", "fiscal", "for", "year", "there", "after", "thereafter", "d", "é",
                // The rests searched for, and pieces of the bytes before them.
                "e", "m", "t", "he", "nded", "nding", "onths of", "onth", "eafter", "n 20", "g 20", "r 20",
                "l 20", "n 19", "durin", "fisca", "fo",
            ]),
            0..24,
        )) {
            let lower: String = pieces.concat();
            proptest::prop_assert_eq!(key_words(&lower), key_words_by_regex(&lower), "{:?}", lower);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        #[test]
        fn windows_left_out_hold_no_band_in_any_words(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "next", "Next", "the", "first", "within", "less than", "greater than", "after", "beyond",
                "subsequent", "thereafter", "and", "or", "to", "through", "between", "following", "fiscal",
                "period", "a", "one", "Twelve", "twenty", "four", "sixty", "12", "1234", "month", "Months",
                "year", "YEARS", "ended", "-", ",", "–", "ſix", "\u{a0}", "recognized over the period of",
            ]), 0..40),
            joints in proptest::collection::vec(proptest::sample::select(vec![" ", " ", " ", "-", "\n", "", "\t"]), 40),
        ) {
            let mut text = String::new();
            for (word, joint) in words.iter().zip(&joints) {
                text.push_str(word);
                text.push_str(joint);
            }
            proptest::prop_assert_eq!(band_hits(&text), band_hits_of_every_window(&text));
        }
    }
}
