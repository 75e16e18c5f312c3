// Test-only extension, run inside a real VS Code (code-server) beside the packaged revlint
// extension. It reads `revlint-test.json` at the workspace root, opens the note, and records
// what VS Code's own APIs report: diagnostics, hover, code lenses, symbols, inlay hints, code
// actions and commands. It judges nothing; test/run.mjs checks the result file.
"use strict";

const fs = require("fs");
const path = require("path");
const vscode = require("vscode");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(100);
  }
}

function markdownText(contents) {
  return contents
    .map((part) => (typeof part === "string" ? part : part.value !== undefined ? part.value : String(part)))
    .join("\n");
}

function plainRange(range) {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

function plainSymbols(symbols) {
  return (symbols || []).map((s) => ({
    name: s.name,
    kind: vscode.SymbolKind[s.kind],
    children: plainSymbols(s.children),
  }));
}

async function runTest(request, result) {
  const started = Date.now();
  const mark = (name) => {
    result.timings[name] = Date.now() - started;
  };
  const folder = vscode.workspace.workspaceFolders[0].uri;
  const uri = vscode.Uri.joinPath(folder, request.note);

  const revlint = vscode.extensions.getExtension("revlint.revlint");
  result.revlintExtensionFound = Boolean(revlint);

  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  mark("noteOpened");
  if (revlint && !revlint.isActive) {
    await revlint.activate();
  }
  result.revlintExtensionActive = Boolean(revlint && revlint.isActive);
  mark("extensionActive");

  // VS Code's own diagnostics collection for the note, filled by vscode-languageclient.
  const diagnostics = await waitFor("revlint diagnostics", request.timeoutMs, () => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "revlint");
    return found.length > 0 ? found : undefined;
  });
  mark("diagnostics");
  result.diagnostics = diagnostics.map((d) => ({
    code: typeof d.code === "object" && d.code !== null ? String(d.code.value) : d.code,
    href: typeof d.code === "object" && d.code !== null ? String(d.code.target) : undefined,
    source: d.source,
    severity: vscode.DiagnosticSeverity[d.severity],
    message: d.message,
    range: plainRange(d.range),
    text: document.getText(d.range),
  }));

  // Hover inside the amount, through every hover provider VS Code has for the document.
  const offset = document.getText().indexOf(request.hoverText);
  if (offset < 0) {
    throw new Error(`the note has no ${JSON.stringify(request.hoverText)}`);
  }
  const hoverPosition = document.positionAt(offset + 1);
  // Other hover providers (or a server still starting) may answer first: poll until the
  // expected text shows or time runs out, and record the last answer either way.
  let hovers = [];
  const deadline = Date.now() + request.timeoutMs;
  do {
    hovers = (await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, hoverPosition)) || [];
    if (hovers.some((h) => markdownText(h.contents).includes(request.hoverExpect))) {
      break;
    }
    await sleep(100);
  } while (Date.now() < deadline);
  mark("hover");
  result.hover = {
    position: { line: hoverPosition.line, character: hoverPosition.character },
    text: hovers.map((h) => markdownText(h.contents)).join("\n---\n"),
  };

  // The rest is recorded for the runner's report; each may legitimately be empty.
  const record = async (name, run) => {
    try {
      result[name] = await run();
    } catch (error) {
      result[name] = { error: String(error && error.message ? error.message : error) };
    }
  };
  await record("codeLenses", async () => {
    const lenses = (await vscode.commands.executeCommand("vscode.executeCodeLensProvider", uri, 10)) || [];
    return lenses.map((lens) => (lens.command ? lens.command.title : null));
  });
  await record("symbols", async () =>
    plainSymbols(await vscode.commands.executeCommand("vscode.executeDocumentSymbolProvider", uri)),
  );
  await record("inlayHints", async () => {
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const hints = (await vscode.commands.executeCommand("vscode.executeInlayHintProvider", uri, whole)) || [];
    return hints.map((h) => (typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join("")));
  });
  await record("codeActions", async () => {
    const placeholder = result.diagnostics.find((d) => d.code === "placeholder") || result.diagnostics[0];
    const r = placeholder.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const actions = (await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, range)) || [];
    return actions.map((a) => a.title);
  });
  await record("commands", async () =>
    (await vscode.commands.getCommands(true)).filter((c) => c.startsWith("revlint.")),
  );
  mark("providers");

  // Leave the window as a person would see it: Problems panel open, hover shown on the amount.
  await vscode.commands.executeCommand("workbench.actions.view.problems");
  await vscode.window.showTextDocument(document, { preview: false, preserveFocus: false });
  editor.selection = new vscode.Selection(hoverPosition, hoverPosition);
  editor.revealRange(new vscode.Range(hoverPosition, hoverPosition), vscode.TextEditorRevealType.InCenter);
  await sleep(300);
  await vscode.commands.executeCommand("editor.action.showHover");
  mark("staged");
}

async function activate() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) {
    return;
  }
  const request = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, "revlint-test.json"), "utf8"));
  const result = { ok: false, timings: {}, vscodeVersion: vscode.version };
  try {
    await runTest(request, result);
    result.ok = true;
  } catch (error) {
    result.error = String(error && error.stack ? error.stack : error);
  }
  // Written whole, then renamed, so the runner never reads half a file.
  fs.writeFileSync(request.resultFile + ".tmp", JSON.stringify(result, null, 2));
  fs.renameSync(request.resultFile + ".tmp", request.resultFile);
}

module.exports = { activate, deactivate() {} };
