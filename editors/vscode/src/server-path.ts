// Where the `revlint` binary comes from: the `revlint.path` setting, else the binary bundled in
// the extension (`bin/revlint`), else `revlint` on PATH. Kept free of the `vscode` module so the
// lookup order is plain code.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const INSTALL_URL = "https://example.invalid/revlint/blob/main/editors/README.md#vs-code";

export type ServerLookup =
  | { kind: "found"; command: string; source: "setting" | "bundled" | "PATH" }
  | { kind: "missing"; reason: string };

/// The part of the `revlint` configuration section this needs (a WorkspaceConfiguration fits).
export interface PathSetting {
  get<T>(section: string): T | undefined;
}

const EXECUTABLE = process.platform === "win32" ? "revlint.exe" : "revlint";

export function findServer(extensionPath: string, config: PathSetting, workspaceFolder?: string): ServerLookup {
  const configured = (config.get<string>("path") ?? "").trim();
  if (configured !== "") {
    const resolved = expandPath(configured, workspaceFolder);
    if (isExecutable(resolved)) {
      return { kind: "found", command: resolved, source: "setting" };
    }
    return { kind: "missing", reason: `revlint.path is "${configured}", which is not an executable file.` };
  }

  const bundled = path.join(extensionPath, "bin", EXECUTABLE);
  if (isExecutable(bundled)) {
    return { kind: "found", command: bundled, source: "bundled" };
  }

  const onPath = searchPath(EXECUTABLE);
  if (onPath) {
    return { kind: "found", command: onPath, source: "PATH" };
  }
  return {
    kind: "missing",
    reason: "Set revlint.path, or install revlint (cargo install --path . in the revlint repository) so it is on PATH.",
  };
}

function expandPath(value: string, workspaceFolder?: string): string {
  let expanded = value;
  if (workspaceFolder) {
    expanded = expanded.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (expanded === "~" || expanded.startsWith("~/")) {
    expanded = path.join(os.homedir(), expanded.slice(1));
  }
  if (!path.isAbsolute(expanded) && workspaceFolder) {
    expanded = path.join(workspaceFolder, expanded);
  }
  return expanded;
}

function searchPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
