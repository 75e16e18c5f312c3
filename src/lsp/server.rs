//! The protocol edge: the only module that knows LSP (tower-lsp-server and its `ls_types`).
//! Each handler converts positions with the snapshot's [`LineIndex`] and hands core types
//! (byte offsets, strings) to the per-method modules.
//!
//! Ordering: the server runs with `concurrency_level(1)`, and every handler applies its edit
//! and analyses synchronously under one std mutex, awaiting nothing until the final publish. So
//! edits apply in arrival order and a publish always carries the version it was computed for.
//! Large documents are analysed off the loop, on one long-lived thread ([`AnalysisThread`]), one
//! run at a time per document; a result whose version is no longer current is dropped and the
//! latest text is analysed again (edits that arrive meanwhile coalesce into that one run).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use super::documents::Change;
use super::state::{panic_text, run_job, Job, Level, Snapshot, Workspace};
use super::transport::{Stash, STASHED_CHANGE, STASHED_OPEN};
use super::{actions, hover, inlay, lens, settings, symbols, transport};
use crate::position::{self, Encoding};
use crate::rules::Severity;

pub const CHECK_DOCUMENT: &str = "revlint.checkDocument";
pub const CHECKLIST: &str = "revlint.checklist";

/// Runs the server on stdin/stdout until `exit` (or the end of input). `true` when a
/// `shutdown` request came first, as the exit code must say.
pub fn serve_stdio() -> bool {
    limit_malloc_arenas();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("revlint lsp: cannot start the runtime: {e}");
            return false;
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        // The server talks to our framing layer (see `transport`), which talks to stdio.
        let (server_in, client_side_in) = tokio::io::duplex(256 * 1024);
        let (server_out, client_side_out) = tokio::io::duplex(256 * 1024);
        let (answers, answers_rx) = tokio::sync::mpsc::unbounded_channel();
        let stash = Arc::new(Stash::default());
        tokio::spawn(transport::pump_input(
            tokio::io::stdin(),
            client_side_in,
            answers,
            acceptable,
            stash.clone(),
        ));
        let writer = tokio::spawn(transport::pump_output(client_side_out, answers_rx, tokio::io::stdout()));
        let (service, socket) = LspService::build(|client| Backend::new(client, flag, stash))
            .custom_method(STASHED_OPEN, Backend::did_open_stashed)
            .custom_method(STASHED_CHANGE, Backend::did_change_stashed)
            .finish();
        Server::new(server_in, server_out, socket)
            .concurrency_level(1)
            .serve(service)
            .await;
        let _ = writer.await;
    });
    // Stdin is read on a blocking thread that may never return: do not wait for it.
    runtime.shutdown_background();
    shut_down.load(Ordering::SeqCst)
}

/// glibc gives each thread that allocates its own malloc arena; the off-loop analyses of large
/// documents run on their own thread (and stdin is read on tokio's blocking pool), and their
/// arenas kept a 1 MB document's server at ~43 MB peak RSS instead of ~28 MB. One arena is
/// plenty for a server that analyses one document at a time.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_ARENA_MAX: std::ffi::c_int = -8;
        extern "C" {
            fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        // SAFETY: mallopt only sets an allocator tunable; it is called before any thread starts.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
        }
    }
}

/// Whether tower-lsp-server can decode `body` as a request, notification or response (it
/// stops serving on a message it cannot decode).
fn acceptable(body: &[u8]) -> std::result::Result<(), String> {
    if !body.trim_ascii_start().starts_with(b"{") {
        return Err("expected a JSON object".into());
    }
    let as_response = serde_json::from_slice::<tower_lsp_server::jsonrpc::Response>(body);
    let as_request = serde_json::from_slice::<tower_lsp_server::jsonrpc::Request>(body);
    match (as_response, as_request) {
        (Ok(_), _) | (_, Ok(_)) => Ok(()),
        (_, Err(e)) => Err(e.to_string()),
    }
}

type Reply = tokio::sync::oneshot::Sender<std::result::Result<Snapshot, String>>;

/// The thread that analyses large documents, started on first use and kept for the server's
/// life. Not tokio's blocking pool: its threads come and go (stdin is read there too), and regex
/// keeps a search cache per pattern for each thread that searches with it, so every new thread
/// grew another set of caches — several MB for a 1 MB document. One thread keeps one set.
/// Typical notes are still analysed in the handler, on the loop's thread (a second set once
/// both kinds are open): sending them here too saves that set (~5 MB) but adds two thread
/// wake-ups per edit, which on a busy machine took a 10 KB note's p99 from 1 ms to 5 ms.
#[derive(Default)]
struct AnalysisThread {
    jobs: Mutex<Option<mpsc::Sender<(Job, Reply)>>>,
}

impl AnalysisThread {
    /// Analyses `job` on the thread; a panic anywhere in it comes back as an error.
    async fn run(&self, job: Job) -> std::result::Result<Snapshot, String> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.send(job, reply)?;
        answer
            .await
            .unwrap_or_else(|_| Err("revlint: the analysis thread stopped".into()))
    }

    fn send(&self, job: Job, reply: Reply) -> std::result::Result<(), String> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let sender = match jobs.as_ref() {
            Some(sender) => sender,
            None => jobs.insert(Self::start()?),
        };
        // A send fails only if the thread is gone; start another one for this job.
        if let Err(mpsc::SendError((job, reply))) = sender.send((job, reply)) {
            let sender = jobs.insert(Self::start()?);
            sender
                .send((job, reply))
                .map_err(|_| "revlint: cannot reach the analysis thread".to_string())?;
        }
        Ok(())
    }

    fn start() -> std::result::Result<mpsc::Sender<(Job, Reply)>, String> {
        let (sender, jobs) = mpsc::channel::<(Job, Reply)>();
        std::thread::Builder::new()
            .name("revlint-analysis".into())
            .spawn(move || {
                for (job, reply) in jobs {
                    let uri = job.uri.clone();
                    let result = catch_unwind(AssertUnwindSafe(|| run_job(job))).unwrap_or_else(|panic| {
                        Err(format!("revlint: analysis of {uri} panicked: {}", panic_text(&panic)))
                    });
                    let _ = reply.send(result);
                }
            })
            .map_err(|e| format!("revlint: cannot start the analysis thread: {e}"))?;
        Ok(sender)
    }
}

/// The parameters of [`STASHED_OPEN`]: `didOpen`'s, with a ticket for the text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StashedOpen {
    text_document: StashedDocument,
    stash: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StashedDocument {
    uri: Uri,
    language_id: String,
    version: i32,
}

/// The parameters of [`STASHED_CHANGE`]: `didChange`'s, where a change may have a ticket
/// instead of its text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StashedChange {
    text_document: VersionedTextDocumentIdentifier,
    content_changes: Vec<StashedContentChange>,
}

#[derive(Deserialize)]
struct StashedContentChange {
    range: Option<Range>,
    text: Option<String>,
    stash: Option<u64>,
}

#[derive(Clone)]
struct Backend {
    client: Client,
    ws: Arc<Mutex<Workspace>>,
    analysis_thread: Arc<AnalysisThread>,
    /// Texts of large `didOpen`/`didChange` messages, which the transport passes on by ticket.
    stash: Arc<Stash>,
    shut_down: Arc<AtomicBool>,
    /// `REVLINT_LSP_TIMING` set: print each publish's server-side latency on stderr.
    timing: bool,
    /// What the client said it supports, set by `initialize`.
    client_features: std::sync::OnceLock<ClientFeatures>,
}

/// The parts of the client's capabilities that change what the server sends.
#[derive(Clone, Copy, Debug)]
struct ClientFeatures {
    /// It accepts `client/registerCapability` for `workspace/didChangeWatchedFiles`.
    watches_files: bool,
    /// It renders Markdown hovers (else they are sent as plain text).
    markdown_hovers: bool,
}

impl ClientFeatures {
    fn of(capabilities: &ClientCapabilities) -> ClientFeatures {
        let watches_files = capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        // A client that lists no formats gets Markdown, as most editors render it.
        let markdown_hovers = capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_none_or(|formats| formats.is_empty() || formats.contains(&MarkupKind::Markdown));
        ClientFeatures {
            watches_files,
            markdown_hovers,
        }
    }
}

impl Backend {
    fn new(client: Client, shut_down: Arc<AtomicBool>, stash: Arc<Stash>) -> Backend {
        Backend {
            client,
            ws: Arc::new(Mutex::new(Workspace::default())),
            analysis_thread: Arc::new(AnalysisThread::default()),
            stash,
            shut_down,
            timing: std::env::var_os("REVLINT_LSP_TIMING").is_some(),
            client_features: std::sync::OnceLock::new(),
        }
    }

    /// The state, even after a panic poisoned the lock: every handler leaves it consistent
    /// between statements, and being down is worse.
    fn lock(&self) -> MutexGuard<'_, Workspace> {
        self.ws.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f`, turning a panic into an error that is logged and answered.
    async fn guard<T>(&self, what: &str, f: impl FnOnce() -> T) -> Result<T> {
        let outcome = catch_unwind(AssertUnwindSafe(f));
        self.flush_messages().await;
        match outcome {
            Ok(v) => Ok(v),
            Err(panic) => {
                let text = format!("revlint: {what} panicked: {}", panic_text(&panic));
                self.client.log_message(MessageType::ERROR, &text).await;
                Err(Error {
                    code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                    message: text.into(),
                    data: None,
                })
            }
        }
    }

    async fn flush_messages(&self) {
        let messages = std::mem::take(&mut self.lock().messages);
        for m in messages {
            let kind = match m.level {
                Level::Error => MessageType::ERROR,
                Level::Warning => MessageType::WARNING,
                Level::Info => MessageType::INFO,
            };
            if m.show {
                self.client.show_message(kind, &m.text).await;
            }
            self.client.log_message(kind, &m.text).await;
        }
    }

    fn features(&self) -> ClientFeatures {
        self.client_features.get().copied().unwrap_or(ClientFeatures {
            watches_files: false,
            markdown_hovers: true,
        })
    }

    fn encoding(&self) -> Encoding {
        self.lock().encoding
    }

    /// Analyses now (a typical note) or schedules the off-loop analysis (a large one), then
    /// publishes. `started` is when the triggering message arrived.
    async fn refresh(&self, uri: Uri, started: Instant) {
        let key = uri.as_str().to_string();
        let outcome = self
            .guard("analysis", || {
                let mut ws = self.lock();
                if ws.is_large(&key) {
                    None
                } else {
                    Some(ws.analyse_now(&key))
                }
            })
            .await;
        match outcome {
            Ok(Some(Some(snapshot))) => self.publish(uri, &snapshot, started).await,
            Ok(None) => self.schedule(uri, started),
            _ => {}
        }
    }

    /// Starts the off-loop analysis of a large document unless one is running; that one
    /// re-analyses when it finds its version outdated.
    fn schedule(&self, uri: Uri, started: Instant) {
        let key = uri.as_str().to_string();
        {
            let mut ws = self.lock();
            match ws.docs.get_mut(&key) {
                Some(open) if !open.analysing => open.analysing = true,
                _ => return,
            }
        }
        let this = self.clone();
        tokio::spawn(async move { this.analyse_off_loop(uri, key, started).await });
    }

    async fn analyse_off_loop(&self, uri: Uri, key: String, started: Instant) {
        loop {
            let Some(job) = self.lock().job(&key) else {
                return;
            };
            let snapshot = match self.analysis_thread.run(job).await {
                Ok(s) => Arc::new(s),
                Err(e) => {
                    self.client.log_message(MessageType::ERROR, e).await;
                    self.clear_analysing(&key);
                    return;
                }
            };
            let current = {
                let mut ws = self.lock();
                let stored = ws.store(&key, snapshot.clone());
                if stored {
                    if let Some(open) = ws.docs.get_mut(&key) {
                        open.analysing = false;
                    }
                }
                stored
            };
            if current {
                self.publish(uri, &snapshot, started).await;
                return;
            }
            // Edits arrived meanwhile: this result is dropped; analyse the latest text.
        }
    }

    fn clear_analysing(&self, key: &str) {
        if let Some(open) = self.lock().docs.get_mut(key) {
            open.analysing = false;
        }
    }

    async fn publish(&self, uri: Uri, snapshot: &Snapshot, started: Instant) {
        let (base, root) = {
            let ws = self.lock();
            (ws.settings.docs_base_url.clone(), ws.roots.first().cloned())
        };
        let encoding = self.encoding();
        let converting = Instant::now();
        let diagnostics = if snapshot.checked {
            diagnostics(&uri, snapshot, encoding, base.as_deref(), root.as_deref())
        } else {
            Vec::new()
        };
        if self.timing {
            let t = snapshot.timings;
            eprintln!(
                "revlint-lsp timing: version {} server {} us (text {}, analysis {}, rest {}, diagnostics {} us)",
                snapshot.version,
                started.elapsed().as_micros(),
                t.text.as_micros(),
                t.analysis.as_micros(),
                t.rest.as_micros(),
                converting.elapsed().as_micros(),
            );
        }
        self.client
            .publish_diagnostics(uri, diagnostics, Some(snapshot.version))
            .await;
    }

    async fn refresh_all(&self) {
        let uris: Vec<String> = self.lock().docs.keys().cloned().collect();
        for key in uris {
            if let Ok(uri) = Uri::from_str(&key) {
                self.refresh(uri, Instant::now()).await;
            }
        }
    }

    async fn open_document(&self, uri: Uri, language_id: &str, version: i32, text: &str, started: Instant) {
        let _ = self
            .guard("didOpen", || {
                self.lock()
                    .open(uri.as_str(), path_of(&uri), language_id, version, text)
            })
            .await;
        self.refresh(uri, started).await;
    }

    async fn change_document(&self, uri: Uri, version: i32, changes: Vec<Change>, started: Instant) {
        let applied = self
            .guard("didChange", || self.lock().change(uri.as_str(), version, &changes))
            .await;
        if applied == Ok(true) {
            self.refresh(uri, started).await;
        }
    }

    /// A text the transport stashed; a missing one is logged (the message is then ignored).
    async fn claim(&self, ticket: u64, what: &str) -> Option<String> {
        let text = self.stash.claim(ticket);
        if text.is_none() {
            let message = format!("revlint: the text of a {what} was lost; the message is ignored");
            self.client.log_message(MessageType::ERROR, message).await;
        }
        text
    }

    /// `textDocument/didOpen` whose text the transport stashed.
    async fn did_open_stashed(&self, params: StashedOpen) {
        let started = Instant::now();
        let d = params.text_document;
        if let Some(text) = self.claim(params.stash, "didOpen").await {
            self.open_document(d.uri, &d.language_id, d.version, &text, started)
                .await;
        }
    }

    /// `textDocument/didChange` with some texts stashed by the transport.
    async fn did_change_stashed(&self, params: StashedChange) {
        let started = Instant::now();
        let mut changes = Vec::with_capacity(params.content_changes.len());
        for c in params.content_changes {
            let text = match (c.text, c.stash) {
                (Some(text), _) => text,
                (None, Some(ticket)) => match self.claim(ticket, "didChange").await {
                    Some(text) => text,
                    None => return,
                },
                (None, None) => {
                    let message = "revlint: a didChange content change without text is ignored";
                    self.client.log_message(MessageType::ERROR, message).await;
                    return;
                }
            };
            changes.push(Change {
                range: c.range.map(to_core_range),
                text,
            });
        }
        let d = params.text_document;
        self.change_document(d.uri, d.version, changes, started).await;
    }

    /// The current snapshot of a checked document, for requests.
    fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        self.lock().current(uri.as_str()).filter(|s| s.checked)
    }
}

fn to_core(p: Position) -> position::Position {
    position::Position {
        line: p.line,
        character: p.character,
    }
}

fn to_core_range(r: Range) -> position::Range {
    position::Range {
        start: to_core(r.start),
        end: to_core(r.end),
    }
}

fn to_lsp(p: position::Position) -> Position {
    Position::new(p.line, p.character)
}

fn range_of(snapshot: &Snapshot, span: std::ops::Range<usize>, enc: Encoding) -> Range {
    let r = snapshot.index().range(&snapshot.text, span, enc);
    Range::new(to_lsp(r.start), to_lsp(r.end))
}

fn offset_of(snapshot: &Snapshot, p: Position, enc: Encoding) -> usize {
    snapshot.index().offset(&snapshot.text, to_core(p), enc)
}

/// The message with its paragraph cited once: requirement messages already end with it.
fn with_reference(finding: &crate::rules::Finding) -> String {
    if finding.message.contains(finding.reference) {
        finding.message.clone()
    } else {
        format!("{} ({})", finding.message, finding.reference)
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn diagnostic(
    uri: &Uri,
    snapshot: &Snapshot,
    finding: &crate::Finding,
    enc: Encoding,
    base: Option<&str>,
    root: Option<&std::path::Path>,
) -> Diagnostic {
    let href = Uri::from_str(&settings::rule_page_url(base, root, finding.rule)).ok();
    diagnostic_with(uri, snapshot, finding, enc, href)
}

fn diagnostic_with(
    uri: &Uri,
    snapshot: &Snapshot,
    finding: &crate::Finding,
    enc: Encoding,
    href: Option<Uri>,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range_of(snapshot, r.span.clone(), enc)),
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: range_of(snapshot, finding.span.clone(), enc),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("revlint".into()),
        message: with_reference(finding),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn diagnostics(
    uri: &Uri,
    snapshot: &Snapshot,
    enc: Encoding,
    base: Option<&str>,
    root: Option<&std::path::Path>,
) -> Vec<Diagnostic> {
    // One page URL per rule, not per finding: finding the docs folder touches the disk.
    let mut pages: HashMap<&'static str, Option<Uri>> = HashMap::new();
    snapshot
        .analysis
        .findings
        .iter()
        .map(|f| {
            let href = pages
                .entry(f.rule)
                .or_insert_with(|| Uri::from_str(&settings::rule_page_url(base, root, f.rule)).ok())
                .clone();
            diagnostic_with(uri, snapshot, f, enc, href)
        })
        .collect()
}

fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|list| list.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let _ = self.client_features.set(ClientFeatures::of(&params.capabilities));
        {
            let mut ws = self.lock();
            ws.encoding = encoding;
            let folders = params
                .workspace_folders
                .iter()
                .flatten()
                .filter_map(|f| path_of(&f.uri));
            #[allow(deprecated)]
            let root = params.root_uri.as_ref().and_then(path_of);
            ws.roots = folders.chain(root).collect();
            if let Some(options) = &params.initialization_options {
                ws.set_settings(options);
            }
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![CHECK_DOCUMENT.into(), CHECKLIST.into()],
                    ..Default::default()
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "revlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        self.flush_messages().await;
        if !self.features().watches_files {
            return;
        }
        // Watch revlint.toml. Registering is a request to the client; it runs beside the loop
        // so a client slow to answer holds nothing up.
        let client = self.client.clone();
        tokio::spawn(async move {
            let options = json!({"watchers": [{"globPattern": "**/revlint.toml"}]});
            let registration = Registration {
                id: "revlint-toml".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(options),
            };
            if let Err(e) = client.register_capability(vec![registration]).await {
                client
                    .log_message(
                        MessageType::INFO,
                        format!("revlint: cannot watch revlint.toml ({e}); changes apply when a document is reopened"),
                    )
                    .await;
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        self.open_document(d.uri, &d.language_id, d.version, &d.text, Instant::now())
            .await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let started = Instant::now();
        let changes = params
            .content_changes
            .into_iter()
            .map(|c| Change {
                range: c.range.map(to_core_range),
                text: c.text,
            })
            .collect();
        let d = params.text_document;
        self.change_document(d.uri, d.version, changes, started).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.lock().close(uri.as_str());
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if params.settings.is_null() {
            return;
        }
        let changed = self
            .guard("didChangeConfiguration", || self.lock().set_settings(&params.settings))
            .await;
        if changed == Ok(true) {
            self.refresh_all().await;
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        let _ = self
            .guard("didChangeWatchedFiles", || self.lock().reload_configs())
            .await;
        self.refresh_all().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some(snapshot) = self.snapshot(&p.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let markdown = self.features().markdown_hovers;
        self.guard("hover", || {
            let offset = offset_of(&snapshot, p.position, enc);
            hover::hover(&snapshot.analysis, &snapshot.text, offset).map(|h| Hover {
                contents: HoverContents::Markup(if markdown {
                    MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: h.markdown,
                    }
                } else {
                    MarkupContent {
                        kind: MarkupKind::PlainText,
                        value: hover::plain_text(&h.markdown),
                    }
                }),
                range: Some(range_of(&snapshot, h.span, enc)),
            })
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let (base, root) = {
            let ws = self.lock();
            (ws.settings.docs_base_url.clone(), ws.roots.first().cloned())
        };
        self.guard("codeAction", || {
            let start = offset_of(&snapshot, params.range.start, enc);
            let end = offset_of(&snapshot, params.range.end, enc);
            let found = actions::actions(&snapshot.analysis, &snapshot.text, start.min(end)..start.max(end));
            let response: CodeActionResponse = found
                .into_iter()
                .map(|a| {
                    let edits = a
                        .edits
                        .iter()
                        .map(|e| TextEdit::new(range_of(&snapshot, e.span.clone(), enc), e.new_text.clone()))
                        .collect();
                    let finding = &snapshot.analysis.findings[a.finding];
                    CodeActionOrCommand::CodeAction(CodeAction {
                        title: a.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic(
                            &uri,
                            &snapshot,
                            finding,
                            enc,
                            base.as_deref(),
                            root.as_deref(),
                        )]),
                        edit: Some(WorkspaceEdit {
                            changes: Some(HashMap::from([(uri.clone(), edits)])),
                            ..Default::default()
                        }),
                        is_preferred: Some(a.is_fix),
                        ..Default::default()
                    })
                })
                .collect();
            Some(response)
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snapshot) = self.lock().current(params.text_document.uri.as_str()) else {
            return Ok(None);
        };
        let enc = self.encoding();
        self.guard("documentSymbol", || {
            fn convert(s: symbols::Symbol, snapshot: &Snapshot, enc: Encoding) -> DocumentSymbol {
                #[allow(deprecated)]
                DocumentSymbol {
                    name: s.name,
                    detail: None,
                    kind: SymbolKind::NAMESPACE,
                    tags: None,
                    deprecated: None,
                    range: range_of(snapshot, s.span, enc),
                    selection_range: range_of(snapshot, s.selection, enc),
                    children: Some(s.children.into_iter().map(|c| convert(c, snapshot, enc)).collect()),
                }
            }
            let list = symbols::symbols(&snapshot.analysis.document, &snapshot.text)
                .into_iter()
                .map(|s| convert(s, &snapshot, enc))
                .collect();
            Some(DocumentSymbolResponse::Nested(list))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        if !self.lock().settings.inlay_hints {
            return Ok(None);
        }
        let Some(snapshot) = self.snapshot(&params.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        self.guard("inlayHint", || {
            let start = offset_of(&snapshot, params.range.start, enc);
            let end = offset_of(&snapshot, params.range.end, enc);
            let list = inlay::hints(&snapshot.analysis, start.min(end)..start.max(end))
                .into_iter()
                .map(|h| InlayHint {
                    position: to_lsp(snapshot.index().position(&snapshot.text, h.offset, enc)),
                    label: InlayHintLabel::String(h.label),
                    kind: None,
                    text_edits: None,
                    tooltip: Some(InlayHintTooltip::String(h.tooltip)),
                    padding_left: Some(true),
                    padding_right: None,
                    data: None,
                })
                .collect();
            Some(list)
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri) else {
            return Ok(None);
        };
        self.guard("codeLens", || {
            let c = lens::checklist(&snapshot.analysis, &snapshot.config);
            Some(vec![CodeLens {
                range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                command: Some(Command {
                    title: c.title(),
                    command: CHECKLIST.into(),
                    arguments: Some(vec![json!(uri.as_str())]),
                }),
                data: None,
            }])
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let Some(key) = params.arguments.first().and_then(Value::as_str).map(str::to_string) else {
            return Err(Error::invalid_params(
                "expected the document's URI as the first argument",
            ));
        };
        let Ok(uri) = Uri::from_str(&key) else {
            return Err(Error::invalid_params(format!("not a URI: {key}")));
        };
        match params.command.as_str() {
            CHECK_DOCUMENT => {
                let known = match self.lock().docs.get_mut(uri.as_str()) {
                    Some(open) => {
                        open.forced = true;
                        true
                    }
                    None => false,
                };
                if !known {
                    return Err(Error::invalid_params(format!("{key} is not open")));
                }
                self.refresh(uri, Instant::now()).await;
                Ok(None)
            }
            CHECKLIST => {
                let Some(snapshot) = self.lock().current(uri.as_str()) else {
                    return Ok(None);
                };
                let c = lens::checklist(&snapshot.analysis, &snapshot.config);
                Ok(Some(
                    json!({"title": c.title(), "met": c.met, "total": c.total, "missing": c.missing}),
                ))
            }
            other => Err(Error::invalid_params(format!("unknown command {other}"))),
        }
    }
}
