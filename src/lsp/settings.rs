//! Settings: what the editor sends (`initializationOptions`, `workspace/didChangeConfiguration`)
//! over what `revlint.toml` says, and which documents are revenue notes.
//!
//! Editor settings are JSON, either flat or under a `revlint` key:
//! `{"form": "10-Q", "periodEnd": "2025-06-30", "entity": "nonpublic",
//!   "rules": {"mixed-terms": "off"}, "include": ["**/notes/*.md"], "inlayHints": false,
//!   "docsBaseUrl": "https://example.com/revlint/docs/rules/"}`
//! (`severities` is accepted for `rules`, and snake_case for the camelCase keys).

use std::path::Path;

use globset::{GlobBuilder, GlobSetBuilder};
use serde_json::Value;

use crate::config::{Config, Entity, Form, RuleLevel};
use crate::date::Date;
use crate::reader::{BlockKind, Document, Format};

/// Include globs when neither `revlint.toml` nor the editor gives any: a file whose name
/// mentions revenue.
pub const DEFAULT_INCLUDE: &[&str] = &["**/*revenue*"];

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Overrides of `revlint.toml` (empty fields leave the file's values).
    pub overrides: Config,
    pub inlay_hints: bool,
    /// Where rule pages live: `<base>RULE.md`. `None`: the default (see [`rule_page_url`]).
    pub docs_base_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            overrides: Config::default(),
            inlay_hints: true,
            docs_base_url: None,
        }
    }
}

impl Settings {
    /// Parses editor settings. Unknown keys are ignored (editors send their own); a bad value is
    /// an error naming the key.
    pub fn from_json(value: &Value) -> Result<Settings, String> {
        let v = value.get("revlint").unwrap_or(value);
        let mut s = Settings::default();
        if v.is_null() {
            return Ok(s);
        }
        if !v.is_object() {
            return Err("settings: expected an object".into());
        }
        let get = |camel: &str, snake: &str| v.get(camel).or_else(|| v.get(snake)).filter(|x| !x.is_null());
        if let Some(f) = get("form", "form") {
            let text = f.as_str().unwrap_or_default();
            s.overrides.form =
                Some(Form::parse(text).ok_or_else(|| format!("form = {f}: expected \"10-K\" or \"10-Q\""))?);
        }
        if let Some(p) = get("periodEnd", "period_end") {
            let text = p.as_str().unwrap_or_default();
            s.overrides.period_end =
                Some(Date::parse_iso(text).ok_or_else(|| format!("periodEnd = {p}: expected YYYY-MM-DD"))?);
        }
        if let Some(e) = get("entity", "entity") {
            s.overrides.entity = match e.as_str() {
                Some("public") => Entity::Public,
                Some("nonpublic") => Entity::Nonpublic,
                _ => return Err(format!("entity = {e}: expected \"public\" or \"nonpublic\"")),
            };
        }
        if let Some(rules) = get("rules", "severities") {
            let map = rules
                .as_object()
                .ok_or("rules: expected an object of rule id → level")?;
            for (id, level) in map {
                if crate::rules::find(id).is_none() {
                    return Err(format!("rules.{id}: no such rule"));
                }
                let parsed = level.as_str().and_then(RuleLevel::parse).ok_or_else(|| {
                    format!("rules.{id} = {level}: expected \"error\", \"warning\", \"info\", \"hint\" or \"off\"")
                })?;
                s.overrides.rules.insert(id.clone(), parsed);
            }
        }
        if let Some(globs) = get("include", "include") {
            let list = globs.as_array().ok_or("include: expected a list of globs")?;
            for g in list {
                let g = g.as_str().ok_or("include: expected a list of strings")?;
                GlobBuilder::new(g).build().map_err(|e| format!("include {g:?}: {e}"))?;
                s.overrides.include.push(g.to_string());
            }
        }
        if let Some(b) = get("inlayHints", "inlay_hints") {
            s.inlay_hints = match b {
                Value::Bool(b) => *b,
                Value::Object(o) => o.get("enabled").and_then(Value::as_bool).unwrap_or(true),
                _ => return Err(format!("inlayHints = {b}: expected true or false")),
            };
        }
        if let Some(u) = get("docsBaseUrl", "docs_base_url") {
            s.docs_base_url = Some(u.as_str().ok_or("docsBaseUrl: expected a string")?.to_string());
        }
        Ok(s)
    }
}

/// Whether `path` matches the include globs (the defaults when `globs` is empty). Globs are
/// matched case-insensitively against the whole path and against the path relative to `base`
/// (the folder of `revlint.toml`, else the workspace root).
pub fn is_included(globs: &[String], path: &Path, base: Option<&Path>) -> bool {
    let mut builder = GlobSetBuilder::new();
    let defaults: Vec<String> = DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect();
    for g in if globs.is_empty() { &defaults } else { globs } {
        if let Ok(glob) = GlobBuilder::new(g)
            .case_insensitive(true)
            .literal_separator(false)
            .build()
        {
            builder.add(glob);
        }
    }
    let Ok(set) = builder.build() else {
        return false;
    };
    if set.is_match(path) {
        return true;
    }
    base.and_then(|b| path.strip_prefix(b).ok())
        .is_some_and(|rel| set.is_match(rel))
}

/// A README is documentation, not a note, whatever it mentions.
pub fn is_readme(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().starts_with("readme"))
}

/// Whether the text itself says it is a revenue note: an R-page header, or a first heading (or
/// first line) about revenue ("10. Revenue", "Note 3 — Revenue Recognition").
pub fn looks_like_revenue_note(text: &str, doc: &Document) -> bool {
    if doc.format == Format::RPage {
        return true;
    }
    let first_heading = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .and_then(|b| text.get(b.span.clone()));
    let first_line = text
        .get(doc.body.clone())
        .unwrap_or("")
        .lines()
        .map(|l| l.trim_start_matches(['#', ' ', '\t']))
        .find(|l| !l.trim().is_empty());
    [first_heading, first_line]
        .into_iter()
        .flatten()
        .any(|t| t.len() < 200 && t.to_lowercase().contains("revenue"))
}

/// The page documenting `rule`: `<base>RULE.md`. The default base is the `docs/rules/` folder
/// of the workspace when it has one, else of the source tree revlint was built from, as a
/// `file://` URL.
pub fn rule_page_url(base: Option<&str>, workspace: Option<&Path>, rule: &str) -> String {
    if let Some(b) = base {
        let sep = if b.ends_with('/') { "" } else { "/" };
        return format!("{b}{sep}{rule}.md");
    }
    let dir = workspace
        .map(|w| w.join("docs/rules"))
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules"));
    format!("file://{}/{rule}.md", dir.display())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_editor_settings_flat_or_nested() {
        let s = Settings::from_json(&json!({"revlint": {"form": "10-Q", "periodEnd": "2025-06-30",
            "rules": {"placeholder": "warning"}, "inlayHints": false, "include": ["notes/*.md"]}}))
        .unwrap();
        assert_eq!(s.overrides.form, Some(Form::TenQ));
        assert_eq!(s.overrides.period_end, Date::new(2025, 6, 30));
        assert_eq!(
            s.overrides.rules["placeholder"],
            RuleLevel::On(crate::rules::Severity::Warning)
        );
        assert!(!s.inlay_hints);
        assert_eq!(Settings::from_json(&Value::Null).unwrap(), Settings::default());
        assert!(Settings::from_json(&json!({"form": "8-K"}))
            .unwrap_err()
            .contains("form"));
        assert!(Settings::from_json(&json!({"rules": {"nope": "off"}}))
            .unwrap_err()
            .contains("nope"));
    }

    #[test]
    fn include_defaults_to_revenue_in_the_name() {
        assert!(is_included(&[], Path::new("/w/notes/Revenue-Q2.md"), None));
        assert!(!is_included(&[], Path::new("/w/notes/leases.md"), None));
        let globs = vec!["notes/*.md".to_string()];
        assert!(is_included(
            &globs,
            Path::new("/w/notes/leases.md"),
            Some(Path::new("/w"))
        ));
        assert!(is_readme(Path::new("/w/README.md")));
    }

    #[test]
    fn recognises_a_note_by_its_heading() {
        let note = "# Note 3 — Revenue Recognition\n\nText.";
        assert!(looks_like_revenue_note(note, &Document::read(note, true)));
        let readme = "# revlint\n\nA linter.";
        assert!(!looks_like_revenue_note(readme, &Document::read(readme, true)));
    }
}
