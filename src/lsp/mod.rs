//! The language server: `revlint lsp [--stdio]`.
//!
//! Only `server` knows LSP; the other modules work in core types (byte offsets, strings):
//! [`documents`] (ropes, incremental edits), [`state`] (open documents, analyses, settings),
//! [`hover`], [`actions`], [`symbols`], [`inlay`], [`lens`], [`settings`].
//!
//! Rule pages in diagnostics (`codeDescription.href`) point at `<docsBaseUrl>RULE.md`; the
//! default is the `docs/rules/` folder of the workspace if it has one, else of revlint's own
//! source tree, as a `file://` URL. Set `docsBaseUrl` in the editor settings to point elsewhere
//! (for example a repository's web view).

pub mod actions;
pub mod documents;
pub mod format;
pub mod hover;
pub mod inlay;
pub mod lens;
mod server;
pub mod settings;
pub mod state;
pub mod symbols;
mod transport;

/// Runs the server over stdio until `exit`; returns the process exit code: 0 when `shutdown`
/// came before `exit`, 1 otherwise (as LSP specifies).
pub fn run() -> i32 {
    if server::serve_stdio() {
        0
    } else {
        1
    }
}
