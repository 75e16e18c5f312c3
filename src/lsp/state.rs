//! The server's state in core terms: open documents, their latest analysis, settings and the
//! `revlint.toml` files in use. No LSP types here: `server.rs` converts at the edge.
//!
//! Every method runs under the server's one mutex and does no I/O except reading
//! `revlint.toml`. What the user must hear about (a broken config, an edit for a document that
//! is not open, a panic caught in analysis) is queued in [`Workspace::messages`] and sent by the
//! server once the lock is released.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::documents::{Change, SharedText, TextDocument};
use super::settings::{self, Settings};
use crate::config::{find_config_file, Config};
use crate::facts::EarlierFacts;
use crate::position::{Encoding, LineIndex};
use crate::{analyze, analyze_edited, Analysis, Document, Earlier, Input, TextEdit};

/// Documents above this size are analysed off the message loop.
pub const LARGE_DOCUMENT: usize = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

/// Something to tell the user: `show` ones pop up (window/showMessage), the others are logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
    pub show: bool,
}

/// One analysed version of a document: the text, its line index and what the core found.
#[derive(Debug)]
pub struct Snapshot {
    pub version: i32,
    /// The document's revision this is of: see [`OpenDocument::revision`].
    pub revision: u64,
    pub text: String,
    /// Built when first needed: a publish without findings needs no positions.
    index: OnceLock<LineIndex>,
    pub analysis: Analysis,
    /// Whether the document gets findings (a revenue note, or checked on request).
    pub checked: bool,
    pub config: Arc<Config>,
    pub timings: Timings,
}

impl Snapshot {
    pub fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }
}

/// Where a job's time went (reported with `REVLINT_LSP_TIMING`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Making the rope's text one `String`.
    pub text: Duration,
    pub analysis: Duration,
    /// Deciding whether the document is checked, and the line index when it is built eagerly.
    pub rest: Duration,
}

/// What an analysis needs, taken under the lock and used outside it.
#[derive(Clone, Debug)]
pub struct Job {
    pub uri: String,
    pub version: i32,
    pub revision: u64,
    pub text: SharedText,
    pub markdown: bool,
    pub path: Option<PathBuf>,
    pub forced: bool,
    /// The path matches the include globs.
    pub included: bool,
    pub config: Arc<Config>,
    /// Where an incremental re-read can start: see [`Base`].
    pub base: Option<Base>,
}

/// The previous analysis of a document and what the edits since changed in its text: what
/// [`analyze_edited`] needs to re-read only the changed paragraphs. With `edit = Some(e)`, the
/// job's text is `old[..e.range.start] + new[e.range.start..e.range.start + e.new_len] +
/// old[e.range.end..]`, where `old` is `snapshot.text`; `edit` is `None` when the text is
/// unchanged (a re-analysis after a configuration change).
#[derive(Clone, Debug)]
pub struct Base {
    pub snapshot: Arc<Snapshot>,
    pub edit: Option<TextEdit>,
}

/// The include-glob match of a document's path, kept while the globs and their base folder stay
/// the same (building the glob set costs more than analysing a small note).
#[derive(Debug)]
struct Included {
    globs: Vec<String>,
    base: Option<PathBuf>,
    matched: bool,
}

#[derive(Debug)]
pub struct OpenDocument {
    pub doc: TextDocument,
    pub path: Option<PathBuf>,
    pub markdown: bool,
    /// Checked on request (`revlint.checkDocument`) whatever its name or text.
    pub forced: bool,
    /// Counts the changes applied. Snapshots are matched to the text by revision, not by the
    /// client's version, which may repeat or go backwards.
    pub revision: u64,
    /// The latest analysis kept: of the current text (served to requests), or of an older one
    /// (never served; the base of the next job).
    pub snapshot: Option<Arc<Snapshot>>,
    /// What the changes since revision `edited_since` (the text the last job was given) did to
    /// that text; `None` when nothing changed.
    edited: Option<TextEdit>,
    edited_since: u64,
    included: Option<Included>,
    /// An analysis of a large document is running off the loop.
    pub analysing: bool,
}

#[derive(Debug, Default)]
pub struct Workspace {
    pub docs: HashMap<String, OpenDocument>,
    pub settings: Settings,
    pub roots: Vec<PathBuf>,
    pub encoding: Encoding,
    /// The last good parse of each `revlint.toml`, by path.
    tomls: HashMap<PathBuf, Arc<Config>>,
    pub messages: Vec<Message>,
}

impl Workspace {
    fn say(&mut self, level: Level, show: bool, text: impl Into<String>) {
        self.messages.push(Message {
            level,
            text: text.into(),
            show,
        });
    }

    pub fn open(&mut self, uri: &str, path: Option<PathBuf>, language_id: &str, version: i32, text: &str) {
        let markdown = language_id == "markdown"
            || path
                .as_ref()
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown"));
        self.docs.insert(
            uri.to_string(),
            OpenDocument {
                doc: TextDocument::new(text, version),
                path,
                markdown,
                forced: false,
                revision: 0,
                snapshot: None,
                edited: None,
                edited_since: 0,
                included: None,
                analysing: false,
            },
        );
    }

    /// Applies changes in order; `false` when the document is not open.
    pub fn change(&mut self, uri: &str, version: i32, changes: &[Change]) -> bool {
        let encoding = self.encoding;
        let Some(open) = self.docs.get_mut(uri) else {
            self.say(
                Level::Warning,
                false,
                format!("didChange for {uri}, which is not open: ignored"),
            );
            return false;
        };
        let previous = open.doc.version;
        for c in changes {
            let edit = open.doc.apply(c, encoding);
            open.edited = Some(match open.edited.take() {
                Some(before) => before.then(&edit),
                None => edit,
            });
        }
        open.doc.version = version;
        open.revision += 1;
        if version <= previous {
            self.say(
                Level::Warning,
                false,
                format!("{uri}: version went from {previous} to {version}; edits applied in arrival order"),
            );
        }
        true
    }

    pub fn close(&mut self, uri: &str) {
        self.docs.remove(uri);
    }

    /// The folder a relative include glob is read from: the config file's, else the workspace's.
    fn include_base(&self, path: Option<&Path>) -> Option<PathBuf> {
        let dir = path.and_then(Path::parent)?;
        find_config_file(dir)
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .or_else(|| self.roots.iter().find(|r| dir.starts_with(r)).cloned())
    }

    /// `revlint.toml` nearest the document (its last good parse) under the editor's settings.
    pub fn config_for(&mut self, path: Option<&Path>) -> Arc<Config> {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.roots.first().cloned());
        let mut config = match dir.as_deref().and_then(find_config_file) {
            Some(file) => self.toml(&file).as_ref().clone(),
            None => Config::default(),
        };
        config.overlay(&self.settings.overrides);
        Arc::new(config)
    }

    fn toml(&mut self, file: &Path) -> Arc<Config> {
        if let Some(c) = self.tomls.get(file) {
            return c.clone();
        }
        let parsed = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|t| Config::from_toml(&t));
        let config = match parsed {
            Ok(c) => Arc::new(c),
            Err(e) => {
                self.say(
                    Level::Error,
                    true,
                    format!(
                        "revlint: {} is not valid ({e}); the last good configuration stays in use",
                        file.display()
                    ),
                );
                // Never read before, so there is no last good one: defaults, cached so the
                // message comes once; the next change of the file is read again.
                Arc::new(Config::default())
            }
        };
        self.tomls.insert(file.to_path_buf(), config.clone());
        config
    }

    /// Re-reads `revlint.toml` files: on success the new configuration replaces the cached one;
    /// on failure the last good one stays and the user is told.
    pub fn reload_configs(&mut self) {
        let files: Vec<PathBuf> = self.tomls.keys().cloned().collect();
        for file in files {
            match std::fs::read_to_string(&file)
                .map_err(|e| e.to_string())
                .and_then(|t| Config::from_toml(&t))
            {
                Ok(c) => {
                    self.tomls.insert(file, Arc::new(c));
                }
                Err(e) if !file.exists() => {
                    self.tomls.remove(&file);
                    self.say(Level::Info, false, format!("{} removed: {e}", file.display()));
                }
                Err(e) => self.say(
                    Level::Error,
                    true,
                    format!(
                        "revlint: {} is not valid ({e}); the last good configuration stays in use",
                        file.display()
                    ),
                ),
            }
        }
    }

    /// Replaces the editor settings; a bad value keeps the previous ones and tells the user.
    pub fn set_settings(&mut self, value: &serde_json::Value) -> bool {
        match Settings::from_json(value) {
            Ok(s) => {
                self.settings = s;
                true
            }
            Err(e) => {
                self.say(
                    Level::Error,
                    true,
                    format!("revlint settings: {e}; the previous settings stay in use"),
                );
                false
            }
        }
    }

    /// What analysing `uri` now needs; `None` if it is not open. Cheap under the lock: the text
    /// is shared with the rope, not copied.
    pub fn job(&mut self, uri: &str) -> Option<Job> {
        let path = self.docs.get(uri)?.path.clone();
        let config = self.config_for(path.as_deref());
        let include_base = self.include_base(path.as_deref());
        let open = self.docs.get_mut(uri)?;
        let included = path
            .as_deref()
            .is_some_and(|p| open.is_included(&config.include, p, include_base));
        // A snapshot of the text the edits are counted from is the base; if it is of the
        // current text it also stays to answer requests.
        let base = open
            .snapshot
            .take()
            .filter(|s| s.revision == open.edited_since)
            .map(|snapshot| {
                if snapshot.revision == open.revision {
                    open.snapshot = Some(snapshot.clone());
                }
                Base {
                    snapshot,
                    edit: open.edited.take(),
                }
            });
        open.edited = None;
        open.edited_since = open.revision;
        Some(Job {
            uri: uri.to_string(),
            version: open.doc.version,
            revision: open.revision,
            text: open.doc.shared_text(),
            markdown: open.markdown,
            path,
            forced: open.forced,
            included,
            config,
            base,
        })
    }

    /// Keeps `snapshot`. `true` when it is of the current text (publish it); an older one is
    /// kept only as the base of the next job, and only if the changes are counted from it.
    pub fn store(&mut self, uri: &str, snapshot: Arc<Snapshot>) -> bool {
        let Some(open) = self.docs.get_mut(uri) else {
            return false;
        };
        if snapshot.revision == open.revision {
            open.snapshot = Some(snapshot);
            return true;
        }
        if snapshot.revision == open.edited_since {
            open.snapshot = Some(snapshot);
        }
        false
    }

    /// Analyses `uri` now, in the caller's thread, and keeps the result.
    pub fn analyse_now(&mut self, uri: &str) -> Option<Arc<Snapshot>> {
        let job = self.job(uri)?;
        let snapshot = match run_job(job) {
            Ok(s) => Arc::new(s),
            Err(e) => {
                self.say(Level::Error, false, e);
                return None;
            }
        };
        self.store(uri, snapshot.clone());
        Some(snapshot)
    }

    /// The latest analysis if it is of the current text.
    pub fn current(&self, uri: &str) -> Option<Arc<Snapshot>> {
        let open = self.docs.get(uri)?;
        open.snapshot.clone().filter(|s| s.revision == open.revision)
    }

    pub fn is_large(&self, uri: &str) -> bool {
        self.docs.get(uri).is_some_and(|o| o.doc.len_bytes() > LARGE_DOCUMENT)
    }
}

impl OpenDocument {
    fn is_included(&mut self, globs: &[String], path: &Path, base: Option<PathBuf>) -> bool {
        match &self.included {
            Some(i) if i.globs == globs && i.base == base => i.matched,
            _ => {
                let matched = settings::is_included(globs, path, base.as_deref());
                self.included = Some(Included {
                    globs: globs.to_vec(),
                    base,
                    matched,
                });
                matched
            }
        }
    }
}

/// Analyses a job's text. A panic in the core is caught and returned as an error naming the
/// document, so the server stays up and the log says what happened.
pub fn run_job(job: Job) -> Result<Snapshot, String> {
    let Job {
        uri,
        version,
        revision,
        text,
        markdown,
        path,
        forced,
        included,
        config,
        base,
    } = job;
    let started = Instant::now();
    let text = text.into_string();
    let copied = Instant::now();
    let earlier = base.map(|base| earlier_analysis(base, &text));
    let analysis = catch_unwind(AssertUnwindSafe(|| match earlier {
        Some((earlier_text, document, facts, edit)) => analyze_edited(
            Earlier {
                text: &earlier_text,
                document,
                facts,
                edit,
            },
            &text,
            Input { markdown },
            &config,
        ),
        None => analyze(&text, Input { markdown }, &config),
    }))
    .map_err(|panic| {
        format!(
            "revlint: analysis of {uri} (version {version}) panicked: {}",
            panic_text(&panic)
        )
    })?;
    let analysed = Instant::now();
    let checked = forced
        || (!path.as_deref().is_some_and(settings::is_readme)
            && (included || settings::looks_like_revenue_note(&text, &analysis.document)));
    let snapshot = Snapshot {
        version,
        revision,
        text,
        index: OnceLock::new(),
        analysis,
        checked,
        config,
        timings: Timings::default(),
    };
    if checked && !snapshot.analysis.findings.is_empty() {
        // The diagnostics need positions: build the index here, off the message loop.
        snapshot.index();
    }
    Ok(Snapshot {
        timings: Timings {
            text: copied - started,
            analysis: analysed - copied,
            rest: analysed.elapsed(),
        },
        ..snapshot
    })
}

/// The earlier text, its reading and facts and the edit since, for [`analyze_edited`]. The
/// earlier findings are freed first. All is moved out when no request holds the snapshot; else
/// the text and reading are copied and the facts extracted afresh (copying them would cost as
/// much memory as the new ones).
fn earlier_analysis(base: Base, text: &str) -> (String, Document, Option<EarlierFacts>, TextEdit) {
    let edit = base
        .edit
        .unwrap_or_else(|| TextEdit::between(&base.snapshot.text, text));
    match Arc::try_unwrap(base.snapshot) {
        Ok(snapshot) => {
            let Analysis {
                document,
                period,
                facts,
                parts,
                findings,
            } = snapshot.analysis;
            drop(findings);
            let facts = EarlierFacts { facts, parts, period };
            (snapshot.text, document, Some(facts), edit)
        }
        Err(shared) => (shared.text.clone(), shared.analysis.document.clone(), None, edit),
    }
}

pub fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
