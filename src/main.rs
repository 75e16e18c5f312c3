//! The `revlint` binary: `check` (text, JSON, SARIF), `lsp` and `rules`. See `src/cli`.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
