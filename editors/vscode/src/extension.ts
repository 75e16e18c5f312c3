// The revlint extension: starts `revlint lsp` for Markdown and plain-text documents (the server
// decides which of them are revenue notes), maps the `revlint.*` settings to the server's
// configuration, and shows the active note's ASC 606 checklist coverage in the status bar.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

import { findServer, INSTALL_URL, ServerLookup } from "./server-path";
import { serverSettings } from "./settings";
import { CoverageStatus } from "./status";

const CHECK_COMMAND = "revlint.checkDocument";

let client: LanguageClient | undefined;
let coverage: CoverageStatus | undefined;
let output: vscode.OutputChannel | undefined;
// Registered only when the server does not announce the command itself.
let fallbackCheckCommand: vscode.Disposable | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("revlint");
  coverage = new CoverageStatus(() => client);
  context.subscriptions.push(output, coverage);

  context.subscriptions.push(
    vscode.commands.registerCommand("revlint.restartServer", async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.commands.registerCommand("revlint.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("revlint")) {
        return;
      }
      if (event.affectsConfiguration("revlint.path")) {
        await stopClient();
        await startClient(context);
        return;
      }
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: serverSettings(vscode.workspace.getConfiguration("revlint")),
        });
        coverage?.refreshSoon();
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  // Disposables in context.subscriptions go too; the client must be stopped so the server exits.
  await stopClient();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const lookup = findServer(context.extensionPath, vscode.workspace.getConfiguration("revlint"), workspaceFolder());
  if (lookup.kind === "missing") {
    reportMissingServer(lookup);
    return;
  }
  output?.appendLine(`revlint: starting ${lookup.command} lsp (${lookup.source})`);

  // TransportKind.stdio makes the client append `--stdio`; the server accepts it.
  const serverOptions: ServerOptions = {
    run: { command: lookup.command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command: lookup.command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: serverSettings(vscode.workspace.getConfiguration("revlint")),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/revlint.toml"),
    },
    outputChannel: output,
    middleware: {
      // The server announces `revlint.checkDocument`, so the client registers the palette command
      // itself; from the palette it comes without arguments, so name the active document.
      executeCommand: async (command, args, next) => {
        if (command === CHECK_COMMAND && args.length === 0) {
          const editor = vscode.window.activeTextEditor;
          if (!editor) {
            void vscode.window.showInformationMessage("revlint: open a note to check it.");
            return undefined;
          }
          args = [editor.document.uri.toString()];
        }
        const result = await next(command, args);
        coverage?.refreshSoon();
        return result;
      },
    },
  };

  const started = new LanguageClient("revlint", "revlint", serverOptions, clientOptions);
  client = started;
  try {
    await started.start();
  } catch (error) {
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    output?.appendLine(`revlint: the server failed to start: ${message}`);
    void vscode.window.showErrorMessage(`revlint: the server (${lookup.command}) failed to start: ${message}`);
    return;
  }
  ensureCheckCommand(started);
  coverage?.refreshSoon();
}

/// An older server that does not announce the command still gets a working palette entry.
function ensureCheckCommand(running: LanguageClient): void {
  const announced = running.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (announced.includes(CHECK_COMMAND)) {
    return;
  }
  fallbackCheckCommand = vscode.commands.registerCommand(CHECK_COMMAND, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !client) {
      return;
    }
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: CHECK_COMMAND,
      arguments: [editor.document.uri.toString()],
    });
    coverage?.refreshSoon();
  });
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  coverage?.clear();
  fallbackCheckCommand?.dispose();
  fallbackCheckCommand = undefined;
  if (running?.isRunning()) {
    await running.stop();
  }
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function reportMissingServer(lookup: Extract<ServerLookup, { kind: "missing" }>): void {
  output?.appendLine(`revlint: no server binary found. ${lookup.reason}`);
  const install = "Install instructions";
  const settings = "Set revlint.path";
  void vscode.window
    .showErrorMessage(`revlint: the revlint binary was not found. ${lookup.reason}`, install, settings)
    .then((choice) => {
      if (choice === install) {
        void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
      } else if (choice === settings) {
        void vscode.commands.executeCommand("workbench.action.openSettings", "revlint.path");
      }
    });
}
