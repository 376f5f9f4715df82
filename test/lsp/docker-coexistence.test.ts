import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { buildServer, LspClient, tempWorkspace } from './lsp-client';

const SHELL_FORM = 'FROM python:3.12\nCMD python app.py\n';
const WITH_SHELL = 'FROM python:3.12\nSHELL ["/bin/sh", "-eu", "-c"]\nCMD python app.py\n';
const SKIPPED = '# check=skip=JSONArgsRecommended\nFROM python:3.12\nCMD python app.py\n';

let workspace: ReturnType<typeof tempWorkspace>;
before(() => {
  buildServer();
  workspace = tempWorkspace({ 'a/Dockerfile': SHELL_FORM, 'b/Dockerfile': WITH_SHELL, 'c/Dockerfile': SKIPPED });
});
after(() => workspace.dispose());

async function severityOf(client: LspClient, file: string, text: string): Promise<number | undefined> {
  const uri = workspace.uri(file);
  await client.open(uri, text);
  const diagnostics = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'shell-form-cmd'));
  const finding = diagnostics.find((d) => d.code === 'shell-form-cmd')!;
  const actions = await client.codeActions(uri, [finding]);
  assert.ok(
    actions.some((a) => a.isPreferred && a.edit),
    `the fix stays on the demoted diagnostic: ${JSON.stringify(actions.map((a) => a.title))}`,
  );
  return finding.severity;
}

test('next to the Docker extension, a shell-form CMD it also flags becomes a hint', async () => {
  const client = await LspClient.start({ root: workspace.root, initializationOptions: { dockerExtension: 'docker.docker' } });
  try {
    assert.equal(await severityOf(client, 'a/Dockerfile', SHELL_FORM), DiagnosticSeverity.Hint);
    // BuildKit does not flag these, so ours is no duplicate.
    assert.equal(await severityOf(client, 'b/Dockerfile', WITH_SHELL), DiagnosticSeverity.Warning);
    assert.equal(await severityOf(client, 'c/Dockerfile', SKIPPED), DiagnosticSeverity.Warning);
  } finally {
    await client.stop();
  }
});

test('showAll, a user-set severity, or no Docker extension keep our severity', async () => {
  for (const [settings, options] of [
    [{ dockerExtensionCoexistence: 'showAll' }, { dockerExtension: 'docker.docker' }],
    [{ rules: { 'shell-form-cmd': 'warning' } }, { dockerExtension: 'ms-azuretools.vscode-docker' }],
    [{}, undefined],
  ] as const) {
    const client = await LspClient.start({ root: workspace.root, settings: { ...settings }, initializationOptions: options });
    try {
      assert.equal(await severityOf(client, 'a/Dockerfile', SHELL_FORM), DiagnosticSeverity.Warning, JSON.stringify(settings));
    } finally {
      await client.stop();
    }
  }
});
