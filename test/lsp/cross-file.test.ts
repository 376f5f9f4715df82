import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { deployment } from '../helpers/manifests';
import { buildServer, LspClient, positionOf, tempWorkspace } from './lsp-client';

const DOCKERFILE = 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["gunicorn", "app:app"]\n';
const SCRIPT_WITHOUT_EXEC = '#!/bin/sh\nset -e\npython manage.py migrate\n"$@"\n';
const SCRIPT_WITH_EXEC = '#!/bin/sh\nset -e\npython manage.py migrate\nexec "$@"\n';

const DEPLOYMENT = deployment({ name: 'api', replicas: 1, app: 'api', image: 'registry.example.com/shop/api:1.4' });

let workspace: ReturnType<typeof tempWorkspace>;
let client: LspClient;

before(async () => {
  buildServer();
  workspace = tempWorkspace({ 'api/Dockerfile': DOCKERFILE, 'api/entrypoint.sh': SCRIPT_WITHOUT_EXEC, 'deploy/api.yaml': DEPLOYMENT });
  client = await LspClient.start({ root: workspace.root });
});

after(async () => {
  await client.stop();
  workspace.dispose();
});

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

test("a finding about another file carries related information with that file's URI and range", async () => {
  const uri = workspace.uri('deploy/api.yaml');
  await client.open(uri, DEPLOYMENT);
  // The Dockerfile reaches the index when the workspace walk gets to it.
  const diagnostics = await client.diagnostics(uri, (d) => codes(d).includes('image-runs-shell-form'));
  const finding = diagnostics.find((d) => d.code === 'image-runs-shell-form')!;
  const related = finding.relatedInformation ?? [];
  assert.ok(related.length > 0, JSON.stringify(finding));
  const inDockerfile = related.find((r) => r.location.uri === workspace.uri('api/Dockerfile'));
  assert.ok(inDockerfile, JSON.stringify(related));
  assert.equal(inDockerfile.location.range.start.line, positionOf(DOCKERFILE, 'ENTRYPOINT').line);
});

test('an entrypoint script fixed on disk clears the Dockerfile finding and the manifest finding', async () => {
  const dockerUri = workspace.uri('api/Dockerfile');
  const manifestUri = workspace.uri('deploy/api.yaml');
  await client.open(dockerUri, DOCKERFILE, 'dockerfile');
  await client.diagnostics(dockerUri, (d) => codes(d).includes('entrypoint-script-without-exec'));
  const start = client.published.length;
  workspace.write('api/entrypoint.sh', SCRIPT_WITH_EXEC);
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('api/entrypoint.sh'), type: 2 }] });
  await client.diagnostics(dockerUri, (d) => !codes(d).includes('entrypoint-script-without-exec'), { after: start });
  await client.diagnostics(manifestUri, (d) => !codes(d).includes('image-runs-shell-form'), { after: start });
});

test('an entrypoint script edited in the editor counts before it is saved, and the disk counts again once closed', async () => {
  const dockerUri = workspace.uri('api/Dockerfile');
  const scriptUri = workspace.uri('api/entrypoint.sh');
  await client.open(scriptUri, SCRIPT_WITH_EXEC, 'shellscript');
  const start = client.published.length;
  await client.change(scriptUri, SCRIPT_WITHOUT_EXEC);
  await client.diagnostics(dockerUri, (d) => codes(d).includes('entrypoint-script-without-exec'), { after: start });
  const again = client.published.length;
  await client.close(scriptUri);
  await client.diagnostics(dockerUri, (d) => !codes(d).includes('entrypoint-script-without-exec'), { after: again });
});

test('an invalid .graceful.yaml is reported once with window/showMessage, and its valid keys still apply', async () => {
  const uri = workspace.uri('deploy/web.yaml');
  const serving = DEPLOYMENT.replace(
    '          image: registry.example.com/shop/api:1.4\n',
    '          image: example/web:1\n          ports:\n            - containerPort: 80\n',
  );
  await client.open(uri, serving);
  await client.diagnostics(uri, (d) => codes(d).includes('missing-prestop'));
  workspace.write('.graceful.yaml', 'drainSeconds: soon\nrules:\n  missing-prestop: off\n');
  for (let i = 0; i < 2; i++) {
    const start = client.published.length;
    await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('.graceful.yaml'), type: 2 }] });
    await client.diagnostics(uri, (d) => !codes(d).includes('missing-prestop'), { after: start });
  }
  const about = client.messages.filter((m) => m.message.includes('drainSeconds'));
  assert.equal(about.length, 1, JSON.stringify(client.messages));
  assert.match(about[0]!.message, /\.graceful\.yaml:1: drainSeconds: expected whole seconds/);
});

test('an unsaved .graceful.yaml applies while open; the saved one applies again once it closes', async () => {
  const uri = workspace.uri('deploy/web.yaml');
  const configUri = workspace.uri('.graceful.yaml');
  const start = client.published.length;
  await client.open(configUri, 'rules:\n  missing-prestop: error\n');
  await client.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-prestop' && x.severity === 1), { after: start });
  const again = client.published.length;
  await client.close(configUri);
  await client.diagnostics(uri, (d) => !codes(d).includes('missing-prestop'), { after: again });
});
