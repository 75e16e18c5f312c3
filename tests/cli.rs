//! End-to-end tests of the `revlint` binary: formats, exit codes, file discovery, stdin,
//! configuration discovery and overrides, and JSON snapshots of the example and seed notes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_revlint");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }
}

fn revlint_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn revlint");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(input).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for revlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn revlint(args: &[&str]) -> Run {
    revlint_in(Path::new(ROOT), args, None)
}

/// A fresh folder for one test. It holds an empty `revlint.toml` so that configuration discovery
/// stops there and the tests do not depend on the folders above.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    write(&dir, "revlint.toml", "");
    dir
}

/// The scratch notes probe the CLI with the `placeholder` rule; the content rules (a one-line
/// note misses every ASC 606 element) are turned off in each `revlint.toml` a test writes, unless
/// the test sets them itself.
fn only_placeholder(config: &str) -> String {
    let offs: String = revlint::rules::REGISTRY
        .iter()
        .map(|r| r.meta().id)
        .filter(|id| *id != "placeholder" && !config.contains(&format!("{id} =")))
        .map(|id| format!("\"{id}\" = \"off\"\n"))
        .collect();
    match config.find("[rules]\n") {
        Some(at) => format!("{}{offs}{}", &config[..at + 8], &config[at + 8..]),
        None => format!("{config}\n[rules]\n{offs}"),
    }
}

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    let content = content.as_ref();
    let is_valid_config = rel.ends_with("revlint.toml")
        && std::str::from_utf8(content).is_ok_and(|c| toml::from_str::<toml::Table>(c).is_ok());
    if is_valid_config {
        let config = std::str::from_utf8(content).expect("checked");
        std::fs::write(&path, only_placeholder(config)).expect("write file");
    } else {
        std::fs::write(&path, content).expect("write file");
    }
    path
}

const DRAFT: &str = "examples/revenue-note-10q-draft.md";
const CLEAN: &str = "examples/revenue-note-10k.md";
/// A note line with one placeholder, after an emoji and a curly quote (multi-unit in UTF-16).
const PLACEHOLDER_NOTE: &str = "# Revenue\n\n😀 “Deferred revenue” was $[X] million.\n";

// ---- formats -------------------------------------------------------------------------------

#[test]
fn text_output_shows_location_rule_source_line_marker_and_summary() {
    let run = revlint(&["check", DRAFT]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let first = run.stdout.lines().next().unwrap_or_default();
    let prefix = format!("{DRAFT}:");
    assert!(first.starts_with(&prefix), "first line: {first}");
    assert!(run.stdout.contains(": error[placeholder] "), "{}", run.stdout);
    assert!(run.stdout.contains(" | $[•] million and $231.4 million, respectively."));
    assert!(run.stdout.contains("^^^"));
    assert!(run.stdout.contains("= reference: Regulation S-X 4-01(a)"));
    let summary = run.stdout.lines().last().unwrap_or_default();
    assert!(
        summary.contains(" error") && summary.ends_with(" in 1 file"),
        "summary: {summary}"
    );
    assert!(!run.stdout.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn text_columns_count_characters_and_json_counts_utf16_units() {
    let dir = scratch("columns");
    write(&dir, "note.md", PLACEHOLDER_NOTE);
    let text = revlint_in(&dir, &["check", "note.md"], None);
    // "😀 “Deferred revenue” was $" is 26 characters: `[X]` is at character column 27.
    assert!(
        text.stdout.starts_with("note.md:3:27: error[placeholder]"),
        "{}",
        text.stdout
    );
    let json = revlint_in(&dir, &["check", "--format", "json", "note.md"], None).json();
    let range = &json["files"][0]["diagnostics"][0]["range"];
    // The emoji is two UTF-16 units: one more than its character count.
    assert_eq!(range["start"], serde_json::json!({"line": 2, "character": 27}));
    assert_eq!(range["end"], serde_json::json!({"line": 2, "character": 30}));
}

#[test]
fn json_output_has_the_documented_shape() {
    let run = revlint(&["check", "--format", "json", DRAFT, CLEAN]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["version"], 1);
    let files = json["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], DRAFT);
    assert_eq!(files[1]["path"], CLEAN);
    let period = &files[0]["period"];
    assert_eq!(period["kind"], "interim");
    assert_eq!(period["end"], "2025-06-30");
    assert!(period["months"].is_u64());
    assert_eq!(files[1]["period"]["kind"], "annual");
    for file in files {
        let keys: Vec<&str> = file.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        for fact in file["facts"].as_array().expect("facts") {
            assert!(fact["concept"].is_string() || fact["concept"].is_null());
            assert!(fact["value"].is_number());
            let unit = fact["unit"].as_str().expect("unit");
            assert!(unit == "USD" || unit == "pure");
            assert_eq!(fact["scale_stated"].is_boolean(), unit == "USD");
            assert!(fact.get("date").is_some() != (fact.get("start").is_some() && fact.get("end").is_some()));
            assert!(fact["text"].is_string());
            assert_range(&fact["range"]);
        }
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            assert!(d["rule"].is_string() && d["message"].is_string() && d["reference"].is_string());
            assert!(["error", "warning", "info", "hint"].contains(&d["severity"].as_str().unwrap_or("")));
            assert_range(&d["range"]);
        }
    }
}

fn assert_range(range: &Value) {
    for end in ["start", "end"] {
        assert!(range[end]["line"].is_u64(), "{range}");
        assert!(range[end]["character"].is_u64(), "{range}");
    }
}

#[test]
fn sarif_output_is_a_valid_sarif_2_1_0_log() {
    let run = revlint(&["check", "--format", "sarif", DRAFT, CLEAN]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log = run.json();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap_or("").contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "revlint");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), rules.len());
    assert!(ids.contains(&"placeholder"));
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string());
        let id = rule["id"].as_str().unwrap_or_default();
        // The rule's page travels inside the log; a link is added only when Cargo.toml names
        // a repository to link to.
        let help = rule["help"]["markdown"].as_str().unwrap_or_default();
        assert!(help.contains("## What it checks"), "{id}: {help}");
        if let Some(uri) = rule["helpUri"].as_str() {
            assert!(uri.ends_with(&format!("docs/rules/{id}.md")), "{uri}");
            assert!(uri.contains("://"), "helpUri must be absolute: {uri}");
        }
        assert!(rule["properties"]["reference"].is_string());
    }
    let results = runs[0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], id);
        assert!(["error", "warning", "note", "none"].contains(&result["level"].as_str().unwrap_or("")));
        assert!(result["message"]["text"].is_string());
        let location = &result["locations"][0]["physicalLocation"];
        assert!(location["artifactLocation"]["uri"]
            .as_str()
            .expect("uri")
            .starts_with("examples/"));
        let region = &location["region"];
        assert!(region["startLine"].as_u64().expect("startLine") >= 1);
        assert!(region["startColumn"].as_u64().expect("startColumn") >= 1);
    }
    assert_eq!(runs[0]["invocations"][0]["executionSuccessful"], true);
}

// ---- exit codes and unreadable input -------------------------------------------------------

#[test]
fn exit_code_is_0_without_errors_and_1_with_errors() {
    let dir = scratch("exit-codes");
    write(
        &dir,
        "clean.md",
        "# Revenue\n\nRevenue was $5.0 million for the year.\n",
    );
    write(&dir, "draft.md", PLACEHOLDER_NOTE);
    assert_eq!(revlint_in(&dir, &["check", "clean.md"], None).code, 0);
    assert_eq!(revlint_in(&dir, &["check", "draft.md"], None).code, 1);
    assert_eq!(revlint_in(&dir, &["check", "clean.md", "draft.md"], None).code, 1);
    // Warnings alone do not fail a check.
    write(&dir, "revlint.toml", "[rules]\nplaceholder = \"warning\"\n");
    let run = revlint_in(&dir, &["check", "draft.md"], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("warning[placeholder]"));
}

#[test]
fn invalid_utf8_is_named_and_the_other_files_are_still_checked() {
    let dir = scratch("invalid-utf8");
    write(&dir, "notes/a.md", PLACEHOLDER_NOTE);
    write(&dir, "notes/b.txt", b"Revenue was \xff$5 million.\n");
    write(&dir, "notes/c.md", "# Revenue\n\nNothing to see.\n");
    let run = revlint_in(&dir, &["check", "--format", "json", "notes"], None);
    assert_eq!(run.code, 2, "an unreadable file wins over findings");
    assert!(
        run.stderr
            .contains("revlint: notes/b.txt: not valid UTF-8 (byte 0xff at offset 12)"),
        "{}",
        run.stderr
    );
    let paths: Vec<String> = run.json()["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(paths, ["notes/a.md", "notes/c.md"]);
}

#[test]
fn a_missing_path_is_named_and_the_others_are_still_checked() {
    let dir = scratch("missing-path");
    write(&dir, "draft.md", PLACEHOLDER_NOTE);
    let run = revlint_in(&dir, &["check", "nowhere.md", "draft.md"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("revlint: nowhere.md: no such file or folder"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("draft.md:3:"), "{}", run.stdout);
    assert!(run.stdout.contains("1 path could not be checked"), "{}", run.stdout);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(revlint(&["check"]).code, 2);
    let bad_form = revlint(&["check", "--form", "8-K", CLEAN]);
    assert_eq!(bad_form.code, 2);
    assert!(bad_form.stderr.contains("10-K or 10-Q"), "{}", bad_form.stderr);
    assert_eq!(revlint(&["check", "--period-end", "June 30", CLEAN]).code, 2);
    assert_eq!(revlint(&["check", "--format", "xml", CLEAN]).code, 2);
    assert_eq!(revlint(&["frobnicate"]).code, 2);
    let help = revlint(&["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--period-end"));
}

// ---- discovery and stdin -------------------------------------------------------------------

#[test]
fn folders_are_searched_recursively_for_notes_in_sorted_order() {
    let dir = scratch("folders");
    for rel in [
        "notes/b.txt",
        "notes/a.md",
        "notes/q3/z.markdown",
        "notes/q3/deep/y.txt",
        "notes/data.csv",
        "notes/.hidden/x.md",
    ] {
        write(&dir, rel, "# Revenue\n\nRevenue was $5.0 million.\n");
    }
    let run = revlint_in(&dir, &["check", "--format", "json", "notes"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let paths: Vec<String> = run.json()["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "notes/a.md",
            "notes/b.txt",
            "notes/q3/z.markdown",
            "notes/q3/deep/y.txt"
        ]
    );
}

#[test]
fn stdin_is_read_with_dash_and_named_by_stdin_filename() {
    let dir = scratch("stdin");
    let run = revlint_in(
        &dir,
        &["check", "--format", "json", "-"],
        Some(PLACEHOLDER_NOTE.as_bytes()),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["files"][0]["path"], "<stdin>");
    assert_eq!(json["files"][0]["diagnostics"][0]["rule"], "placeholder");

    // The name is reported, and its folder's revlint.toml governs the text.
    write(&dir, "notes/revlint.toml", "[rules]\nplaceholder = \"warning\"\n");
    let named = revlint_in(
        &dir,
        &["check", "--format", "json", "--stdin-filename", "notes/q2.md", "-"],
        Some(PLACEHOLDER_NOTE.as_bytes()),
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    let json = named.json();
    assert_eq!(json["files"][0]["path"], "notes/q2.md");
    assert_eq!(json["files"][0]["diagnostics"][0]["severity"], "warning");
}

#[test]
fn inline_suppression_on_its_own_line_works_in_plain_text() {
    let dir = scratch("suppression");
    write(
        &dir,
        "note.txt",
        format!("revlint-disable: placeholder\n{PLACEHOLDER_NOTE}"),
    );
    write(&dir, "other.txt", PLACEHOLDER_NOTE);
    assert_eq!(revlint_in(&dir, &["check", "note.txt"], None).code, 0);
    assert_eq!(revlint_in(&dir, &["check", "other.txt"], None).code, 1);
}

// ---- configuration -------------------------------------------------------------------------

#[test]
fn nearest_revlint_toml_governs_each_note_and_flags_override_it() {
    let dir = scratch("config-discovery");
    write(&dir, "revlint.toml", "form = \"10-Q\"\nperiod_end = \"2025-06-30\"\n");
    write(&dir, "q2/note.md", "# Revenue\n\nRevenue was $5.0 million.\n");
    write(
        &dir,
        "fy/revlint.toml",
        "form = \"10-K\"\nperiod_end = \"2024-12-31\"\n",
    );
    write(&dir, "fy/deeper/note.md", "# Revenue\n\nRevenue was $5.0 million.\n");

    let run = revlint_in(&dir, &["check", "--format", "json", "q2", "fy"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["files"][0]["path"], "q2/note.md");
    assert_eq!(json["files"][0]["period"]["kind"], "interim");
    assert_eq!(json["files"][0]["period"]["end"], "2025-06-30");
    assert_eq!(json["files"][1]["path"], "fy/deeper/note.md");
    assert_eq!(
        json["files"][1]["period"],
        serde_json::json!({"kind": "annual", "months": 12, "end": "2024-12-31"})
    );

    // Found from inside a subfolder too, and from above the working folder.
    let inner = revlint_in(&dir.join("fy/deeper"), &["check", "--format", "json", "note.md"], None).json();
    assert_eq!(inner["files"][0]["period"]["kind"], "annual");

    let flags = revlint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--form",
            "10-K",
            "--period-end",
            "2025-03-31",
            "q2/note.md",
        ],
        None,
    )
    .json();
    assert_eq!(
        flags["files"][0]["period"],
        serde_json::json!({"kind": "annual", "months": 12, "end": "2025-03-31"})
    );
}

#[test]
fn an_explicit_config_replaces_discovery() {
    let dir = scratch("explicit-config");
    write(&dir, "revlint.toml", "[rules]\nplaceholder = \"off\"\n");
    write(&dir, "strict.toml", "[rules]\nplaceholder = \"error\"\n");
    write(&dir, "note.md", PLACEHOLDER_NOTE);
    assert_eq!(revlint_in(&dir, &["check", "note.md"], None).code, 0);
    assert_eq!(
        revlint_in(&dir, &["check", "--config", "strict.toml", "note.md"], None).code,
        1
    );
    let missing = revlint_in(&dir, &["check", "--config", "nope.toml", "note.md"], None);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nope.toml"), "{}", missing.stderr);
}

#[test]
fn a_broken_config_is_an_error_naming_the_file() {
    let dir = scratch("broken-config");
    write(&dir, "bad/revlint.toml", "form = \"8-K\"\n");
    write(&dir, "bad/note.md", PLACEHOLDER_NOTE);
    write(&dir, "bad/other.md", PLACEHOLDER_NOTE);
    write(&dir, "good/note.md", "# Revenue\n\nRevenue was $5.0 million.\n");
    let run = revlint_in(&dir, &["check", "--format", "json", "bad", "good"], None);
    assert_eq!(run.code, 2);
    let expected = format!(
        "revlint: {}: invalid configuration: form",
        Path::new("bad").join("revlint.toml").display()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("invalid configuration").count(),
        1,
        "named once: {}",
        run.stderr
    );
    // Notes under the broken file are not checked; the others are.
    let json = run.json();
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["files"][0]["path"], "good/note.md");

    write(&dir, "bad/revlint.toml", "[rules\n");
    let syntax = revlint_in(&dir, &["check", "bad"], None);
    assert_eq!(syntax.code, 2);
    assert!(
        syntax.stderr.contains("revlint.toml: invalid configuration"),
        "{}",
        syntax.stderr
    );
}

#[test]
fn form_and_period_end_set_the_json_period() {
    let dir = scratch("form-period");
    write(&dir, "note.txt", "Revenue\n\nDeferred revenue was $5.0 million.\n");
    let period = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("note.txt");
        revlint_in(&dir, &all, None).json()["files"][0]["period"].clone()
    };
    assert_eq!(
        period(&[]),
        serde_json::json!({"kind": null, "months": null, "end": null})
    );
    assert_eq!(
        period(&["--form", "10-Q", "--period-end", "2025-06-30"]),
        serde_json::json!({"kind": "interim", "months": null, "end": "2025-06-30"})
    );
    assert_eq!(
        period(&["--form", "10-k"]),
        serde_json::json!({"kind": "annual", "months": 12, "end": null})
    );
    // A 10-Q keeps the months the note states.
    write(
        &dir,
        "note.txt",
        "For the nine months ended September 30, 2024, revenue was $5.0 million.\n",
    );
    assert_eq!(
        period(&["--form", "10-Q"]),
        serde_json::json!({"kind": "interim", "months": 9, "end": "2024-09-30"})
    );
}

// ---- other commands ------------------------------------------------------------------------

#[test]
fn rules_lists_every_rule_and_prints_one_rules_doc() {
    let list = revlint(&["rules"]);
    assert_eq!(list.code, 0);
    assert!(list.stdout.starts_with("ID"));
    let line = list
        .stdout
        .lines()
        .find(|l| l.starts_with("placeholder "))
        .expect("placeholder listed");
    assert!(
        line.contains("hygiene") && line.contains("Regulation S-X 4-01(a)"),
        "{line}"
    );

    let doc = revlint(&["rules", "placeholder"]);
    assert_eq!(doc.code, 0);
    assert!(doc.stdout.lines().any(|l| l == "## What it checks"), "{}", doc.stdout);
    let unknown = revlint(&["rules", "no-such-rule"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("placeholder"),
        "lists the known rules: {}",
        unknown.stderr
    );
}

#[test]
fn lsp_accepts_the_stdio_flag() {
    // With stdin closed at once, the server ends (its exit code is the LSP module's business);
    // this only checks that the command line takes `--stdio`.
    let mut child = Command::new(BIN)
        .args(["lsp", "--stdio"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn revlint lsp");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("wait for revlint lsp");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
    assert_ne!(out.status.code(), Some(2), "not a usage error: {stderr}");
}

// ---- snapshots -----------------------------------------------------------------------------

/// The JSON report exactly as printed (its key order is part of the contract's look).
fn json_of(cwd: &Path, path: &str) -> String {
    let run = revlint_in(cwd, &["check", "--format", "json", path], None);
    assert!(
        run.code == 0 || run.code == 1,
        "{path}: exit {}: {}",
        run.code,
        run.stderr
    );
    run.json();
    run.stdout
}

#[test]
fn snapshots_of_the_example_notes() {
    let mut examples: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("examples"))
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "txt"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 2);
    for path in examples {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let rel = format!("examples/{}", path.file_name().unwrap_or_default().to_string_lossy());
        insta::assert_snapshot!(format!("example-{name}"), json_of(Path::new(ROOT), &rel));
    }
}

#[test]
fn the_clean_example_passes() {
    let run = revlint(&["check", CLEAN]);
    assert_eq!(run.code, 0, "the 10-K example is meant to pass:\n{}", run.stdout);
}

#[test]
fn snapshots_of_the_seed_notes() {
    let seeds = Path::new(ROOT).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        println!("notice: {} not found; seed snapshots skipped", seeds.display());
        return;
    };
    let mut notes: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    notes.sort();
    for path in notes {
        let file = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        // "004_589f38603e12abfa.txt" → "seed-004".
        let number = file.split('_').next().unwrap_or(&file).to_string();
        let value = json_of(&seeds, &file);
        insta::assert_snapshot!(format!("seed-{number}"), value);
    }
}
