//! The command line: `revlint check`, `revlint lsp`, `revlint rules`.
//!
//! `check` finds the notes (files and folders), reads each with the configuration that governs it
//! (the nearest `revlint.toml`, overridden by flags), runs [`revlint::analyze`] on them in parallel
//! and prints one report in text, JSON or SARIF. Exit codes: [`EXIT_CLEAN`], [`EXIT_FINDINGS`],
//! [`EXIT_TROUBLE`].

mod check;
mod discover;
mod json;
mod sarif;
mod text;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use revlint::config::{Entity, Form};
use revlint::date::Date;

/// No error-severity finding (warnings and info do not fail a check).
pub const EXIT_CLEAN: i32 = 0;
/// At least one error-severity finding.
pub const EXIT_FINDINGS: i32 = 1;
/// A usage error, a path or file that could not be read, or a broken configuration. Wins over
/// [`EXIT_FINDINGS`]: a check that could not see every note must not pass or look merely failed.
pub const EXIT_TROUBLE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "revlint",
    version,
    about = "Checks draft ASC 606 revenue-recognition notes (10-K/10-Q) for required disclosures, \
             consistent figures and draft debris."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check notes and report findings (exit 0: no errors, 1: errors found, 2: trouble).
    Check(CheckArgs),
    /// Run the language server over stdio.
    Lsp {
        /// Accepted for editors that pass it (VS Code does); stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// List the rules, or print one rule's documentation.
    Rules {
        /// A rule id, e.g. `rpo-timing`.
        id: Option<String>,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// The filing form: 10-K (annual requirements) or 10-Q (interim). Overrides revlint.toml.
    #[arg(long, value_parser = parse_form, value_name = "10-K|10-Q")]
    form: Option<Form>,
    /// The period end. Overrides revlint.toml and the note's own wording.
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    period_end: Option<Date>,
    /// Public business entity (all disclosures) or nonpublic (elective omissions allowed).
    #[arg(long, value_enum)]
    entity: Option<EntityArg>,
    /// Use this configuration file for every note instead of looking for revlint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The name to report for `-` (standard input); its extension picks Markdown, its folder the
    /// revlint.toml.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Files or folders (searched recursively for .md, .markdown and .txt); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// rustc-style findings with the source line and a summary.
    Text,
    /// The stable JSON contract (see docs/json.md).
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EntityArg {
    Public,
    Nonpublic,
}

impl From<EntityArg> for Entity {
    fn from(e: EntityArg) -> Entity {
        match e {
            EntityArg::Public => Entity::Public,
            EntityArg::Nonpublic => Entity::Nonpublic,
        }
    }
}

fn parse_form(s: &str) -> Result<Form, String> {
    Form::parse(s).ok_or_else(|| format!("{s:?} is not a form: expected 10-K or 10-Q"))
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("{s:?} is not a date: expected YYYY-MM-DD"))
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout and succeed; anything else is a usage error.
            let _ = e.print();
            return if e.use_stderr() { EXIT_TROUBLE } else { EXIT_CLEAN };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Lsp { stdio: _ } => revlint::lsp::run(),
        Command::Rules { id } => rules(id.as_deref()),
    }
}

/// `revlint rules [ID]`.
fn rules(id: Option<&str>) -> i32 {
    use std::io::Write;
    let mut out = String::new();
    match id {
        Some(id) => match revlint::rules::find(id) {
            Some(rule) => {
                let meta = rule.meta();
                out.push_str(&format!("# {}\n\n{}\n\n", meta.id, meta.summary));
                out.push_str(&format!(
                    "Category: {}. Default severity: {}. Reference: {}.\n\n",
                    category_name(meta.category),
                    meta.severity.as_str(),
                    meta.reference
                ));
                out.push_str(&rule_doc(meta));
                out.push('\n');
            }
            None => {
                let known: Vec<&str> = revlint::rules::REGISTRY.iter().map(|r| r.meta().id).collect();
                eprintln!("revlint: no rule {id:?}; the rules are: {}", known.join(", "));
                return EXIT_TROUBLE;
            }
        },
        None => {
            let metas: Vec<_> = revlint::rules::REGISTRY.iter().map(|r| r.meta()).collect();
            let id_width = metas.iter().map(|m| m.id.len()).max().unwrap_or(2).max(2);
            let ref_width = metas.iter().map(|m| m.reference.len()).max().unwrap_or(9).max(9);
            out.push_str(&format!(
                "{:<id_width$}  {:<11}  {:<8}  {:<ref_width$}  SUMMARY\n",
                "ID", "CATEGORY", "SEVERITY", "REFERENCE"
            ));
            for m in metas {
                out.push_str(&format!(
                    "{:<id_width$}  {:<11}  {:<8}  {:<ref_width$}  {}\n",
                    m.id,
                    category_name(m.category),
                    m.severity.as_str(),
                    m.reference,
                    m.summary
                ));
            }
            out.push_str("\n`revlint rules ID` prints a rule's documentation.\n");
        }
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`revlint rules | head`) is not an error worth reporting.
    let _ = stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush());
    EXIT_CLEAN
}

/// A rule's documentation as Markdown: its doc comment without the space after each `///`.
pub(crate) fn rule_doc(meta: &revlint::rules::RuleMeta) -> String {
    let lines: Vec<&str> = meta.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    lines.join("\n").trim().to_string()
}

pub(crate) fn category_name(c: revlint::rules::Category) -> &'static str {
    match c {
        revlint::rules::Category::Requirement => "requirement",
        revlint::rules::Category::Consistency => "consistency",
        revlint::rules::Category::Hygiene => "hygiene",
    }
}
