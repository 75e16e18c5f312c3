// Unit tests of the extension's plain modules (no `vscode` API): where the server binary comes
// from, and the settings object sent to the server. Run with `npm run test:unit`.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import test from "node:test";

const require = createRequire(import.meta.url);
const { findServer } = require("../../out/unit/server-path.js");
const { serverSettings } = require("../../out/unit/settings.js");

const settings = (values) => ({ get: (key) => values[key] });

function executable(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("revlint.path wins over the bundled binary and PATH", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "revlint-unit-"));
  const configured = executable(path.join(dir, "custom", "revlint"));
  executable(path.join(dir, "ext", "bin", "revlint"));
  const found = findServer(path.join(dir, "ext"), settings({ path: configured }));
  assert.deepEqual(found, { kind: "found", command: configured, source: "setting" });
});

test("a relative revlint.path is taken from the workspace folder", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "revlint-unit-"));
  const binary = executable(path.join(dir, "target", "release", "revlint"));
  const found = findServer("/nonexistent", settings({ path: "${workspaceFolder}/target/release/revlint" }), dir);
  assert.equal(found.command, binary);
  assert.equal(findServer("/nonexistent", settings({ path: "target/release/revlint" }), dir).command, binary);
});

test("a revlint.path that is not executable is reported, not silently replaced", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "revlint-unit-"));
  executable(path.join(dir, "ext", "bin", "revlint"));
  const found = findServer(path.join(dir, "ext"), settings({ path: path.join(dir, "missing") }));
  assert.equal(found.kind, "missing");
  assert.match(found.reason, /revlint\.path/);
});

test("the bundled binary comes before PATH, and PATH is the last resort", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "revlint-unit-"));
  const bundled = executable(path.join(dir, "ext", "bin", "revlint"));
  const onPath = executable(path.join(dir, "path-dir", "revlint"));
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(dir, "path-dir");
  try {
    assert.equal(findServer(path.join(dir, "ext"), settings({})).source, "bundled");
    assert.equal(findServer(path.join(dir, "ext"), settings({})).command, bundled);
    const fromPath = findServer(path.join(dir, "no-ext"), settings({ path: "" }));
    assert.deepEqual(fromPath, { kind: "found", command: onPath, source: "PATH" });
    process.env.PATH = path.join(dir, "empty");
    assert.equal(findServer(path.join(dir, "no-ext"), settings({})).kind, "missing");
  } finally {
    process.env.PATH = savedPath;
  }
});

test("settings map to the server's configuration object", () => {
  assert.deepEqual(
    serverSettings(
      settings({
        form: "10-Q",
        periodEnd: "2025-06-30",
        entity: "nonpublic",
        rules: { placeholder: "Warning", "rpo-timing": "off", typo: "loud" },
        include: ["notes/*.md", "", 3],
        inlayHints: false,
      }),
    ),
    {
      form: "10-Q",
      periodEnd: "2025-06-30",
      entity: "nonpublic",
      rules: { placeholder: "warning", "rpo-timing": "off" },
      include: ["notes/*.md"],
      inlayHints: false,
    },
  );
});

test("defaults leave form and period to the note", () => {
  assert.deepEqual(serverSettings(settings({ form: "auto", periodEnd: "June 30" })), {
    form: null,
    periodEnd: null,
    entity: "public",
    rules: {},
    include: [],
    inlayHints: true,
  });
});
