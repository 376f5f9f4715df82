import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, CONFIGURATION_SECTION, SERVER_NAME } from '../../shared/src/protocol';
import { installedDockerExtension, onDockerExtensionChange, type GracefulInitializationOptions } from './docker-coexistence';
import { DOCUMENT_SELECTOR } from './document-selector';
import { showRuleDocumentation } from './rule-documentation';
import type { HelmInitializationOptions } from '../../shared/src/settings';

let client: LanguageClient | undefined;

/**
 * The thin client: starts the bundled language server (dist/server.js) over stdio and
 * registers the three Graceful commands. Every check, fix, hover and code lens lives in the server,
 * and so do the settings (`graceful.enable` and `graceful.exclude` included, per document).
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Graceful');
  const serverModule = context.asAbsolutePath('dist/server.js');
  // Over stdio, as other editors start it: the server's own writer sends a diagnostic unchanged since the last
  // publication from the JSON it kept (lsp/message-encoder.ts), where node IPC would stringify a chart's 800 KB again.
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: CONFIGURATION_SECTION },
    outputChannel: output,
    // A function, so a restart re-reads which Docker extension is present.
    initializationOptions: (): GracefulInitializationOptions => ({ dockerExtension: installedDockerExtension(), helm: helmOptions() }),
  };
  // The id makes vscode-languageclient honour the `graceful.trace.server` setting.
  client = new LanguageClient(SERVER_NAME, 'Graceful', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMANDS.lintWorkspace, () => lintWorkspace()),
    vscode.commands.registerCommand(COMMANDS.showRuleDocumentation, (ruleId?: unknown) => showRuleDocumentation(ruleId)),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => client?.restart()),
    // The server decides how to show duplicate shell-form warnings at start-up (initializationOptions).
    onDockerExtensionChange(() => {
      if (client?.isRunning()) void client.restart();
    }),
    // Which helm runs and whether it may run are start-up options: trust or the helm settings changing restarts the server.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client?.isRunning()) void client.restart();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('graceful.helm') && client?.isRunning()) void client.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
  client = undefined;
}

/**
 * What the server may run: the user's (or machine's) `graceful.helm.path` only, never a workspace value,
 * and nothing at all in an untrusted workspace (the server then checks charts as written).
 */
function helmOptions(): HelmInitializationOptions {
  const config = vscode.workspace.getConfiguration('graceful');
  const path = config.inspect<string>('helm.path')?.globalValue;
  return { trusted: vscode.workspace.isTrusted, enable: config.get<boolean>('helm.enable') !== false, ...(path ? { path } : {}) };
}

async function lintWorkspace(): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('The Graceful language server is not running: see the Graceful output channel.');
    return;
  }
  const running = client;
  const result: unknown = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Graceful: linting workspace' }, () =>
    running.sendRequest(ExecuteCommandRequest.type, { command: COMMANDS.serverLintWorkspace, arguments: [] }),
  );
  // The server answers `{ files: N }`; the findings themselves arrive as diagnostics.
  const files = (result as { files?: unknown } | null)?.files;
  if (typeof files === 'number') vscode.window.setStatusBarMessage(`Graceful: checked ${files} file${files === 1 ? '' : 's'}`, 5000);
}
