import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, DIAGNOSTIC_SOURCE } from '../../../shared/src/protocol';
import { ruleDocUrl } from '../../../shared/src/rule-ids';
import { waitFor } from '../../e2e/wait';

/**
 * Runs inside VS Code's extension host (loaded by @vscode/test-electron), with the e2e fixture
 * as the workspace. A thrown error fails the run; VS Code then exits non-zero.
 */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, check] of CHECKS) {
    try {
      await check();
      console.log(`ok - ${name}`);
    } catch (error) {
      console.log(`not ok - ${name}\n${String((error as Error)?.stack ?? error)}`);
      failures.push(name);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} extension API check(s) failed: ${failures.join('; ')}`);
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function gracefulDiagnostic(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  return waitFor(`a ${rule} diagnostic on ${uri.path}`, 60_000, () =>
    vscode.languages.getDiagnostics(uri).find((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'object' && d.code.value === rule),
  );
}

const CHECKS: Array<[string, () => Promise<void>]> = [
  [
    'opening a Kubernetes manifest activates the extension',
    async () => {
      await vscode.window.showTextDocument(workspaceFile('deploy.yaml'));
      const extension = vscode.extensions.getExtension('graceful-dev.graceful');
      assert.ok(extension, 'graceful-dev.graceful is loaded');
      await waitFor('the extension to activate', 30_000, () => extension.isActive);
    },
  ],
  [
    'the three commands are registered',
    async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of [COMMANDS.lintWorkspace, COMMANDS.showRuleDocumentation, COMMANDS.restartServer])
        assert.ok(commands.includes(id), `${id} is registered`);
    },
  ],
  [
    'diagnostics carry the rule id as code and link its documentation',
    async () => {
      const diagnostic = await gracefulDiagnostic(workspaceFile('deploy.yaml'), 'missing-prestop');
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      assert.ok(typeof diagnostic.code === 'object');
      assert.equal(diagnostic.code.target.toString(true), ruleDocUrl('missing-prestop'));
    },
  ],
  [
    'the preferred quick fix is offered where the diagnostic is',
    async () => {
      const uri = workspaceFile('deploy.yaml');
      const diagnostic = await gracefulDiagnostic(uri, 'missing-prestop');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, `one preferred fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.match(preferred[0]!.title, /preStop/);
    },
  ],
  [
    'a shell-form CMD in a Dockerfile is reported',
    async () => {
      await vscode.window.showTextDocument(workspaceFile('Dockerfile'));
      await gracefulDiagnostic(workspaceFile('Dockerfile'), 'shell-form-cmd');
    },
  ],
  [
    'Restart Server brings diagnostics back',
    async () => {
      await vscode.commands.executeCommand(COMMANDS.restartServer);
      await gracefulDiagnostic(workspaceFile('deploy.yaml'), 'missing-prestop');
    },
  ],
];
