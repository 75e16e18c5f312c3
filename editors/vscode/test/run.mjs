// End-to-end test of the packaged revlint extension in a real VS Code: code-server 4.100.3
// (VS Code 1.100.3) with its workbench opened in Debian's headless Chromium via puppeteer-core.
//
//   node test/run.mjs --vsix revlint.vsix --tester-vsix tester.vsix \
//       --note ../test-fixtures/revenue-q2.md --artifacts test/artifacts
//
// The test extension (test/tester) records what VS Code's own APIs see; this script checks it:
// revlint's findings in vscode.languages.getDiagnostics (a `placeholder` finding on `[X]`), the
// normalized value in vscode.executeHoverProvider, and, when the server offers the checklist
// code lens, the extension's status bar item in the rendered page. It saves a screenshot of the
// editor with the squiggles and exits non-zero on any failure.

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const vsix = path.resolve(required(args, "vsix"));
const testerVsix = path.resolve(required(args, "tester-vsix"));
const note = path.resolve(required(args, "note"));
const artifacts = path.resolve(args.artifacts ?? path.join(here, "artifacts"));
const chromium = args.chromium ?? process.env.CHROMIUM ?? "/usr/bin/chromium";
const timeoutMs = Number(args["timeout-ms"] ?? 90000);
const codeServer = path.join(here, "node_modules", ".bin", "code-server");

const HOVER_TEXT = "$791.4 million";
const HOVER_EXPECT = "$791,400,000";

const started = Date.now();
const timings = {};
const failures = [];
const log = (message) => console.log(`[vscode ${String(Date.now() - started).padStart(6)} ms] ${message}`);
const check = (ok, message) => {
  log(`${ok ? "ok  " : "FAIL"} ${message}`);
  if (!ok) failures.push(message);
};

let serverProcess;
let browser;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "revlint-vscode-"));

try {
  await main();
} catch (error) {
  failures.push(String(error?.stack ?? error));
  log(`FAIL ${error?.stack ?? error}`);
} finally {
  await cleanUp();
}
log(`timings (ms): ${JSON.stringify(timings)}`);
console.log(failures.length === 0 ? "vscode: 1 passed, 0 failed" : `vscode: 0 passed, 1 failed`);
process.exit(failures.length === 0 ? 0 : 1);

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  const userData = path.join(scratch, "user-data");
  const extensions = path.join(scratch, "extensions");
  const workspace = path.join(scratch, "workspace");
  const resultFile = path.join(scratch, "result.json");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  fs.copyFileSync(note, path.join(workspace, path.basename(note)));
  fs.writeFileSync(
    path.join(workspace, "revlint-test.json"),
    JSON.stringify({
      note: path.basename(note),
      hoverText: HOVER_TEXT,
      hoverExpect: HOVER_EXPECT,
      resultFile,
      timeoutMs: Math.max(10000, timeoutMs - 30000),
    }),
  );
  // A quiet workbench: no welcome page, tips, trust prompt or update checks.
  fs.writeFileSync(
    path.join(userData, "User", "settings.json"),
    JSON.stringify({
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "extensions.autoUpdate": false,
      "extensions.autoCheckUpdates": false,
      "update.mode": "none",
      "chat.commandCenter.enabled": false,
      "editor.minimap.enabled": false,
      "editor.stickyScroll.enabled": false,
      "editor.hover.delay": 100,
      "revlint.form": "10-Q",
    }),
  );

  let t = Date.now();
  const install = spawnSync(
    codeServer,
    [
      "--user-data-dir", userData,
      "--extensions-dir", extensions,
      "--install-extension", vsix,
      "--install-extension", testerVsix,
    ],
    { encoding: "utf8", timeout: 120000 },
  );
  timings.installExtensions = Date.now() - t;
  if (install.status !== 0) {
    throw new Error(`code-server --install-extension failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
  }
  log(`installed ${path.basename(vsix)} and ${path.basename(testerVsix)} in ${timings.installExtensions} ms`);

  t = Date.now();
  const port = await freePort();
  const serverLog = fs.openSync(path.join(artifacts, "code-server.log"), "w");
  serverProcess = spawn(
    codeServer,
    [
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--user-data-dir", userData,
      "--extensions-dir", extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      workspace,
    ],
    { detached: true, stdio: ["ignore", serverLog, serverLog] },
  );
  await waitUntil("code-server /healthz", 60000, async () => {
    if (serverProcess.exitCode !== null) {
      throw new Error(`code-server exited with ${serverProcess.exitCode}; see ${artifacts}/code-server.log`);
    }
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  });
  timings.codeServerUp = Date.now() - t;
  log(`code-server 127.0.0.1:${port} is up in ${timings.codeServerUp} ms`);

  t = Date.now();
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900"],
    defaultViewport: { width: 1440, height: 900 },
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, {
    waitUntil: "domcontentloaded",
    timeout: 60000,
  });
  await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
  timings.workbenchLoaded = Date.now() - t;
  log(`workbench loaded in ${timings.workbenchLoaded} ms`);

  t = Date.now();
  await waitUntil("the test extension's result", timeoutMs, async () => fs.existsSync(resultFile));
  timings.extensionHostChecks = Date.now() - t;
  const result = JSON.parse(fs.readFileSync(resultFile, "utf8"));
  fs.writeFileSync(path.join(artifacts, "result.json"), JSON.stringify(result, null, 2));
  log(`VS Code ${result.vscodeVersion}; tester timings (ms from opening): ${JSON.stringify(result.timings)}`);

  // Give the editor a moment to paint squiggles and the hover, then capture it.
  let statusText = "";
  const wantsStatus = Array.isArray(result.codeLenses) && result.codeLenses.some((t) => /ASC 606:/.test(t ?? ""));
  if (wantsStatus) {
    try {
      await page.waitForFunction(
        () => [...document.querySelectorAll(".statusbar-item")].some((e) => e.textContent.includes("ASC 606")),
        { timeout: 10000 },
      );
    } catch {
      // Reported by the check below.
    }
    statusText = await page.evaluate(() =>
      [...document.querySelectorAll(".statusbar-item")].map((e) => e.textContent.trim()).find((s) => s.includes("ASC 606")) ?? "",
    );
  }
  // Point the mouse at the amount, as a person would, so the screenshot shows revlint's hover.
  const amount = await page.evaluate((needle) => {
    for (const line of document.querySelectorAll(".monaco-editor .view-lines .view-line")) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(needle);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          const box = range.getBoundingClientRect();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }
      }
    }
    return null;
  }, "791.4");
  if (amount) {
    await page.mouse.move(amount.x - 40, amount.y - 40);
    await page.mouse.move(amount.x, amount.y, { steps: 5 });
    try {
      await page.waitForSelector(".monaco-hover:not(.hidden)", { visible: true, timeout: 5000 });
    } catch {
      log("note: no hover widget appeared under the mouse (the screenshot has none)");
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const squiggles = await page.evaluate(
    () => document.querySelectorAll(".squiggly-error, .squiggly-warning, .squiggly-info, .squiggly-hint").length,
  );
  const screenshot = path.join(artifacts, "vscode-revlint.png");
  await page.screenshot({ path: screenshot });
  log(`screenshot: ${screenshot}`);

  check(result.ok, `test extension ran to the end${result.error ? `: ${result.error}` : ""}`);
  check(result.revlintExtensionActive === true, "the revlint extension is installed and active");
  const diagnostics = result.diagnostics ?? [];
  log(`vscode.languages.getDiagnostics: ${diagnostics.length} revlint finding(s)`);
  for (const d of diagnostics) {
    log(`  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} "${d.text}" ${d.message}`);
  }
  check(
    diagnostics.some((d) => d.code === "placeholder" && d.text.includes("[X]")),
    "getDiagnostics has a `placeholder` finding on `[X]`",
  );
  check(diagnostics.every((d) => d.source === "revlint"), "every finding's source is revlint");
  const hover = result.hover?.text ?? "";
  log(`vscode.executeHoverProvider on ${HOVER_TEXT}: ${hover.replace(/\s+/g, " ").slice(0, 300)}`);
  check(hover.includes(HOVER_EXPECT), `the hover on ${HOVER_TEXT} shows ${HOVER_EXPECT}`);
  check(squiggles > 0, `the editor renders squiggles (${squiggles} decorations)`);
  if (wantsStatus) {
    check(/ASC 606: \d+\/\d+/.test(statusText), `status bar shows the checklist coverage ("${statusText}")`);
  } else {
    log("note: the server offered no checklist code lens, so the status bar item was not checked");
  }
  log(`code lenses: ${JSON.stringify(result.codeLenses)}`);
  log(`symbols: ${JSON.stringify(result.symbols)}`);
  log(`inlay hints: ${JSON.stringify(result.inlayHints)}`);
  log(`code actions at the placeholder: ${JSON.stringify(result.codeActions)}`);
  log(`revlint commands: ${JSON.stringify(result.commands)}`);
  if (pageErrors.length > 0) {
    log(`page errors (not failures): ${pageErrors.slice(0, 5).join(" | ")}`);
  }
}

async function cleanUp() {
  if (browser) {
    await browser.close().catch(() => {});
  }
  if (serverProcess && serverProcess.exitCode === null) {
    // code-server, its extension host and the revlint server share the process group.
    try {
      process.kill(-serverProcess.pid, "SIGTERM");
    } catch {}
    const deadline = Date.now() + 5000;
    while (serverProcess.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      process.kill(-serverProcess.pid, "SIGKILL");
    } catch {}
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}

async function waitUntil(what, ms, probe) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      parsed[argv[i].slice(2)] = argv[i + 1];
      i++;
    }
  }
  return parsed;
}

function required(parsed, name) {
  if (!parsed[name]) {
    console.error(`run.mjs: --${name} is required`);
    process.exit(2);
  }
  return parsed[name];
}
