import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { detectStyle, YamlEditor } from '../../server/src/fix/yaml-edit';
import { parseYamlFile, YamlView } from '../../server/src/parse/yaml-file';

function containerOf(text: string) {
  const view = new YamlView(parseYamlFile(text).documents[0]!);
  const spec = view.getMap(view.asMap(view.root), 'spec');
  const container = view.asMap(view.getSeq(spec, 'containers')!.items[0])!;
  return { view, spec: spec!, container, editor: new YamlEditor(text) };
}

test('detects indent width and sequence style', () => {
  assert.deepEqual(detectStyle('a:\n  b:\n  - x\n'), { indent: 2, indentSequences: false, eol: '\n' });
  assert.deepEqual(detectStyle('a:\n    b:\n        - x\n'), { indent: 4, indentSequences: true, eol: '\n' });
  assert.equal(detectStyle('a:\r\n  b: 1\r\n').eol, '\r\n');
});

test('the habits of a large file are read from its first lines, as far down as they first show', () => {
  const nested = 'spec:\n    containers:\n        - name: app\n';
  for (const flatLines of [0, 150, 300, 3000, 5000]) {
    // Flat lines (no nesting) push the first nested mapping below 4 KB, 64 KB, or neither; a key line may end a prefix.
    for (const pad of [0, 1, 7]) {
      const text = `${'x'.repeat(pad)}k: v\n`.repeat(flatLines) + nested + 'tail:\n  - y\n'.repeat(2000);
      assert.deepEqual(detectStyle(text), { indent: 4, indentSequences: true, eol: '\n' }, `${flatLines} flat lines of ${pad + 5} bytes`);
    }
  }
});

test('inserts nested keys after the last entry, in the file style', () => {
  const text = 'spec:\n    containers:\n        - name: app\n          image: x # pinned\n    restartPolicy: Always\n';
  const { view, container, editor } = containerOf(text);
  const edit = editor.insertUnder(view, container, 'lifecycle', { preStop: { sleep: { seconds: 15 } } })!;
  assert.equal(
    applyEdits(text, [edit]),
    'spec:\n    containers:\n        - name: app\n          image: x # pinned\n          lifecycle:\n              preStop:\n                  sleep:\n                      seconds: 15\n    restartPolicy: Always\n',
  );
});

test('keeps CRLF and handles a file without a final newline', () => {
  const text = 'spec:\r\n  containers:\r\n  - name: app\r\n    image: x';
  const { view, container, editor } = containerOf(text);
  const edit = editor.insertIntoMap(view, container, { command: ['sleep', '1'] })!;
  assert.equal(applyEdits(text, [edit]), 'spec:\r\n  containers:\r\n  - name: app\r\n    image: x\r\n    command: ["sleep", "1"]\r\n');
});

test('inserting after a block scalar lands after its last line', () => {
  const text = 'spec:\n  containers:\n  - name: app\n    args:\n    - |\n      echo hi\n      run\n  restartPolicy: Always\n';
  const { view, container, editor } = containerOf(text);
  const edit = editor.insertIntoMap(view, container, { image: 'x' })!;
  assert.equal(
    applyEdits(text, [edit]),
    'spec:\n  containers:\n  - name: app\n    args:\n    - |\n      echo hi\n      run\n    image: x\n  restartPolicy: Always\n',
  );
});

test('flow maps get no edit', () => {
  const text = 'spec: {containers: [{name: app, image: x}]}\n';
  const { view, container, editor } = containerOf(text);
  assert.equal(editor.insertIntoMap(view, container, { a: 1 }), undefined);
});

test('removes a pair with its nested lines, refusing when it shares a line', () => {
  const text = 'spec:\n  containers:\n  - name: app\n    livenessProbe:\n      initialDelaySeconds: 60\n      periodSeconds: 5\n    image: x\n';
  const { view, container, editor } = containerOf(text);
  const probe = view.getMap(container, 'livenessProbe')!;
  const edit = editor.removePair(view, probe, view.pair(probe, 'initialDelaySeconds')!)!;
  assert.equal(applyEdits(text, [edit]), 'spec:\n  containers:\n  - name: app\n    livenessProbe:\n      periodSeconds: 5\n    image: x\n');
  assert.equal(editor.removePair(view, container, view.pair(container, 'name')!), undefined);
});

test('replaces a scalar keeping its quotes', () => {
  const text = 'spec:\n  containers:\n  - name: "app"\n';
  const { view, container, editor } = containerOf(text);
  const edit = editor.replaceScalar(view, view.pair(container, 'name')!.value, 'web')!;
  assert.equal(applyEdits(text, [edit]), 'spec:\n  containers:\n  - name: "web"\n');
});

test('appends a document', () => {
  const editor = new YamlEditor('a: 1');
  assert.equal(applyEdits('a: 1', [editor.appendDocument({ kind: 'X', spec: { n: 1 } })]), 'a: 1\n---\nkind: X\nspec:\n  n: 1\n');
});

test('renders strings that YAML would misread with quotes', () => {
  const text = 'spec:\n  containers:\n  - name: app\n';
  const { view, container, editor } = containerOf(text);
  const edit = editor.insertIntoMap(view, container, { a: 'true', b: '0%', c: '/readyz', d: 'plain' })!;
  assert.equal(edit.newText, '    a: "true"\n    b: "0%"\n    c: /readyz\n    d: plain\n');
});
