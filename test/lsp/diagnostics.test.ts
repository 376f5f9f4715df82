import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { ruleDocUrl } from '../../shared/src/rule-ids';
import { containerPort, deployment, pdb } from '../helpers/manifests';
import { buildServer, LspClient, positionOf, tempWorkspace } from './lsp-client';

const DEPLOYMENT = deployment({ replicas: 3, app: 'web', fields: containerPort(8080) });

const PDB = pdb();

const rules = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code).sort();

let workspace: ReturnType<typeof tempWorkspace>;
let client: LspClient;

before(async () => {
  buildServer();
  workspace = tempWorkspace({ 'app/deploy.yaml': DEPLOYMENT, 'ci/workflow.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' });
  client = await LspClient.start({ root: workspace.root });
});

after(async () => {
  await client.stop();
  workspace.dispose();
});

test('diagnostics arrive on open, shaped as STYLE.md says', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  await client.open(uri, DEPLOYMENT);
  const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
  const prestop = diagnostics.find((d) => d.code === 'missing-prestop');
  assert.ok(prestop, JSON.stringify(diagnostics));
  assert.equal(prestop.source, 'graceful');
  assert.equal(prestop.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(prestop.codeDescription, { href: ruleDocUrl('missing-prestop') });
  assert.deepEqual(prestop.range.start, positionOf(DEPLOYMENT, 'name: web', 1));
  assert.deepEqual(prestop.range.end, positionOf(DEPLOYMENT, 'name: web', 1, 'name: web'.length));
  // No `data`: its code, range and message find the finding again (a version or offsets in it would make
  // every diagnostic below an edit new, and a chart's are sent again on each keystroke).
  assert.equal(prestop.data, undefined);
  assert.ok(rules(diagnostics).includes('missing-pdb'));
});

test('an edit re-checks the document and publishes for the new version', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  const fixed = DEPLOYMENT.replace('  replicas: 3\n', '  replicas: 1\n');
  const version = await client.change(uri, fixed);
  const diagnostics = await client.diagnostics(uri, () => true, { version });
  assert.ok(!rules(diagnostics).includes('missing-pdb'), 'one replica needs no PodDisruptionBudget');
  assert.ok(rules(diagnostics).includes('missing-prestop'));
  const restored = await client.change(uri, DEPLOYMENT);
  assert.ok(rules(await client.diagnostics(uri, () => true, { version: restored })).includes('missing-pdb'), 'a single edit after a rest is answered');
});

test('a burst of 20 edits received together is checked once, for the last version only', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  const start = client.published.length;
  const version = client.burst(
    uri,
    Array.from({ length: 20 }, (_, i) => DEPLOYMENT + `# edit ${i}\n`),
  );
  await client.diagnostics(uri, () => true, { version, after: start });
  const forUri = client.published.slice(start).filter((p) => p.uri === uri);
  assert.deepEqual(
    forUri.map((p) => p.version),
    [version],
    'stale versions were published',
  );
});

test('edits in quick succession: no version is published after a newer one, and the last is', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  const start = client.published.length;
  const first = client.version(uri) + 1;
  let version = 0;
  for (let i = 0; i < 20; i++) version = await client.change(uri, DEPLOYMENT + `# typed ${i}\n`);
  await client.diagnostics(uri, () => true, { version, after: start });
  const versions = client.published
    .slice(start)
    .filter((p) => p.uri === uri)
    .map((p) => p.version!);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => a - b),
    'published out of order',
  );
  assert.ok(versions.every((v) => v >= first && v <= version));
  assert.ok(versions.length < 20, `every version was checked: ${versions.join(', ')}`);
});

test('YAML that is not Kubernetes gets no diagnostics', async () => {
  const uri = workspace.uri('ci/workflow.yml');
  await client.open(uri, 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
  assert.deepEqual(await client.diagnostics(uri), []);
});

test('YAML syntax errors are left to the YAML server; a binary file gets one warning', async () => {
  const broken = workspace.uri('app/broken.yaml');
  await client.open(broken, 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n');
  assert.deepEqual(await client.diagnostics(broken), []);
  const binary = workspace.uri('app/blob.yaml');
  await client.open(binary, 'apiVersion: v1\0\0\0');
  const diagnostics = await client.diagnostics(binary, (d) => d.length > 0);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.source, 'graceful');
  assert.equal(diagnostics[0]!.severity, DiagnosticSeverity.Warning);
  assert.match(diagnostics[0]!.message, /binary/);
});

test('a PodDisruptionBudget added in another file clears missing-pdb without touching the Deployment', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  await client.diagnostics(uri, (d) => rules(d).includes('missing-pdb'));
  const start = client.published.length;
  workspace.write('app/pdb.yaml', PDB);
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/pdb.yaml'), type: 1 }] });
  const diagnostics = await client.diagnostics(uri, (d) => !rules(d).includes('missing-pdb'), { after: start });
  assert.ok(rules(diagnostics).includes('missing-prestop'));

  const again = client.published.length;
  rmSync(join(workspace.root, 'app/pdb.yaml'));
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/pdb.yaml'), type: 3 }] });
  await client.diagnostics(uri, (d) => rules(d).includes('missing-pdb'), { after: again });
});

test('an open PodDisruptionBudget counts while unsaved', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  const pdbUri = workspace.uri('app/unsaved-pdb.yaml');
  const start = client.published.length;
  await client.open(pdbUri, PDB);
  await client.diagnostics(uri, (d) => !rules(d).includes('missing-pdb'), { after: start });
  const again = client.published.length;
  await client.close(pdbUri);
  await client.diagnostics(uri, (d) => rules(d).includes('missing-pdb'), { after: again });
});

test('a configuration change re-checks open documents with the new settings', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  const start = client.published.length;
  client.settings = { rules: { 'missing-prestop': 'error', 'missing-pdb': 'off' } };
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  const diagnostics = await client.diagnostics(uri, (d) => !rules(d).includes('missing-pdb'), { after: start });
  assert.equal(diagnostics.find((d) => d.code === 'missing-prestop')?.severity, DiagnosticSeverity.Error);

  const again = client.published.length;
  client.settings = { enable: false };
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  await client.diagnostics(uri, (d) => d.length === 0, { after: again });

  const last = client.published.length;
  client.settings = {};
  await client.notifyServer('workspace/didChangeConfiguration', { settings: null });
  await client.diagnostics(uri, (d) => rules(d).includes('missing-pdb'), { after: last });
});

test('.graceful.yaml wins over the editor settings', async () => {
  const uri = workspace.uri('app/deploy.yaml');
  client.settings = { rules: { 'missing-prestop': 'error' } };
  workspace.write('.graceful.yaml', 'rules:\n  missing-prestop: info\n');
  const start = client.published.length;
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('.graceful.yaml'), type: 1 }] });
  const diagnostics = await client.diagnostics(uri, (d) => d.find((x) => x.code === 'missing-prestop')?.severity === DiagnosticSeverity.Information, {
    after: start,
  });
  assert.ok(diagnostics.length > 0);
  workspace.write('.graceful.yaml', '');
  client.settings = {};
  await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('.graceful.yaml'), type: 2 }] });
  await client.diagnostics(uri, (d) => d.find((x) => x.code === 'missing-prestop')?.severity === DiagnosticSeverity.Warning);
});

test('malformed requests get an error or null, and the server keeps serving', async () => {
  await assert.rejects(client.request('textDocument/hover', { nonsense: true }));
  await assert.rejects(client.request('graceful/noSuchMethod', {}));
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.yaml' }, position: { line: 0, character: 0 } }), null);
  const uri = workspace.uri('app/deploy.yaml');
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 9999, character: 3 } }), null);
  assert.deepEqual(
    await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [{ range: null, code: 42, source: 'graceful' }] },
    }),
    [],
  );
  await client.notifyServer('textDocument/didChange', { textDocument: { uri: 'file:///not-open.yaml', version: 3 }, contentChanges: [{ text: 'x' }] });
  // A message whose body is not JSON at all.
  client.child.stdin.write('Content-Length: 9\r\n\r\n{not json');
  // Still alive: an edit is checked as usual.
  const version = await client.change(uri, DEPLOYMENT + '# still here\n');
  await client.diagnostics(uri, (d) => d.length > 0, { version });
  assert.equal(client.child.exitCode, null);
});
