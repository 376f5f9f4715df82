import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { renderedChart } from '../../bench/generate';
import { buildServer, LspClient, tempWorkspace } from './lsp-client';

let workspace: ReturnType<typeof tempWorkspace>;
let client: LspClient;

before(async () => {
  buildServer();
  workspace = tempWorkspace({ 'README.md': '# nothing to index\n' });
  client = await LspClient.start({ root: workspace.root });
});

after(async () => {
  await client.stop();
  workspace.dispose();
});

const key = (d: Diagnostic) => JSON.stringify([d.code, d.range, d.message]);

/**
 * Opens `text` and waits for its first two publications: the leading documents' diagnostics, then the whole
 * file's, the first exactly the second's on the lines it covers. Returns both.
 */
async function previewThenWhole(editor: LspClient, uri: string, text: string): Promise<{ first: Diagnostic[]; whole: Diagnostic[] }> {
  await editor.open(uri, text);
  await editor.waitFor('two publications', () => (editor.published.filter((p) => p.uri === uri && p.version === 1).length >= 2 ? true : undefined));
  const [first = [], whole = []] = editor.published.filter((p) => p.uri === uri).map((p) => p.diagnostics);
  assert.ok(first.length > 0 && first.length < whole.length, `${first.length} then ${whole.length}`);
  const lastLine = Math.max(...first.map((d) => d.range.start.line));
  assert.deepEqual(first.map(key), whole.filter((d) => d.range.start.line <= lastLine).map(key));
  return { first, whole };
}

test('a large file opened first gets the diagnostics of its leading documents, then of the whole file', async () => {
  // Not on disk: the workspace index never reads it, so the open alone decides what is parsed when.
  const uri = workspace.uri('charts/rendered.yaml');
  const text = renderedChart(400, 3);
  assert.ok(text.length >= 128 * 1024);
  await previewThenWhole(client, uri, text);
});

test('a large file on the disk, opened as the server starts, gets its leading documents first and both publications know the other files of the workspace', async () => {
  const text = renderedChart(400, 3);
  // A PDB in another file that covers every workload: a check against an index without it would report missing-pdb.
  const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: everything\nspec:\n  maxUnavailable: 1\n  selector: {}\n';
  const onDisk = tempWorkspace({ 'charts/rendered.yaml': text, 'policies/pdb.yaml': pdb });
  const editor = await LspClient.start({ root: onDisk.root });
  try {
    const uri = onDisk.uri('charts/rendered.yaml');
    const { first, whole } = await previewThenWhole(editor, uri, text);
    assert.deepEqual(
      [...first, ...whole].filter((d) => d.code === 'missing-pdb'),
      [],
    );
    assert.ok(whole.some((d) => d.code === 'missing-prestop'));
  } finally {
    await editor.stop();
    onDisk.dispose();
  }
});
