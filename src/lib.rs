//! revlint: checks draft ASC 606 revenue-recognition notes.
//!
//! The core is one pure function, [`analyze`]: text + [`Config`] → [`Analysis`]
//! (reader → facts → rules → findings); [`analyze_edited`] gives the same answer after an edit
//! while re-reading only the changed paragraphs and re-extracting the facts of only the parts of
//! the note (heading to heading) around them. The CLI (`src/cli`) and the language server
//! (`src/lsp`) are thin shells around it; only `src/lsp` knows LSP.

pub mod config;
pub mod date;
pub mod facts;
pub mod lsp;
pub mod position;
pub mod reader;
pub mod rules;

pub use config::Config;
pub use facts::{Concept, Fact};
pub use reader::{Document, Period, TextEdit};
pub use rules::{Finding, Severity};

/// What the core knows of one note.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub document: Document,
    /// The period the note covers: configuration, else an R-page header, else the text's phrases.
    pub period: Option<Period>,
    pub facts: Vec<Fact>,
    /// The parts of the note (heading to heading) the facts were found in, for
    /// [`analyze_edited`].
    pub parts: facts::Parts,
    pub findings: Vec<Finding>,
}

/// How the text is to be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Input {
    /// Markdown (a `.md` file or a markdown editor buffer), else plain text. R pages are
    /// recognised by their header either way.
    pub markdown: bool,
}

/// Reads, extracts and checks one note.
pub fn analyze(text: &str, input: Input, config: &Config) -> Analysis {
    checked(text, Document::read(text, input.markdown), None, config)
}

/// The text an edit was made to, with its reading and, if kept, its facts.
pub struct Earlier<'a> {
    pub text: &'a str,
    pub document: Document,
    /// The facts of `text`, to keep those of the parts of the note the edit did not touch;
    /// `None`: extract them all.
    pub facts: Option<facts::EarlierFacts>,
    /// What turned `text` into the text to analyse.
    pub edit: TextEdit,
}

impl Earlier<'_> {
    /// What an earlier analysis of `text` leaves for [`analyze_edited`]: all of it but the
    /// findings.
    pub fn of(text: &str, analysis: Analysis, edit: TextEdit) -> Earlier<'_> {
        Earlier {
            text,
            document: analysis.document,
            facts: Some(facts::EarlierFacts {
                facts: analysis.facts,
                parts: analysis.parts,
                period: analysis.period,
            }),
            edit,
        }
    }
}

/// The same as [`analyze`]`(text, input, config)`, for a `text` that `earlier.edit` made from
/// `earlier.text`: the reader reuses the earlier reading outside the paragraphs around the edit
/// (or reads afresh where the edit reaches something non-local), and the earlier facts outside
/// the parts of the note (heading to heading) around it. Rules run over the whole note: what
/// they look for may be anywhere in it.
pub fn analyze_edited(earlier: Earlier, text: &str, input: Input, config: &Config) -> Analysis {
    let (document, kept) = earlier
        .document
        .into_reread_keeping(earlier.text, text, &earlier.edit, input.markdown);
    let reuse = earlier.facts.map(|facts| (facts, kept, &earlier.edit));
    checked(text, document, reuse, config)
}

/// Facts and findings of a read document; `reuse`: the earlier facts, the blocks the re-read
/// kept and the edit, for keeping the facts of the parts the edit did not touch.
fn checked(
    text: &str,
    document: Document,
    reuse: Option<(facts::EarlierFacts, Option<reader::KeptBlocks>, &TextEdit)>,
    config: &Config,
) -> Analysis {
    let period = resolve_period(&document, config);
    // Facts and rules both search for lowercase words: one lowercased copy serves them.
    let lowered = text.to_ascii_lowercase();
    let (facts, parts) = match reuse {
        Some((earlier, kept, edit)) => {
            facts::extract_edited(earlier, kept, edit, text, &lowered, &document, period.as_ref())
        }
        None => facts::extract_with_parts(text, &lowered, &document, period.as_ref()),
    };
    let cx = rules::Context::new(text, &lowered, &document, &facts, period.as_ref(), config);
    let findings = rules::run(&cx);
    Analysis {
        document,
        period,
        facts,
        parts,
        findings,
    }
}

/// Configuration wins over an R-page header, which wins over the text's own phrases. `--form`
/// fixes annual or interim; an interim form keeps the months the note states.
pub fn resolve_period(doc: &Document, config: &Config) -> Option<Period> {
    use reader::{kind_of_months, PeriodKind, PeriodSource};
    let found = doc.header_period.or(doc.text_period);
    if config.form.is_none() && config.period_end.is_none() {
        return found;
    }
    let mut p = found.unwrap_or(Period {
        months: None,
        end: None,
        kind: None,
        source: PeriodSource::Config,
    });
    p.source = PeriodSource::Config;
    if let Some(end) = config.period_end {
        p.end = Some(end);
    }
    match config.form {
        Some(config::Form::TenK) => {
            p.months = Some(12);
            p.kind = Some(PeriodKind::Annual);
        }
        Some(config::Form::TenQ) => {
            if p.months.is_none_or(|m| m >= 12) {
                p.months = None;
            }
            p.kind = Some(PeriodKind::Interim);
        }
        None => p.kind = p.months.map(kind_of_months),
    }
    Some(p)
}
