use super::*;

fn texts<'a>(text: &'a str, doc: &Document, kind: fn(&BlockKind) -> bool) -> Vec<&'a str> {
    doc.blocks
        .iter()
        .filter(|b| kind(&b.kind))
        .map(|b| &text[b.span.clone()])
        .collect()
}

const RPAGE: &str = "|\nRevenue\n|6 Months Ended\nJun. 30, 2023\n|Revenue from Contract with Customer [Abstract]\n|Revenue\n|\n10. Revenue\nDisaggregation of Revenue\nThe following table sets forth revenue (dollars in thousands):\nRemaining Performance Obligations (“RPO”)\nAs of June 30, 2023, the Company’s RPO was $791.4 million. Approximately 65% is expected in the next 12 months.\n|X\n- References\n+ Details\n";

#[test]
fn rpage_header_gives_period_and_trailer_is_cut() {
    let doc = Document::read(RPAGE, false);
    assert_eq!(doc.format, Format::RPage);
    let p = doc.header_period.unwrap();
    assert_eq!(
        (p.months, p.end, p.kind),
        (Some(6), Date::new(2023, 6, 30), Some(PeriodKind::Interim))
    );
    assert!(!RPAGE[doc.body.clone()].contains("References"));
    assert!(RPAGE[doc.body.clone()].starts_with("|Revenue") || RPAGE[doc.body.clone()].starts_with("10."));
    let headings = texts(RPAGE, &doc, |k| matches!(k, BlockKind::Heading { .. }));
    assert!(headings.contains(&"Disaggregation of Revenue"), "{headings:?}");
    assert!(
        headings.contains(&"Remaining Performance Obligations (“RPO”)"),
        "{headings:?}"
    );
    let sentences: Vec<&str> = doc.sentences().map(|s| &RPAGE[s]).collect();
    assert!(
        sentences.contains(&"As of June 30, 2023, the Company’s RPO was $791.4 million."),
        "{sentences:?}"
    );
}

#[test]
fn one_line_rpage_header_with_pipes() {
    let text = "Revenue |\n12 Months Ended | ||||\n---|---|\nDec. 31, 2024 | ||||\nRevenue from Contract with Customer [Abstract] | |||\nRevenue |\nWe recognized revenue of $1,868. |\n";
    let doc = Document::read(text, false);
    let p = doc.header_period.unwrap();
    assert_eq!((p.months, p.end), (Some(12), Date::new(2024, 12, 31)));
    let paras = texts(text, &doc, |k| *k == BlockKind::Paragraph);
    assert_eq!(paras, vec!["We recognized revenue of $1,868."]);
}

#[test]
fn markdown_headings_tables_lists_comments() {
    let text = "# Note 3 — Revenue\n\n<!-- revlint-disable mixed-terms -->\n\n## Contract balances\n\nDeferred revenue was\n$5 million. It grew.\n\n| (in millions) | 2023 | 2022 |\n|---|---:|---:|\n| Contract liabilities | $551 | $500 |\n\n- First item\n  continues here.\n- Second item.\n";
    let doc = Document::read(text, true);
    assert_eq!(doc.format, Format::Markdown);
    assert!(doc.is_disabled("mixed-terms") && !doc.is_disabled("placeholder"));
    assert_eq!(
        texts(text, &doc, |k| matches!(k, BlockKind::Heading { .. })),
        vec!["Note 3 — Revenue", "Contract balances"]
    );
    assert_eq!(
        texts(text, &doc, |k| *k == BlockKind::Paragraph),
        vec!["Deferred revenue was\n$5 million. It grew."]
    );
    let table = doc.blocks.iter().find(|b| b.kind == BlockKind::Table).unwrap();
    assert_eq!(table.rows.len(), 2);
    let cells: Vec<&str> = table.rows[1].cells.iter().map(|c| &text[c.clone()]).collect();
    assert_eq!(cells, vec!["Contract liabilities", "$551", "$500"]);
    assert_eq!(
        texts(text, &doc, |k| *k == BlockKind::ListItem),
        vec!["First item\n  continues here.", "Second item."]
    );
    assert_eq!(doc.sections.len(), 2);
    assert_eq!(doc.sections[1].level, 2);
    // The table is in the "Contract balances" section.
    assert_eq!(table.section, Some(1));
}

#[test]
fn plain_text_tables_and_wrapped_paragraphs() {
    let text = "Note 3 — Revenue\n\nThe following tables provide detail by sales category:\n\n(in millions) | U.S. | Total\nNutritionals —\nPediatric | 507 | 1,024\n\nRevenue recognized was $192 million\nfor the period. Next sentence.\nContract Balances\n";
    let doc = Document::read(text, false);
    let table = doc.blocks.iter().find(|b| b.kind == BlockKind::Table).unwrap();
    assert_eq!(table.rows.len(), 3);
    let paras = texts(text, &doc, |k| *k == BlockKind::Paragraph);
    assert_eq!(
        paras[1],
        "Revenue recognized was $192 million\nfor the period. Next sentence."
    );
    assert_eq!(
        texts(text, &doc, |k| matches!(k, BlockKind::Heading { .. })),
        vec!["Note 3 — Revenue", "Contract Balances"]
    );
}

#[test]
fn sentences_respect_abbreviations() {
    let text = "Sales in the U.S. grew. As of Jun. 30, 2023, RPO was $1.2 billion. Apple Inc. sells (“RPO”). Next.";
    let s: Vec<&str> = split_sentences(text, 0..text.len())
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(
        s,
        vec![
            "Sales in the U.S. grew.",
            "As of Jun. 30, 2023, RPO was $1.2 billion.",
            "Apple Inc. sells (“RPO”).",
            "Next."
        ]
    );
}

#[test]
fn period_from_phrases() {
    let text = "During the three and six months ended June 30, 2025, and the year ended December 31, 2024, we recognized revenue.";
    let doc = Document::read(text, false);
    let p = doc.text_period.unwrap();
    assert_eq!(
        (p.months, p.end, p.kind),
        (Some(6), Date::new(2025, 6, 30), Some(PeriodKind::Interim))
    );
}

#[test]
fn a_table_header_after_a_caption_is_not_an_rpage_header() {
    let text = "Revenue\n\nThe following table shows net sales for the periods ended March 29, 2025 (in millions):\n\nThree Months Ended | Six Months Ended\nMarch 29,2025 | March 30,2024 | March 29,2025 | March 30,2024\niPhone | $46,841 | $45,963 | $115,979 | $115,665\n";
    let doc = Document::read(text, false);
    assert_eq!(doc.format, Format::Plain);
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::Table));
}

#[test]
fn rpage_header_with_long_pipe_padding() {
    let pad = "|".repeat(400);
    let text = format!(
        "Revenue, Accounts Receivable and Significant Customers |\n12 Months Ended | {pad}\n---|---|---|\nDec. 31, 2023 | {pad}\nRevenue From Contract With Customer [Abstract] | {pad}\nRevenue |\nWe recognized revenue of $1,868. |\n"
    );
    let doc = Document::read(&text, false);
    assert_eq!(doc.format, Format::RPage);
    let p = doc.header_period.unwrap();
    assert_eq!((p.months, p.end), (Some(12), Date::new(2023, 12, 31)));
}

#[test]
fn a_sentence_about_months_ended_is_not_an_rpage_header() {
    let text = "Revenue\nThe six months ended June 30, 2025 are covered.\nJun. 30, 2025\nRevenue grew.\n";
    let doc = Document::read(text, false);
    assert_eq!(doc.format, Format::Plain);
    assert!(!doc.blocks.is_empty());
}

/// Regression (scale bench): sections were assigned by checking every section for every
/// block, quadratic in a note of many headings. The linear walk must give each block the same
/// section as that exhaustive check: the last one holding its start.
#[test]
fn blocks_get_the_innermost_section_like_an_exhaustive_check() {
    let mut text = String::from("Intro paragraph.\n\n# Revenue\n\nTop.\n\n");
    for i in 0..40 {
        let level = ["##", "###", "####"][i % 3];
        text.push_str(&format!(
            "{level} Part {i}\n\nText of part {i}.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        ));
        if i % 7 == 0 {
            text.push_str("# Another note\n\n- item\n\n");
        }
    }
    let doc = Document::read(&text, true);
    assert!(doc.sections.len() > 40);
    for b in &doc.blocks {
        let at = b.span.start;
        let expected = (0..doc.sections.len()).rev().find(|&i| {
            let s = &doc.sections[i].span;
            at >= s.start && at < s.end.max(s.start + 1)
        });
        assert_eq!(b.section, expected, "block at {at}: {:?}", &text[b.span.clone()]);
    }
    let heading_blocks = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }));
    assert!(heading_blocks.clone().all(|b| b.section.is_some()));
    assert_eq!(doc.blocks[0].section, None, "the intro is in no section");
}

mod section_assignment {
    use super::super::*;
    use proptest::prelude::*;

    /// The plain definition: the last section (in heading order) that holds the block's start.
    fn naive(doc: &Document) -> Vec<Option<usize>> {
        doc.blocks
            .iter()
            .map(|b| {
                let mut found = None;
                for (i, s) in doc.sections.iter().enumerate() {
                    if b.span.start >= s.span.start && b.span.start < s.span.end.max(s.span.start + 1) {
                        found = Some(i);
                    }
                }
                found
            })
            .collect()
    }

    const LINES: &[&str] = &[
        "# Revenue",
        "## Contract balances",
        "### RPO",
        "#### Detail",
        "",
        "Some text.",
        "More text here.",
        "| a | b |",
        "|---|---|",
        "- item",
        "Contract Balances",
        "<!-- note -->",
        "**Bold heading**",
    ];

    proptest! {
        #[test]
        fn matches_the_plain_definition(lines in proptest::collection::vec(0..LINES.len(), 0..40), markdown: bool) {
            let text: String = lines.iter().map(|&i| format!("{}\n", LINES[i])).collect();
            let doc = Document::read(&text, markdown);
            let got: Vec<Option<usize>> = doc.blocks.iter().map(|b| b.section).collect();
            prop_assert_eq!(got, naive(&doc));
        }
    }
}

mod period_phrases {
    use super::super::rpage::{self, date_from_captures, PERIOD_PHRASE};
    use super::super::*;
    use proptest::prelude::*;

    /// The definition `period_from_text` must agree with: every `PERIOD_PHRASE` match.
    fn reference(text: &str) -> Option<Period> {
        let mut best: Option<(Date, u32)> = None;
        for c in PERIOD_PHRASE.captures_iter(text) {
            let Some(date) = rpage::DATE.captures(&c[3]).and_then(|d| date_from_captures(&d)) else {
                continue;
            };
            let months = match c.get(1) {
                Some(m) => months_from_word(m.as_str()).unwrap_or(12),
                None if c[0].to_ascii_lowercase().contains("quarter") => 3,
                None => 12,
            };
            best = match best {
                Some((d, m)) if d > date || (d == date && m >= months) => Some((d, m)),
                _ => Some((date, months)),
            };
        }
        let (end, months) = best?;
        Some(Period {
            months: Some(months),
            end: Some(end),
            kind: Some(kind_of_months(months)),
            source: PeriodSource::Text,
        })
    }

    /// Pieces of period phrases and the odd characters that fold or count as digits or space.
    const TOKENS: &[&str] = &[
        "ended", "Ended", "ENDED", "six", "ſix", "three", "Nine", "TWELVE", "12", "3", "123", "١٢", "٣", "x", "_", "-",
        " ", "  ", "\n", "\n\n", "\u{a0}", "\u{3000}", "months", "month", "MONTHS", "monthſ", "year", "years",
        "fiscal", "Fiscal ", "quarter", "quarters", "June", "Jun.", "JUNE", "JUNe", "jun", "Dec", "December",
        "Decended", "DecEMBER", "DecſJan", "Sept.", "K", "ſ", "30", "31", "1", "312", "١", ",", ", ", "2024", "2025",
        "20245", "٢٠٢٤", "202", ".", "(", "a", "é", "📈",
    ];

    fn phrase() -> impl Strategy<Value = String> {
        let pick = |options: &'static [&'static str]| proptest::sample::select(options).prop_map(str::to_string);
        (
            pick(&["", "x", " ", "(", "_", "1", "ſ", "fiscal ", "Fiscal\n", "2024"]),
            pick(&[
                "six-", "Six ", "ſix ", "12 ", "3-", "١٢ ", "x1٢ ", "nine ", "", "fiscal  ", "three",
            ]),
            pick(&[
                "months",
                "month",
                "monthſ",
                "year",
                "years",
                "quarter",
                "Quarters",
                "fiscal year",
            ]),
            pick(&[" ", "\n", "\u{a0}", "", "  \n "]),
            pick(&["ended", "ENDED", "Ended"]),
            pick(&[" ", "\n", ""]),
            pick(&[
                "June", "Jun.", "JUNE", "DecEMBER", "December", "Sept", "jun", "DecſJan", "Mayo", "Feb",
            ]),
            pick(&[" ", "  ", "", "\n", "\u{a0}"]),
            pick(&["30", "1", "31", "312", "٣", "29"]),
            pick(&[", ", ",", ",\n", " ,"]),
            pick(&["2024", "2025", "٢٠٢٤", "202", "20245", "2023x"]),
        )
            .prop_map(|parts| {
                let (a, b, c, d, e, f, g, h, i, j, k) = parts;
                [a, b, c, d, e, f, g, h, i, j, k].concat()
            })
    }

    proptest! {
        #[test]
        fn agrees_with_the_regex_on_token_soup(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)) {
            let text = tokens.concat();
            prop_assert_eq!(rpage::period_from_text(&text, 0..text.len()), reference(&text), "{:?}", text);
        }

        #[test]
        fn agrees_with_the_regex_on_phrases(phrases in proptest::collection::vec(phrase(), 1..5), glue in proptest::collection::vec(proptest::sample::select(TOKENS), 5)) {
            let text: String = phrases.iter().zip(glue.iter().cycle()).flat_map(|(p, g)| [p.as_str(), g]).collect();
            prop_assert_eq!(rpage::period_from_text(&text, 0..text.len()), reference(&text), "{:?}", text);
        }
    }

    proptest! {
        #[test]
        fn ended_is_found_in_any_case(text in "[eEnNdDx ſ]{0,60}", from in 0..60usize) {
            let from = (from.min(text.len())..=text.len()).find(|&k| text.is_char_boundary(k)).unwrap();
            let ended = regex::Regex::new("(?i)ended").unwrap();
            let expected: Vec<usize> = ended.find_iter(&text[from..]).map(|m| from + m.start()).collect();
            prop_assert_eq!(rpage::ended_words(&text, from), expected);
        }
    }

    #[test]
    fn agrees_with_the_regex_on_the_notes() {
        for text in super::notes() {
            assert_eq!(rpage::period_from_text(&text, 0..text.len()), reference(&text));
        }
    }
}

/// The example notes, the seeds and the corpus notes (those present).
fn notes() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<std::path::PathBuf> = ["examples", "../shared/seeds"]
        .iter()
        .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
        .flat_map(|entries| entries.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    if let Ok(corpus) = std::fs::read_dir(root.join("../shared/corpus")) {
        paths.extend(corpus.flatten().map(|e| e.path().join("note.txt")));
    }
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

mod reread {
    use super::super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static NOTES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut notes = super::notes();
        notes.push(super::RPAGE.to_string());
        notes
    });

    /// Lines that open, close or continue blocks, and lines of an R-page header.
    const LINES: &[&str] = &[
        "# Revenue",
        "## Contract balances",
        "**Bold heading**",
        "",
        "   ",
        "Some text.",
        "A hard-wrapped line",
        "continues here.",
        "The six months ended June 30, 2025 saw growth.",
        "| a | b |",
        "|---|---|",
        "a | b",
        "x | y | z",
        "Nutritionals —",
        "- item",
        "  indented",
        "1. first",
        "Contract Balances",
        "Note 3 — Revenue",
        "<!-- note -->",
        "<!-- open",
        "still in the comment",
        "closed -->",
        "revlint-disable: mixed-terms",
        "12 Months Ended",
        "Dec. 31, 2024",
        "|Revenue from Contract with Customer [Abstract]",
        "|X",
        "- References",
    ];

    /// What an edit inserts.
    const SNIPPETS: &[&str] = &[
        "",
        "x",
        " ",
        ".",
        ". Next",
        "\n",
        "\n\n",
        "\r\n",
        "| a | b |\n",
        "|---|---|\n",
        " | ",
        "|",
        "# Heading\n",
        "\n## Sub\n\n",
        "#",
        "<!--",
        "-->",
        "<!-- revlint-disable placeholder -->\n",
        "revlint-disable: a\n",
        "📈",
        "é",
        "- item\n",
        "Contract Balances\n",
        "12 Months Ended\n",
        "6 Months Ended\nJun. 30, 2023\n",
        "|X\n",
        "year ended December 31, 2023",
        "six months ended June 30, 2026",
    ];

    fn soup() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(LINES), 0..30)
            .prop_map(|lines| lines.iter().map(|l| format!("{l}\n")).collect())
    }

    fn base() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => soup(),
            1 => (0..NOTES.len()).prop_map(|i| NOTES[i].clone()),
            1 => ((0..NOTES.len()), soup()).prop_map(|(i, s)| {
                // A note with a soup of lines inside.
                let n = &NOTES[i];
                let mut at = n.len() / 2;
                while !n.is_char_boundary(at) {
                    at -= 1;
                }
                format!("{}{s}{}", &n[..at], &n[at..])
            }),
        ]
    }

    /// Applies an edit at `at` (a fraction of the text) that deletes up to `delete` bytes and
    /// inserts `insert`.
    fn apply(old: &str, at: f64, delete: usize, insert: &str) -> (String, TextEdit) {
        let mut start = ((old.len() as f64) * at) as usize;
        while !old.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + delete).min(old.len());
        while !old.is_char_boundary(end) {
            end += 1;
        }
        let new = format!("{}{insert}{}", &old[..start], &old[end..]);
        (
            new,
            TextEdit {
                range: start..end,
                new_len: insert.len(),
            },
        )
    }

    fn edit() -> impl Strategy<Value = (f64, usize, Vec<&'static str>)> {
        (
            0.0..=1.0f64,
            prop_oneof![Just(0usize), 0..4usize, 0..200usize],
            proptest::collection::vec(proptest::sample::select(SNIPPETS), 0..3),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn reread_is_a_fresh_read(text in base(), edits in proptest::collection::vec(edit(), 1..4), markdown: bool) {
            let mut old = text;
            let mut doc = Document::read(&old, markdown);
            for (at, delete, insert) in edits {
                let (new, edit) = apply(&old, at, delete, &insert.concat());
                let got = doc.reread(&old, &new, &edit, markdown);
                let expected = Document::read(&new, markdown);
                prop_assert_eq!(&got, &expected, "edit {:?} of {:?} into {:?}", edit, old, new);
                prop_assert_eq!(TextEdit::between(&old, &new).new_len <= edit.new_len, true);
                prop_assert_eq!(&doc.reread(&old, &new, &TextEdit::between(&old, &new), markdown), &expected);
                old = new;
                doc = got;
            }
        }
    }

    #[test]
    fn a_heading_becomes_the_title_when_the_text_before_it_goes() {
        let old = "Intro.\n\nRevenue Details\n\nMore text.\n";
        let new = "\n\nRevenue Details\n\nMore text.\n";
        let doc = Document::read(old, false);
        assert_eq!(doc.blocks[1].kind, BlockKind::Heading { level: 2 });
        let edit = TextEdit::between(old, new);
        let got = doc.reread(old, new, &edit, false);
        assert_eq!(got.blocks[0].kind, BlockKind::Heading { level: 1 });
        assert_eq!(got, Document::read(new, false));
    }

    #[test]
    fn an_edit_in_the_middle_rereads_locally() {
        let old = include_str!("../../examples/revenue-note-10k.md");
        let at = old.find("\n\n## ").unwrap() + 8;
        let new = format!("{}x{}", &old[..at], &old[at..]);
        let edit = TextEdit {
            range: at..at,
            new_len: 1,
        };
        let doc = Document::read(old, true);
        let (from, _) = doc.restart_point(old, at);
        assert!(from > 0 && from <= at);
        assert_eq!(doc.reread(old, &new, &edit, true), Document::read(&new, true));
    }

    #[test]
    fn edits_around_period_phrases() {
        let notes = [
            include_str!("../../examples/revenue-note-10k.md"),
            include_str!("../../examples/revenue-note-10q-draft.md"),
            "Revenue for the year ended December 31, 2024 grew; the six months ended June 30, 2025 fell.\n",
        ];
        let replacements = [
            "",
            "x",
            "2026",
            "nine months",
            "\n",
            "quarter",
            " ended",
            "December 31, 2027",
        ];
        for old in notes {
            for (at, _) in old.match_indices("ended") {
                for (from, to) in [
                    (at - 1, at),
                    (at, at + 5),
                    (at + 6, at + 9),
                    (at + 10, at + 14),
                    (at + 5, at + 30),
                ] {
                    let to = (to.min(old.len())..=old.len())
                        .find(|&k| old.is_char_boundary(k))
                        .unwrap();
                    for r in replacements {
                        let new = format!("{}{r}{}", &old[..from], &old[to..]);
                        let edit = TextEdit {
                            range: from..to,
                            new_len: r.len(),
                        };
                        for markdown in [false, true] {
                            let doc = Document::read(old, markdown);
                            assert_eq!(
                                doc.reread(old, &new, &edit, markdown),
                                Document::read(&new, markdown),
                                "{new}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_phrase_edited_in_place_is_read_again() {
        // Same length, same place: only the text tells the phrases apart.
        let old = "Sales.\n\nThe 12 months ended June 30, 2025 were good.\n";
        let new = old.replace("12", "06");
        let at = old.find("12").unwrap();
        let edit = TextEdit {
            range: at..at + 2,
            new_len: 2,
        };
        let got = Document::read(old, true).reread(old, &new, &edit, true);
        assert_eq!(got.text_period.unwrap().months, Some(6));
        assert_eq!(got, Document::read(&new, true));
    }

    #[test]
    fn an_edit_that_does_not_fit_reads_afresh() {
        let old = "# Revenue\n\nSome text.\n";
        let new = "# Revenue\n\nOther text.\n";
        let doc = Document::read(old, true);
        let wrong = TextEdit {
            range: 0..3,
            new_len: 1,
        };
        assert_eq!(doc.reread(old, new, &wrong, true), Document::read(new, true));
    }

    #[test]
    fn between_finds_the_changed_bytes() {
        let e = TextEdit::between("abc📈def", "abc📉def");
        assert_eq!(e.range, 3..7);
        assert_eq!(e.new_len, 4);
        let e = TextEdit::between("aaaa", "aaaaaa");
        assert_eq!((e.range, e.new_len), (4..4, 2));
        let e = TextEdit::between("same", "same");
        assert_eq!((e.range, e.new_len), (4..4, 0));
    }
}

mod headings {
    use super::super::blocks::{ends_sentence, is_note_title, looks_like_heading, SMALL_WORDS};
    use proptest::prelude::*;

    /// The definition `looks_like_heading` must agree with (it counts where this collects).
    fn reference(t: &str) -> bool {
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
        capital * 10 >= content.len() * 7 || words.len() <= 4
    }

    const WORDS: &[&str] = &[
        "Contract",
        "balances",
        "Of",
        "the",
        "AND",
        "and",
        "Revenue",
        "10.",
        "Note",
        "3",
        "—",
        "(“RPO”)",
        "$5",
        "|",
        " | ",
        "x",
        "K",
        "İ",
        "É",
        "é",
        ",",
        ".",
        ":",
        "  ",
        "\t",
        "Ⅻ",
        "1,024",
        "FOR",
        "a",
        "\x0b",
        "\x1c",
        "\u{85}",
        "1. ",
        "123. ",
        ". ",
        "note ",
        "NOTE",
        "7",
    ];

    /// How `is_note_title` read the number before the first ". " (with `split_once`).
    fn note_title_reference(t: &str) -> bool {
        t.as_bytes().get(..5).is_some_and(|p| p.eq_ignore_ascii_case(b"note "))
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        #[test]
        fn agrees_with_the_collecting_definition(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..16)) {
            let t = words.join(" ");
            prop_assert_eq!(looks_like_heading(&t), reference(&t), "{:?}", t);
            let t = words.concat();
            prop_assert_eq!(looks_like_heading(&t), reference(&t), "{:?}", t);
            prop_assert_eq!(is_note_title(&t), note_title_reference(&t), "{:?}", t);
            let t = words.join(" ");
            prop_assert_eq!(is_note_title(&t), note_title_reference(&t), "{:?}", t);
        }
    }
}

mod sentence_split {
    use super::super::split_sentences;
    use proptest::prelude::*;

    const ABBREVIATIONS: &[&str] = &[
        "inc", "co", "corp", "ltd", "llc", "no", "nos", "approx", "e.g", "i.e", "etc", "vs", "mr", "ms", "dr", "st",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "fig", "ref",
        "para", "ibid", "al",
    ];

    /// The definition `split_sentences` must agree with (it scanned every byte and lowercased
    /// every word before a period).
    fn reference(text: &str) -> Vec<std::ops::Range<usize>> {
        let trim = |offset: usize, s: &str| {
            let lead = s.len() - s.trim_start().len();
            offset + lead..offset + lead + s.trim().len()
        };
        let is_abbreviation = |before: &str| {
            let word = before
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("");
            let w = word.trim_start_matches(['"', '“', '(']).to_ascii_lowercase();
            (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
                || ABBREVIATIONS.contains(&w.as_str())
                || (w.len() <= 4 && w.contains('.'))
        };
        let s = text;
        let b = s.as_bytes();
        let mut out = Vec::new();
        let (mut start, mut i) = (0, 0);
        while i < b.len() {
            let c = b[i];
            if c == b'.' || c == b'?' || c == b'!' {
                let mut end = i + 1;
                while end < b.len() {
                    let rest = &s[end..];
                    if rest.starts_with(['"', '\'', ')']) {
                        end += 1;
                    } else if rest.starts_with(['”', '’']) {
                        end += 3;
                    } else {
                        break;
                    }
                }
                let ws = s[end..].len() - s[end..].trim_start().len();
                let next = s[end + ws..].chars().next();
                let boundary = ws > 0
                    && next.is_some_and(|n| {
                        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '(' | '‘' | '$')
                    })
                    && !(c == b'.' && is_abbreviation(&s[start..i]));
                if boundary {
                    out.push(trim(start, &s[start..end]));
                    start = end + ws;
                    i = start;
                    continue;
                }
            }
            i += 1;
        }
        if start < b.len() && !s[start..].trim().is_empty() {
            out.push(trim(start, &s[start..]));
        }
        out
    }

    const TOKENS: &[&str] = &[
        "Sales", "grew", ".", "?", "!", " ", "  ", "\n", "\u{a0}", "\u{3000}", "U.S", "Inc", "inc", "Jun", "e.g", "(",
        ")", "\"", "'", "”", "’", "“", "‘", "$5", "30", "A", "a", "É", "é", "İ", "x.y", "Approx", "APPROX",
    ];

    fn sentence_soup() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            proptest::sample::select(ABBREVIATIONS).prop_map(str::to_string),
            proptest::sample::select(ABBREVIATIONS).prop_map(str::to_uppercase),
            proptest::sample::select(&["Sales", "grew", "A", "x", "(Inc", "\"U.S", "1.5", "É", "b"][..])
                .prop_map(str::to_string),
        ];
        let piece = (
            word,
            proptest::sample::select(&[".", "?", "!", ".”", ".)", "", ".\""][..]),
            proptest::sample::select(&[" ", "\n", "  ", "\u{a0}", ""][..]),
        )
            .prop_map(|(w, p, s)| format!("{w}{p}{s}"));
        proptest::collection::vec(piece, 0..20).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn agrees_with_the_byte_scan_on_sentences(text in sentence_soup()) {
            prop_assert_eq!(split_sentences(&text, 0..text.len()), reference(&text), "{:?}", text);
        }

        #[test]
        fn agrees_with_the_byte_scan(tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40)) {
            let text = tokens.concat();
            prop_assert_eq!(split_sentences(&text, 0..text.len()), reference(&text), "{:?}", text);
        }
    }
}

mod months_words {
    use super::super::rpage::{months_from_word, months_from_word_by_copy};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// Comparing in place reads every word as the lowercased copy did.
        #[test]
        fn in_place_is_the_lowercased_copy(pieces in proptest::collection::vec(proptest::sample::select(&[
            "three", "THREE", "Six", "nINe", "twelve", "TWELVE", "12", "6", "+", "-", "0", "99999999999", "s", "ix",
            "\u{17f}ix", "\u{130}", "K", " ", "months",
        ][..]), 0..4)) {
            let w = pieces.concat();
            prop_assert_eq!(months_from_word(&w), months_from_word_by_copy(&w), "{:?}", w);
        }
    }
}
