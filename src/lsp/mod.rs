//! The language server shell (to be built): `revlint lsp`.

/// Runs the server over stdio until `exit`; returns the process exit code.
pub fn run() -> i32 {
    eprintln!("revlint lsp: not built yet");
    1
}
