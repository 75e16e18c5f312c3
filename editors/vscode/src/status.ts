// The status bar item: the active note's ASC 606 checklist coverage ("ASC 606: 9 of 11"), read
// from the code lens the server puts on a revenue note's first line. Hidden for other documents.

import * as vscode from "vscode";
import { CodeLens, CodeLensRequest, CodeLensResolveRequest, LanguageClient } from "vscode-languageclient/node";

const COVERAGE = /ASC 606:\s*(\d+)\s+of\s+(\d+)/;
const REFRESH_DELAY_MS = 300;

export class CoverageStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly listeners: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;
  // Answers to an older request are dropped so a slow reply cannot overwrite a newer one.
  private generation = 0;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item = vscode.window.createStatusBarItem("revlint.coverage", vscode.StatusBarAlignment.Left, 10);
    this.item.name = "revlint checklist coverage";
    this.item.command = "workbench.actions.view.problems";
    this.listeners = [
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshSoon()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) {
          this.refreshSoon();
        }
      }),
    ];
  }

  refreshSoon(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  clear(): void {
    this.generation++;
    this.item.hide();
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.listeners.forEach((listener) => listener.dispose());
    this.item.dispose();
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const client = this.client();
    const document = vscode.window.activeTextEditor?.document;
    if (!client?.isRunning() || !document || !client.initializeResult?.capabilities.codeLensProvider) {
      this.item.hide();
      return;
    }
    let title: string | undefined;
    try {
      title = await coverageTitle(client, document);
    } catch (error) {
      client.outputChannel.appendLine(`revlint: coverage lens request failed: ${String(error)}`);
    }
    if (generation !== this.generation) {
      return;
    }
    const match = title ? COVERAGE.exec(title) : null;
    if (!title || !match) {
      this.item.hide();
      return;
    }
    const [, covered, required] = match;
    this.item.text = `$(checklist) ASC 606: ${covered}/${required}`;
    this.item.tooltip = `revlint: ${title} disclosed in this note. Click for the findings.`;
    this.item.backgroundColor =
      covered === required ? undefined : new vscode.ThemeColor("statusBarItem.warningBackground");
    this.item.show();
  }
}

async function coverageTitle(client: LanguageClient, document: vscode.TextDocument): Promise<string | undefined> {
  const lenses: CodeLens[] | null = await client.sendRequest(CodeLensRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
  });
  const resolvable = client.initializeResult?.capabilities.codeLensProvider?.resolveProvider === true;
  for (let lens of lenses ?? []) {
    if (!lens.command && resolvable) {
      lens = await client.sendRequest(CodeLensResolveRequest.type, lens);
    }
    if (lens.command && COVERAGE.test(lens.command.title)) {
      return lens.command.title;
    }
  }
  return undefined;
}
