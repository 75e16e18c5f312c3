//! `docs/rules/ID.md` and `docs/rules/README.md` are generated from the rules' doc comments.
//! `docs_are_current` fails when a committed page differs; `REVLINT_BLESS=1` rewrites them.

use std::path::Path;

use revlint::rules::{render_doc, render_index, REGISTRY};

#[test]
fn docs_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let bless = std::env::var_os("REVLINT_BLESS").is_some_and(|v| v == "1");
    let mut pages: Vec<(String, String)> = REGISTRY
        .iter()
        .map(|r| (format!("{}.md", r.meta().id), render_doc(r.meta())))
        .collect();
    pages.push(("README.md".to_string(), render_index()));
    let mut stale = Vec::new();
    if bless {
        std::fs::create_dir_all(&dir).expect("create docs/rules");
    }
    for (name, page) in &pages {
        let path = dir.join(name);
        if bless {
            std::fs::write(&path, page).expect("write rule page");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            stale.push(name.clone());
        }
    }
    // No page for a rule that no longer exists.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && !pages.iter().any(|(n, _)| *n == name) {
                stale.push(format!("{name} (no such rule)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is out of date: {stale:?}; run `REVLINT_BLESS=1 cargo test --test rules_docs`"
    );
}
