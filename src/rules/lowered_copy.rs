//! The lowercase byte copy of a rule pattern that [`super::support::Gate`] searches the
//! lowercased note with.
//!
//! The regex crate's lazy DFA is slow on the patterns as written: Unicode `\b` makes it give up
//! on any non-ASCII text (SEC text has curly quotes everywhere), Unicode `\w`, `\s` and `.` make
//! it large (`(?:\w+ ){0,4}` most of all), and `(?i)` turns every letter into a class. The copy
//! is built from the pattern's syntax tree: assertions dropped, ASCII letters lowercased (the
//! lowercased note has no uppercase ASCII letter), and every class reduced to its ASCII part plus
//! "any run of non-ASCII bytes" where it has a non-ASCII character. So it matches the lowercased
//! note wherever the pattern matches the note, at the same bytes (and maybe elsewhere too): a
//! place it does not match is certain to hold no match of the pattern.

use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind, Repetition};

/// The two non-ASCII letters `(?i)` adds to ASCII ones (`k` → the Kelvin sign, `s` → the long
/// s). The lowercased note is only searched when it has neither ([`super::Context::lowered_text`]),
/// so a class need not match them there.
const ODD_LETTERS: [char; 2] = ['\u{212A}', '\u{17F}'];

/// The lowercase byte copy of `pattern` (which the regex crate compiled), or `None` if it does
/// not compile (it always does: the tests compile every rule's).
pub fn lowered_copy(pattern: &str) -> Option<regex::bytes::Regex> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    regex::bytes::Regex::new(&loosened(&hir).to_string()).ok()
}

/// A regex for the lowercased note that finds `words` (lowercase): a gate copy for a pattern one
/// of whose words every match contains ([`every_match_contains`] says whether it does).
pub fn words_copy(words: &[&str]) -> Option<regex::bytes::Regex> {
    let alternatives: Vec<String> = words.iter().map(|w| regex_syntax::escape(w)).collect();
    regex::bytes::Regex::new(&alternatives.join("|")).ok()
}

#[cfg(test)]
/// Whether every match of `pattern` holds, in its ASCII lowercase, one of `words` (lowercase),
/// as its syntax tree shows: each alternative has a literal run holding one, or a part that
/// matches at least once and does. `false` when the tree does not show it.
pub fn every_match_contains(pattern: &str, words: &[&str]) -> bool {
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return false;
    };
    contains_one(&loosened(&hir), words)
}

#[cfg(test)]
fn contains_one(hir: &Hir, words: &[&str]) -> bool {
    let all_hold = |strings: &[Vec<u8>]| {
        strings
            .iter()
            .all(|s| words.iter().any(|w| s.windows(w.len()).any(|run| run == w.as_bytes())))
    };
    if strings_of(hir).is_some_and(|strings| all_hold(&strings)) {
        return true;
    }
    match hir.kind() {
        // Runs of parts with few strings each (the parser factors "prior|previous" into
        // "pr(?:ior|evious)"), then each part on its own.
        HirKind::Concat(subs) => {
            let mut run: Option<Vec<Vec<u8>>> = None;
            for sub in subs {
                match (strings_of(sub), run.take()) {
                    (Some(strings), None) => run = Some(strings),
                    (Some(strings), Some(before)) => run = joined(&before, &strings),
                    (None, before) => {
                        if before.is_some_and(|b| all_hold(&b)) {
                            return true;
                        }
                    }
                }
                if run.as_ref().is_some_and(|r| all_hold(r)) || contains_one(sub, words) {
                    return true;
                }
            }
            false
        }
        HirKind::Alternation(subs) => subs.iter().all(|sub| contains_one(sub, words)),
        HirKind::Repetition(rep) => rep.min >= 1 && contains_one(&rep.sub, words),
        HirKind::Capture(capture) => contains_one(&capture.sub, words),
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) | HirKind::Literal(_) => false,
    }
}

#[cfg(test)]
/// Most strings a part is expanded to (a cross product grows fast).
const MOST_STRINGS: usize = 256;

#[cfg(test)]
/// Every string `hir` matches, if there are few.
fn strings_of(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<Vec<u8>> = class
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(|b| vec![b])
                .take(9)
                .collect();
            (bytes.len() <= 8).then_some(bytes)
        }
        HirKind::Class(Class::Unicode(_)) => None,
        HirKind::Capture(capture) => strings_of(&capture.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(vec![Vec::new()], |before, sub| joined(&before, &strings_of(sub)?)),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(strings_of(sub)?);
            }
            (all.len() <= MOST_STRINGS).then_some(all)
        }
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&max| max <= 3)?;
            let sub = strings_of(&rep.sub)?;
            let mut all = Vec::new();
            let mut power = vec![Vec::new()];
            for count in 0..=max {
                if count >= rep.min {
                    all.extend(power.iter().cloned());
                }
                power = joined(&power, &sub)?;
            }
            (all.len() <= MOST_STRINGS).then_some(all)
        }
    }
}

#[cfg(test)]
/// Each string of `before` followed by each of `after`, if there are few.
fn joined(before: &[Vec<u8>], after: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if before.len() * after.len() > MOST_STRINGS {
        return None;
    }
    Some(
        before
            .iter()
            .flat_map(|b| after.iter().map(move |a| [&b[..], &a[..]].concat()))
            .collect(),
    )
}

/// `hir` as it may match ASCII-lowercased text, without assertions and capture groups.
fn loosened(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0.to_ascii_lowercase()),
        HirKind::Class(class) => loosened_class(class),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(loosened(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(capture) => loosened(&capture.sub),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(loosened).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(loosened).collect()),
    }
}

/// A class as bytes: its ASCII characters lowercased, and a non-ASCII character (of two to four
/// bytes in UTF-8) as any byte of 0x80 and above followed by any number of continuation bytes.
fn loosened_class(class: &Class) -> Hir {
    let mut ascii = ClassBytes::empty();
    let mut non_ascii = false;
    match class {
        Class::Unicode(class) => {
            for range in class.iter() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                if start < 0x80 {
                    add_ascii(&mut ascii, start as u8, end.min(0x7F) as u8);
                }
                if end >= 0x80 {
                    let odd = ODD_LETTERS
                        .iter()
                        .filter(|&&c| (start..=end).contains(&u32::from(c)))
                        .count();
                    non_ascii |= (end - start.max(0x80) + 1) as usize > odd;
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.iter() {
                if range.start() < 0x80 {
                    add_ascii(&mut ascii, range.start(), range.end().min(0x7F));
                }
                // A byte class matches single bytes, which lowercasing leaves alone above 0x7F.
                if range.end() >= 0x80 {
                    ascii.push(ClassBytesRange::new(range.start().max(0x80), range.end()));
                }
            }
        }
    }
    ascii.difference(&ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]));
    if !non_ascii {
        return Hir::class(Class::Bytes(ascii));
    }
    let mut first = ascii;
    first.push(ClassBytesRange::new(0x80, 0xFF));
    Hir::concat(vec![
        Hir::class(Class::Bytes(first)),
        Hir::repetition(Repetition {
            min: 0,
            max: None,
            greedy: true,
            sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([ClassBytesRange::new(
                0x80, 0xBF,
            )])))),
        }),
    ])
}

/// Adds the ASCII bytes `start..=end` to `class`, with the uppercase letters also as lowercase
/// ones (the caller then drops the uppercase ones).
fn add_ascii(class: &mut ClassBytes, start: u8, end: u8) {
    class.push(ClassBytesRange::new(start, end));
    let (upper_start, upper_end) = (start.max(b'A'), end.min(b'Z'));
    if upper_start <= upper_end {
        class.push(ClassBytesRange::new(upper_start + 32, upper_end + 32));
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Every pattern the rules compile: the raw strings passed to `re`, `re_with_needles` and `re_with_words` in
    /// the rule files, and the shared ones.
    pub(in crate::rules) fn rule_patterns() -> Vec<String> {
        let literal = regex::Regex::new(r#"\bre(?:_with_needles|_with_words)?\(\s*r"([^"]*)""#).unwrap();
        let mut patterns = Vec::new();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules")).unwrap() {
            let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            patterns.extend(literal.captures_iter(&source).map(|c| c[1].to_string()));
        }
        use crate::rules::support::{AMOUNT, DATE, EXPEDIENT_KIND, FIGURE, LIABILITY, LIABILITY_AS_RPO, OMISSION, RPO};
        for p in [
            &*RPO,
            &*FIGURE,
            &*LIABILITY,
            &*AMOUNT,
            &*OMISSION,
            &*EXPEDIENT_KIND,
            &*LIABILITY_AS_RPO,
            &*DATE,
        ] {
            patterns.push(p.as_str().to_string());
        }
        patterns
    }

    /// Texts made of the pattern's own words (in three cases), white space, punctuation and
    /// non-ASCII characters.
    pub(in crate::rules) fn texts(pattern: &str) -> impl Iterator<Item = String> {
        let mut words: Vec<String> = pattern
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .flat_map(|w| [w.to_string(), w.to_uppercase(), format!("{w}s")])
            .collect();
        for extra in [
            " ",
            " ",
            " ",
            "\n",
            "\u{a0}",
            "’",
            "é",
            "É",
            "\u{212A}",
            ",",
            ".",
            ";",
            ":",
            "|",
            "$",
            "%",
            "(",
            ")",
            "[",
            "]",
            "1",
            "12",
            "2023",
            "5.2",
            "_",
            "x",
            "XX",
            "the ",
            "of ",
            "June 30, 2023",
        ] {
            words.push(extra.to_string());
        }
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        (0..1500).map(move |_| {
            let mut text = String::new();
            for _ in 0..16 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(&words[(seed % words.len() as u64) as usize]);
            }
            text
        })
    }

    #[test]
    fn copies_match_wherever_the_patterns_match() {
        let patterns = rule_patterns();
        assert!(patterns.len() > 40, "found only {} patterns", patterns.len());
        let mut matches = 0;
        for source in &patterns {
            let pattern = crate::rules::support::re(source);
            let copy = lowered_copy(pattern.as_str()).expect("every rule pattern has a lowercase copy");
            for text in texts(source) {
                // The gate searches a lowercased note only when it has no Kelvin sign or long s.
                if text.contains(ODD_LETTERS) {
                    continue;
                }
                let lowered = text.to_ascii_lowercase();
                let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
                for (i, &start) in bounds.iter().enumerate().step_by(3) {
                    for &end in bounds[i..].iter().step_by(7) {
                        let Some(m) = pattern.find(&text[start..end]) else {
                            continue;
                        };
                        matches += 1;
                        // A match of the copy starts at the match or before it, in the part.
                        let found = copy.find_at(lowered.as_bytes(), start).map(|c| c.start());
                        assert!(
                            found.is_some_and(|f| f <= start + m.start()),
                            "{source:?}: {:?} in {:?}, copy found {found:?}",
                            m.as_str(),
                            &text[start..end]
                        );
                    }
                }
            }
        }
        assert!(matches > 10_000, "too few matches: {matches}");
    }

    #[test]
    fn words_in_every_match() {
        assert!(every_match_contains(r"(?i)\bRPO\b|backlogs?", &["rpo", "backlog"]));
        assert!(every_match_contains(
            r"(?i)(?:prior|previous) periods?",
            &["prior", "previous"]
        ));
        assert!(every_match_contains(r"(?i)a (?:\w+ )+b", &["a"]));
        assert!(!every_match_contains(
            r"(?i)(?:prior|earlier) periods?",
            &["prior", "previous"]
        ));
        assert!(!every_match_contains(r"(?i)(?:prior )?periods?", &["prior"]));
        assert!(!every_match_contains(r"(?i)(?:prior )*period", &["prior"]));
        assert!(every_match_contains(
            r"(?i)recogni[sz]ed|true-?ups?",
            &["recognized", "recognised", "true"]
        ));
        assert!(!every_match_contains(r"(?i)recogni[sz]ed", &["recognized"]));
        let copy = words_copy(&["catch-up", "true"]).unwrap();
        assert_eq!(copy.find(b"a true-up").map(|m| m.start()), Some(2));
    }

    #[test]
    fn copies_lowercase_and_drop_what_they_can() {
        let copy = |p: &str| lowered_copy(p).unwrap().as_str().to_string();
        assert_eq!(copy(r"(?i)\bRPO\b"), "(?:rpo)");
        assert_eq!(copy(r"(?-i:XX%)"), "(?:xx%)");
        assert_eq!(copy(r"^a(b)$"), "(?:ab)");
        // `k` and `s` without the Kelvin sign and long s: a literal the prefilter finds fast.
        assert_eq!(copy(r"(?i)ks"), "(?:ks)");
        // `A` to `C` lowercase to `a` to `c`.
        assert_eq!(copy(r"[^a-c]"), r"(?:(?-u:[\x00-@\[-\xFF])(?-u:[\x80-\xBF])*)");
        assert_eq!(copy(r"(?i)[^a-c]"), r"(?:(?-u:[\x00-@\[-`d-\xFF])(?-u:[\x80-\xBF])*)");
        let words = lowered_copy(r"\w+ ").unwrap();
        assert!(words.is_match("é ".as_bytes()) && words.is_match(b"a_1 ") && !words.is_match(b"- "));
        let any = lowered_copy(r"a.b").unwrap();
        assert!(any.is_match("a’b".as_bytes()) && !any.is_match(b"a\nb"));
    }
}
