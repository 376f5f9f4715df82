import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { buildServer, LspClient, tempWorkspace } from './lsp-client';

const deployment = (name: string, replicas: number) => k8s.deployment({ name, replicas, app: name });

buildServer();

test('a large workspace is indexed in chunks with $/progress, and Lint Workspace publishes every file', async (t) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 240; i++) files[`services/svc-${i}/deploy.yaml`] = deployment(`svc-${i}`, 2);
  files['node_modules/dep/deploy.yaml'] = deployment('vendored', 2);
  files['.git/deploy.yaml'] = deployment('git', 2);
  const workspace = tempWorkspace(files);
  const client = await LspClient.start({ root: workspace.root });
  t.after(async () => {
    await client.stop();
    workspace.dispose();
  });

  const kinds = await client.waitFor('progress to end', () => {
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    return kinds.includes('end') ? kinds : undefined;
  });
  assert.equal(kinds[0], 'begin');
  assert.ok(kinds.filter((k) => k === 'report').length >= 5, `expected a report per chunk: ${kinds.join(',')}`);

  assert.deepEqual(await client.request('workspace/executeCommand', { command: 'graceful.server.lintWorkspace', arguments: [] }), { files: 240 });
  const published = new Set(client.published.filter((p) => p.diagnostics.some((d) => d.code === 'missing-pdb')).map((p) => p.uri));
  assert.equal(published.size, 240);
  assert.ok(![...published].some((uri) => uri.includes('node_modules') || uri.includes('/.git/')));
});

test('watchers are registered for manifests, Dockerfiles, configuration, scripts and what chart renders read', async (t) => {
  const workspace = tempWorkspace({});
  const client = await LspClient.start({ root: workspace.root });
  t.after(async () => {
    await client.stop();
    workspace.dispose();
  });
  const registration = await client.waitFor('watcher registration', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
  const globs = (registration.registerOptions as { watchers: Array<{ globPattern: string }> }).watchers.map((w) => w.globPattern);
  for (const glob of ['**/*.{yaml,yml}', '**/Dockerfile*', '**/Containerfile*', '**/.graceful.yaml', '**/*.sh']) assert.ok(globs.includes(glob), glob);
  // What a chart's render reads besides YAML: `helm dependency build` writes archives, a missing one fails the render.
  for (const glob of ['**/charts/*.tgz', '**/values.schema.json', '**/.helmignore', '**/*.json']) assert.ok(globs.includes(glob), glob);
});

test('a closed file linted with Lint Workspace follows its changes on disk; without a client configuration the server uses defaults', async (t) => {
  const workspace = tempWorkspace({ 'a/deploy.yaml': deployment('a', 3) });
  const client = await LspClient.start({ root: workspace.root, capabilities: {} });
  t.after(async () => {
    await client.stop();
    workspace.dispose();
  });
  await client.request('workspace/executeCommand', { command: 'graceful.server.lintWorkspace', arguments: [] });
  const uri = workspace.uri('a/deploy.yaml');
  assert.ok((await client.diagnostics(uri)).some((d) => d.code === 'missing-pdb'));
  assert.deepEqual(client.configurationRequests, [], 'a client without workspace/configuration is not asked');
  const start = client.published.length;
  workspace.write('a/deploy.yaml', deployment('a', 1));
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  await client.diagnostics(uri, (d) => !d.some((x) => x.code === 'missing-pdb'), { after: start });
  // Settings pushed with didChangeConfiguration apply when the client cannot be asked.
  const again = client.published.length;
  await client.notifyServer('workspace/didChangeConfiguration', { settings: { graceful: { enable: false } } });
  await client.diagnostics(uri, (d) => d.length === 0, { after: again });
});

test('ignore rules are the CLI’s: an ignored file is not indexed, an open one gets no diagnostics, and changing the rules re-indexes', async (t) => {
  const workspace = tempWorkspace({ 'app/deploy.yaml': deployment('web', 2), 'policies/pdb.yaml': k8s.pdb() });
  const client = await LspClient.start({ root: workspace.root });
  t.after(async () => {
    await client.stop();
    workspace.dispose();
  });
  const deploy = workspace.uri('app/deploy.yaml');
  const lint = () => client.request('workspace/executeCommand', { command: 'graceful.server.lintWorkspace', arguments: [] });
  await lint();
  assert.ok(!(await client.diagnostics(deploy)).some((d) => d.code === 'missing-pdb'), 'the PDB covers the Deployment');

  // The PDB's folder becomes ignored: the PDB no longer counts.
  let start = client.published.length;
  workspace.write('.graceful.yaml', 'ignore: [policies]\n');
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('.graceful.yaml'), type: 1 }] });
  await client.diagnostics(deploy, (d) => d.some((x) => x.code === 'missing-pdb'), { after: start });

  // Opened, an ignored file gets no diagnostics and still does not count.
  const pdbUri = workspace.uri('policies/pdb.yaml');
  await client.open(pdbUri, k8s.pdb({ budget: 'maxUnavailable: 0' }));
  assert.deepEqual(await client.diagnostics(pdbUri), []);

  // The rule gone, the PDB counts again (the open one, with its unsaved text) and is checked.
  start = client.published.length;
  workspace.write('.graceful.yaml', '');
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('.graceful.yaml'), type: 2 }] });
  await client.diagnostics(deploy, (d) => !d.some((x) => x.code === 'missing-pdb'), { after: start });
  await client.diagnostics(pdbUri, (d) => d.some((x) => x.code === 'pdb-blocks-eviction'), { after: start });

  // The editor's exclude means the same.
  start = client.published.length;
  await client.close(pdbUri);
  client.settings = { exclude: ['policies/**'] };
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  await client.diagnostics(deploy, (d) => d.some((x) => x.code === 'missing-pdb'), { after: start });

  // Opened while excluded, then let in by the editor's settings: its open text counts again.
  await client.open(pdbUri, k8s.pdb());
  start = client.published.length;
  client.settings = {};
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  await client.diagnostics(deploy, (d) => !d.some((x) => x.code === 'missing-pdb'), { after: start });
});

test('a .graceful.yaml that is not UTF-8 is an error in the editor as in the CLI, not a missing file', async (t) => {
  const workspace = tempWorkspace({
    '.graceful.yaml': Buffer.from('rules:\n  missing-pdb: off # caf\xe9\n', 'latin1'),
    'app/deploy.yaml': deployment('web', 2),
  });
  const client = await LspClient.start({ root: workspace.root });
  t.after(async () => {
    await client.stop();
    workspace.dispose();
  });
  await client.open(workspace.uri('app/deploy.yaml'), deployment('web', 2));
  const message = await client.waitFor('a settings warning', () => client.messages.find((m) => m.message.includes('.graceful.yaml')));
  assert.match(message.message, /cannot read: not UTF-8 text/);
});
