//! SARIF 2.1.0 output for code-scanning tools: one run, every rule described in
//! `tool.driver.rules`, one result per finding. Columns count UTF-16 code units (SARIF's default
//! `columnKind`), 1-based.

use serde_json::{json, Value};

use revlint::position::Encoding;
use revlint::rules::{RuleMeta, REGISTRY};
use revlint::Severity;

use super::check::Checked;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The repository named in Cargo.toml, if any. Without one, rules carry their help text only:
/// a link to nowhere would be worse than none.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where a rule's page lives: `docs/rules/ID.md` in the repository.
fn help_uri(id: &str) -> Option<String> {
    (!REPOSITORY.is_empty()).then(|| format!("{REPOSITORY}/blob/main/docs/rules/{id}.md"))
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let mut rule = json!({
        "id": meta.id,
        "name": meta.id,
        "shortDescription": { "text": meta.summary },
        "fullDescription": { "text": meta.summary },
        "help": { "text": super::rule_doc(meta), "markdown": super::rule_doc(meta) },
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": {
            "category": super::category_name(meta.category),
            "reference": meta.reference,
            "tags": ["asc-606", super::category_name(meta.category)],
        },
    });
    if let Some(uri) = help_uri(meta.id) {
        rule["helpUri"] = json!(uri);
    }
    rule
}

/// A path as a URI reference: forward slashes, and anything outside the unreserved
/// and path characters percent-encoded.
fn path_uri(path: &str) -> String {
    // An absolute path becomes a file URI; a relative one stays relative to the working folder.
    let mut uri = String::from(if path.starts_with('/') { "file://" } else { "" });
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

pub fn render(files: &[Checked], trouble: &[String]) -> String {
    let rule_index = |id: &str| REGISTRY.iter().position(|r| r.meta().id == id);
    let mut results = Vec::new();
    for file in files {
        let uri = path_uri(file.display.trim_start_matches("./"));
        for f in &file.analysis.findings {
            let range = file.lines.range(&file.text, f.span.clone(), Encoding::Utf16);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": range.start.line + 1,
                            "startColumn": range.start.character + 1,
                            "endLine": range.end.line + 1,
                            "endColumn": range.end.character + 1,
                            "snippet": { "text": file.text.get(f.span.clone()).unwrap_or("") },
                        },
                    },
                }],
                "properties": { "reference": f.reference },
            });
            if let Some(i) = rule_index(f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !f.related.is_empty() {
                result["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let range = file.lines.range(&file.text, r.span.clone(), Encoding::Utf16);
                        json!({
                            "id": i,
                            "message": { "text": r.message },
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri },
                                "region": {
                                    "startLine": range.start.line + 1,
                                    "startColumn": range.start.character + 1,
                                },
                            },
                        })
                    })
                    .collect();
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = trouble
        .iter()
        .map(|t| json!({ "level": "error", "message": { "text": t } }))
        .collect();
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "revlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": REGISTRY.iter().map(|r| rule_descriptor(r.meta())).collect::<Vec<_>>(),
                },
            },
            "invocations": [{
                "executionSuccessful": trouble.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    if !REPOSITORY.is_empty() {
        log["runs"][0]["tool"]["driver"]["informationUri"] = json!(REPOSITORY);
    }
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("notes/q2 draft.md"), "notes/q2%20draft.md");
        assert_eq!(path_uri("a\\b#c.txt"), "a/b%23c.txt");
        assert_eq!(path_uri("é.md"), "%C3%A9.md");
        assert_eq!(path_uri("/tmp/n.md"), "file:///tmp/n.md");
    }
}
