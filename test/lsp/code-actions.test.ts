import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { containerPort, deployment } from '../helpers/manifests';
import { buildServer, editsFor, LspClient, tempWorkspace } from './lsp-client';

/** Two serving containers; each case gets its own app label so one case's PDB does not cover another's. */
const twoContainers = (app: string) =>
  deployment({
    name: 'shop',
    replicas: 3,
    app,
    container: 'web',
    image: 'example/web:1.0',
    fields: `${containerPort(8080)}        - name: api\n          image: example/api:1.0\n${containerPort(9090)}`,
  });

let workspace: ReturnType<typeof tempWorkspace>;
let client: LspClient;
let counter = 0;

before(async () => {
  buildServer();
  workspace = tempWorkspace({});
  client = await LspClient.start({ root: workspace.root });
});

after(async () => {
  await client.stop();
  workspace.dispose();
});

/** Opens `text` as a fresh document and waits for its first diagnostics. */
async function openFresh(text: string, name = 'deploy.yaml', languageId = 'yaml'): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = workspace.uri(`case-${++counter}/${name}`);
  await client.open(uri, text, languageId);
  return { uri, diagnostics: await client.diagnostics(uri, (d) => d.length > 0) };
}

function assertParses(text: string): void {
  for (const doc of parseAllDocuments(text))
    assert.deepEqual(
      doc.errors.map((e) => e.message),
      [],
      text,
    );
}

const titles = (actions: CodeAction[]) => actions.map((a) => a.title);
const byRule = (diagnostics: Diagnostic[], rule: string) => diagnostics.filter((d) => d.code === rule);

test('the lightbulb lists fixes, fix all, ignores and documentation in that order', async () => {
  const { uri, diagnostics } = await openFresh(twoContainers(`shop-${counter + 1}`));
  const [first] = byRule(diagnostics, 'missing-prestop');
  const actions = await client.codeActions(uri, [first!]);
  assert.deepEqual(titles(actions), [
    'Add a 15 s preStop sleep action',
    'Fix all missing-prestop problems in this file',
    'Ignore missing-prestop for this line',
    'Ignore missing-prestop in this file',
    'Ignore missing-prestop for this object',
    'Show documentation for missing-prestop',
  ]);
  assert.equal(actions[0]!.isPreferred, true);
  assert.ok(actions.every((a) => a.kind === 'quickfix'));
  assert.deepEqual(actions[0]!.diagnostics, [first]);
  assert.deepEqual(actions.at(-1)!.command, {
    title: 'Show documentation for missing-prestop',
    command: 'graceful.showRuleDocumentation',
    arguments: ['missing-prestop'],
  });
  // documentChanges carry the version the edit was computed for.
  const change = actions[0]!.edit!.documentChanges![0] as { textDocument: { version: number } };
  assert.equal(change.textDocument.version, client.version(uri));
});

test('a quick fix applied by the client is re-checked: the finding is gone and the YAML parses', async () => {
  const { uri, diagnostics } = await openFresh(twoContainers(`shop-${counter + 1}`));
  const [first] = byRule(diagnostics, 'missing-prestop');
  const [fix] = await client.codeActions(uri, [first!]);
  const version = await client.apply(uri, fix!);
  const after = await client.diagnostics(uri, () => true, { version });
  assert.equal(byRule(after, 'missing-prestop').length, 1, 'only the other container is left');
  assertParses(client.text(uri));
  assert.match(client.text(uri), /- name: web\n(?:.*\n)*?\s+preStop:/);
});

test('fix all of a rule fixes every container in one edit', async () => {
  const { uri, diagnostics } = await openFresh(twoContainers(`shop-${counter + 1}`));
  const actions = await client.codeActions(uri, byRule(diagnostics, 'missing-prestop').slice(0, 1));
  const fixAll = actions.find((a) => a.title === 'Fix all missing-prestop problems in this file')!;
  assert.equal(editsFor(fixAll.edit, uri).length, 1);
  const version = await client.apply(uri, fixAll);
  const after = await client.diagnostics(uri, () => true, { version });
  assert.deepEqual(byRule(after, 'missing-prestop'), []);
  assert.ok(byRule(after, 'missing-pdb').length === 1, 'other rules are untouched');
  assertParses(client.text(uri));
  assert.equal(client.text(uri).match(/preStop:/g)?.length, 2);
});

test('source.fixAll.graceful applies every preferred fix', async () => {
  const { uri } = await openFresh(twoContainers(`shop-${counter + 1}`));
  const actions = await client.codeActions(uri, [], ['source.fixAll']);
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind]),
    [['Fix all Graceful problems in this file', 'source.fixAll.graceful']],
  );
  const version = await client.apply(uri, actions[0]!);
  const after = await client.diagnostics(uri, () => true, { version });
  assert.deepEqual(
    after.filter((d) => d.code !== undefined && ['missing-prestop', 'missing-pdb', 'missing-min-ready-seconds'].includes(String(d.code))),
    [],
  );
  assertParses(client.text(uri));
  assert.match(client.text(uri), /\n---\napiVersion: policy\/v1\nkind: PodDisruptionBudget\n/);
});

test('ignore for this line inserts a comment above with the same indentation, then merges into it', async () => {
  const { uri, diagnostics } = await openFresh(twoContainers(`shop-${counter + 1}`));
  const [first] = byRule(diagnostics, 'missing-prestop');
  let actions = await client.codeActions(uri, [first!]);
  let version = await client.apply(
    uri,
    actions.find((a) => a.title === 'Ignore missing-prestop for this line')!,
  );
  let after = await client.diagnostics(uri, () => true, { version });
  assert.equal(byRule(after, 'missing-prestop').length, 1);
  assert.ok(client.text(uri).includes('      containers:\n        # graceful-ignore missing-prestop\n        - name: web\n'));

  // Another rule on a line that already has an ignore comment joins that comment.
  const text = client
    .text(uri)
    .replace('# graceful-ignore missing-prestop', '# graceful-ignore missing-prestop -- sidecar handles it')
    .replace('  replicas: 3\n', '  replicas: 3\n  # graceful-ignore missing-min-ready-seconds\n');
  version = await client.change(uri, text);
  after = await client.diagnostics(uri, () => true, { version });
  const pdb = byRule(after, 'missing-pdb')[0]!;
  actions = await client.codeActions(uri, [pdb]);
  version = await client.apply(
    uri,
    actions.find((a) => a.title === 'Ignore missing-pdb for this line')!,
  );
  after = await client.diagnostics(uri, () => true, { version });
  assert.deepEqual(byRule(after, 'missing-pdb'), []);
  assert.ok(client.text(uri).startsWith('apiVersion: apps/v1\n# graceful-ignore missing-pdb\nkind: Deployment\n'), client.text(uri));
  assert.ok(client.text(uri).includes('# graceful-ignore missing-prestop -- sidecar handles it\n'));
});

test('ignore in this file goes after Dockerfile parser directives', async () => {
  const dockerfile = '# syntax=docker/dockerfile:1\n# escape=\\\nFROM python:3.12\nCMD gunicorn app:app\n';
  const { uri, diagnostics } = await openFresh(dockerfile, 'Dockerfile', 'dockerfile');
  const finding = diagnostics.find((d) => d.code === 'shell-form-cmd');
  if (!finding) return assert.fail(`shell-form-cmd not reported yet: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  const actions = await client.codeActions(uri, [finding]);
  assert.ok(!titles(actions).some((t) => t.includes('for this object')), 'a Dockerfile has no objects');
  const version = await client.apply(
    uri,
    actions.find((a) => a.title === 'Ignore shell-form-cmd in this file')!,
  );
  const after = await client.diagnostics(uri, () => true, { version });
  assert.deepEqual(
    after.filter((d) => d.code === 'shell-form-cmd'),
    [],
  );
  assert.equal(client.text(uri), '# syntax=docker/dockerfile:1\n# escape=\\\n# graceful-ignore-file shell-form-cmd\nFROM python:3.12\nCMD gunicorn app:app\n');
});

test('ignore for this object adds the graceful.dev/ignore annotation, then extends it', async () => {
  const { uri, diagnostics } = await openFresh(twoContainers(`shop-${counter + 1}`));
  let actions = await client.codeActions(uri, byRule(diagnostics, 'missing-prestop').slice(0, 1));
  let version = await client.apply(
    uri,
    actions.find((a) => a.title === 'Ignore missing-prestop for this object')!,
  );
  let after = await client.diagnostics(uri, () => true, { version });
  assert.deepEqual(byRule(after, 'missing-prestop'), []);
  assert.ok(
    client
      .text(uri)
      .startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  annotations:\n    graceful.dev/ignore: missing-prestop\nspec:\n'),
    client.text(uri),
  );

  actions = await client.codeActions(uri, byRule(after, 'missing-pdb'));
  version = await client.apply(
    uri,
    actions.find((a) => a.title === 'Ignore missing-pdb for this object')!,
  );
  after = await client.diagnostics(uri, () => true, { version });
  assert.deepEqual(byRule(after, 'missing-pdb'), []);
  assert.ok(client.text(uri).includes('    graceful.dev/ignore: "missing-prestop,missing-pdb"\n'));
  assertParses(client.text(uri));
});

test('CRLF files keep CRLF in every inserted line', async () => {
  const crlf = twoContainers('crlf').replace(/\n/g, '\r\n');
  const { uri, diagnostics } = await openFresh(crlf);
  for (const title of ['Ignore missing-prestop for this line', 'Ignore missing-prestop in this file', 'Ignore missing-prestop for this object']) {
    const actions = await client.codeActions(uri, byRule(diagnostics, 'missing-prestop').slice(0, 1));
    const edits = editsFor(actions.find((a) => a.title === title)!.edit, uri);
    assert.ok(
      edits.every((e) => !/(^|[^\r])\n/.test(e.newText)),
      `${title}: ${JSON.stringify(edits)}`,
    );
  }
});

test('a diagnostic from an older version still finds its finding by rule and range', async () => {
  const { uri, diagnostics } = await openFresh(twoContainers(`shop-${counter + 1}`));
  const [first] = byRule(diagnostics, 'missing-prestop');
  await client.change(uri, client.text(uri) + '# trailing comment\n');
  const actions = await client.codeActions(uri, [first!]);
  assert.equal(actions[0]!.title, 'Add a 15 s preStop sleep action');
  // A diagnostic whose range no longer holds a finding gets no fixes.
  const moved = { ...first!, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, data: undefined };
  assert.deepEqual(await client.codeActions(uri, [moved]), []);
});

test('a client that resolves code actions gets fix all without edits, computed when chosen, for the current version only', async () => {
  const resolving = await LspClient.start({
    root: workspace.root,
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
      textDocument: { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } },
    },
  });
  try {
    const uri = workspace.uri(`case-${++counter}/deploy.yaml`);
    await resolving.open(uri, twoContainers(`shop-${counter}`));
    const diagnostics = await resolving.diagnostics(uri, (d) => d.length > 0);
    const actions = await resolving.codeActions(uri, byRule(diagnostics, 'missing-prestop').slice(0, 1));
    const offered = actions.find((a) => a.title === 'Fix all missing-prestop problems in this file')!;
    assert.equal(offered.edit, undefined, 'fix all is not computed for the menu');
    assert.ok(
      actions.some((a) => a.title.startsWith('Add a ') && a.edit),
      'single fixes keep their edits',
    );

    const resolved = await resolving.request<CodeAction>('codeAction/resolve', offered);
    const version = await resolving.apply(uri, resolved);
    const after = await resolving.diagnostics(uri, () => true, { version });
    assert.deepEqual(byRule(after, 'missing-prestop'), []);
    assertParses(resolving.text(uri));
    assert.equal(resolving.text(uri).match(/preStop:/g)?.length, 2);

    const stale = await resolving.request<CodeAction>('codeAction/resolve', offered);
    assert.equal(stale.edit, undefined, 'an action offered for an older version gets no edit');
  } finally {
    await resolving.stop();
  }
});
