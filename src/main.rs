fn main() {
    std::process::exit(revlint::lsp::run());
}
