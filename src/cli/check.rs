//! `revlint check`: configuration per note, parallel analysis, one report, the exit code.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use revlint::config::{find_config_file, Config};
use revlint::position::LineIndex;
use revlint::{analyze, Analysis, Input, Severity};

use super::discover::{self, Source};
use super::{CheckArgs, OutputFormat, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

/// A note that was read and analysed.
pub struct Checked {
    pub display: String,
    pub text: String,
    pub lines: LineIndex,
    pub analysis: Analysis,
}

/// A note ready for analysis: its source, the configuration that governs it, and (for stdin)
/// its text already read.
struct Job {
    source: Source,
    config: Config,
    stdin_text: Option<Result<String, String>>,
}

pub fn run(args: CheckArgs) -> i32 {
    let mut trouble: Vec<String> = Vec::new();
    let (sources, errors) = discover::expand(&args.paths, args.stdin_filename.as_deref());
    trouble.extend(errors);
    if sources.is_empty() && trouble.is_empty() {
        eprintln!("revlint: warning: no .md, .markdown or .txt files found");
    }

    let overrides = Overrides {
        form: args.form,
        period_end: args.period_end,
        entity: args.entity.map(Into::into),
    };
    let mut configs = ConfigResolver::new(args.config.clone(), overrides);
    if let Some(Err(e)) = configs.explicit.as_ref() {
        eprintln!("revlint: {e}");
        return EXIT_TROUBLE;
    }

    let mut jobs = Vec::new();
    let mut stdin_taken = false;
    for source in sources {
        let config = match configs.for_dir(&source.config_dir) {
            Ok(c) => c,
            Err(e) => {
                // Checked against a broken configuration, a note's findings would be wrong: skip
                // it, and name the configuration once.
                if !trouble.contains(&e) {
                    trouble.push(e);
                }
                continue;
            }
        };
        let stdin_text = if source.path.is_none() {
            if stdin_taken {
                trouble.push("-: standard input can be read only once".to_string());
                continue;
            }
            stdin_taken = true;
            Some(discover::read(&source))
        } else {
            None
        };
        jobs.push(Job {
            source,
            config,
            stdin_text,
        });
    }

    let mut checked = Vec::new();
    for result in analyze_all(jobs) {
        match result {
            Ok(c) => checked.push(c),
            Err(e) => trouble.push(e),
        }
    }
    for e in &trouble {
        eprintln!("revlint: {e}");
    }

    let report = match args.format {
        OutputFormat::Text => {
            let color = super::text::use_color();
            super::text::render(&checked, trouble.len(), color)
        }
        OutputFormat::Json => super::json::render(&checked),
        OutputFormat::Sarif => super::sarif::render(&checked, &trouble),
    };
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(report.as_bytes()).and_then(|_| stdout.flush());
    if let Err(e) = written {
        // A closed pipe ends output early; the exit code still tells the outcome.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("revlint: writing the report: {}", discover::io_reason(&e));
            return EXIT_TROUBLE;
        }
    }

    if !trouble.is_empty() {
        EXIT_TROUBLE
    } else if checked
        .iter()
        .any(|c| c.analysis.findings.iter().any(|f| f.severity == Severity::Error))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// What the command line sets; it wins over any `revlint.toml`.
#[derive(Clone, Copy)]
struct Overrides {
    form: Option<revlint::config::Form>,
    period_end: Option<revlint::date::Date>,
    entity: Option<revlint::config::Entity>,
}

impl Overrides {
    fn apply(&self, config: &mut Config) {
        if let Some(form) = self.form {
            config.form = Some(form);
        }
        if let Some(end) = self.period_end {
            config.period_end = Some(end);
        }
        if let Some(entity) = self.entity {
            config.entity = entity;
        }
    }
}

/// The configuration for each note's folder: `--config FILE`, else the nearest `revlint.toml`
/// from the folder upward, else the defaults; then the command-line overrides. Files are read
/// once each.
struct ConfigResolver {
    explicit: Option<Result<Config, String>>,
    overrides: Overrides,
    by_file: HashMap<PathBuf, Result<Config, String>>,
}

impl ConfigResolver {
    fn new(explicit: Option<PathBuf>, overrides: Overrides) -> ConfigResolver {
        ConfigResolver {
            explicit: explicit.map(|p| load_config(&p)),
            overrides,
            by_file: HashMap::new(),
        }
    }

    fn for_dir(&mut self, dir: &Path) -> Result<Config, String> {
        let base = match &self.explicit {
            Some(result) => result.clone()?,
            None => {
                // Absolute, so the search goes above the current folder too.
                let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
                match find_config_file(&dir) {
                    Some(file) => self
                        .by_file
                        .entry(file.clone())
                        .or_insert_with(|| load_config(&file))
                        .clone()?,
                    None => Config::default(),
                }
            }
        };
        let mut config = base;
        self.overrides.apply(&mut config);
        Ok(config)
    }
}

/// Reads and parses a configuration file; the error names it (relative to the current folder
/// where it lies below it).
fn load_config(path: &Path) -> Result<Config, String> {
    let shown = shown_path(path);
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: {}", discover::io_reason(&e)))?;
    let text = discover::decode(bytes).map_err(|e| format!("{shown}: {e}"))?;
    Config::from_toml(&text).map_err(|e| format!("{shown}: invalid configuration: {e}"))
}

fn shown_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.as_deref().unwrap_or(path).display().to_string()
}

/// Reads and analyses the notes on all cores; results keep the jobs' order.
fn analyze_all(jobs: Vec<Job>) -> Vec<Result<Checked, String>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<Checked, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, check_one(job)));
                    }
                    done
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn check_one(job: &Job) -> Result<Checked, String> {
    let display = &job.source.display;
    let text = match &job.stdin_text {
        Some(read) => read.clone(),
        None => discover::read(&job.source),
    }
    .map_err(|e| format!("{display}: {e}"))?;
    let input = Input {
        markdown: job.source.markdown,
    };
    // The engine must not panic; if it ever does, the other notes are still checked.
    let analysis = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyze(&text, input, &job.config)))
        .map_err(|_| format!("{display}: internal error while checking this note (please report it)"))?;
    Ok(Checked {
        display: display.clone(),
        lines: LineIndex::new(&text),
        text,
        analysis,
    })
}
