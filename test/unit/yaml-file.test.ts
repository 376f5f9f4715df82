import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskTemplates } from '../../server/src/parse/helm-mask';
import fc from 'fast-check';
import { hasDirectiveLine, parseYamlFile, skippable, splitDocuments, YamlView } from '../../server/src/parse/yaml-file';

test('splits a stream at document markers and keeps offsets', () => {
  const text = 'a: 1\n---\nb: 2\n--- # comment\nc: 3\n...\nd: 4\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['a: 1\n', '---\nb: 2\n', '--- # comment\nc: 3\n...\n', 'd: 4\n'],
  );
  for (const c of chunks) assert.equal(text.slice(c.start, c.start + c.text.length), c.text);
});

test('a leading --- after comments starts the first document, not an empty one', () => {
  const chunks = splitDocuments('# header\n---\na: 1\n');
  assert.equal(chunks.length, 1);
});

test('--- inside a value is not a marker', () => {
  assert.equal(splitDocuments('a: |\n  ---\n  x\nb: ---x\n').length, 1);
});

test('node ranges are file offsets in every document', () => {
  const text = 'kind: A\n---\nkind: B\n';
  const file = parseYamlFile(text);
  const view = new YamlView(file.documents[1]!);
  const pair = view.pair(view.asMap(view.root), 'kind')!;
  const range = view.range(pair.value)!;
  assert.equal(text.slice(range.start, range.end), 'B');
});

test('an edit re-parses only the document it touches', () => {
  const before = parseYamlFile('a: 1\n---\nb: 2\n---\nc: 3\n');
  const after = parseYamlFile('a: 1\n---\nb: 22\n---\nc: 3\n', before);
  assert.equal(after.documents[0], before.documents[0]);
  assert.notEqual(after.documents[1], before.documents[1]);
  // The third document moved by one character: same parse, shifted start.
  assert.equal(after.documents[2]!.doc, before.documents[2]!.doc);
  assert.equal(after.documents[2]!.start, before.documents[2]!.start + 1);
});

test('syntax errors carry file offsets', () => {
  const file = parseYamlFile('a: 1\n---\nb: [1, 2\n');
  assert.equal(file.documents[0]!.errors.length, 0);
  assert.ok(file.documents[1]!.errors.length > 0);
  assert.ok(file.documents[1]!.errors[0]!.range.start >= 5);
});

test('templates are masked with text of the same length', () => {
  const text = 'spec:\n  {{- if .Values.x }}\n  replicas: {{ .Values.replicas }}\n  {{- end }}\n';
  const masked = maskTemplates(text);
  assert.equal(masked.length, text.length);
  assert.equal(masked.split('\n')[1]!.trim(), '');
  assert.match(masked, /replicas: _+\n/);
});

test('templated values read as unknown, literal ones as known', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: fixed\n';
  const file = parseYamlFile(text);
  assert.equal(file.documents[0]!.errors.length, 0);
  const view = new YamlView(file.documents[0]!);
  const metadata = view.getMap(view.asMap(view.root), 'metadata');
  assert.equal(view.getString(metadata, 'name'), undefined);
  assert.equal(view.getString(metadata, 'namespace'), 'fixed');
});

test('anchors, aliases and merge keys resolve', () => {
  const text = 'base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n';
  const view = new YamlView(parseYamlFile(text).documents[0]!);
  const root = view.asMap(view.root);
  assert.equal(view.getNumber(view.getMap(root, 'use'), 'x'), 1);
  assert.equal(view.getNumber(view.getMap(root, 'merged'), 'x'), 1);
  assert.equal(view.getNumber(view.getMap(root, 'merged'), 'y'), 2);
});

test('a billion-laughs document stops resolving aliases instead of hanging', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  const view = new YamlView(parseYamlFile(lines.join('\n') + '\n').documents[0]!);
  let visited = 0;
  const walk = (node: unknown): void => {
    visited++;
    const seq = view.asSeq(node);
    for (const item of seq?.items ?? []) walk(item);
  };
  walk(view.get(view.asMap(view.root), 'a11'));
  // Unbounded, this walk would visit 10^11 nodes; the alias budget stops it early.
  assert.ok(visited < 20_000, `visited ${visited}`);
});

test('a BOM and CRLF line endings parse with correct offsets', () => {
  const text = '\uFEFFkind: A\r\nname: x\r\n';
  const view = new YamlView(parseYamlFile(text).documents[0]!);
  const pair = view.pair(view.asMap(view.root), 'name')!;
  const range = view.range(pair.value)!;
  assert.equal(text.slice(range.start, range.end), 'x');
});

test("a document's kind is read from its kind line without parsing, when that is unambiguous", () => {
  const kind = (text: string) => parseYamlFile(text).documents[0]!.rootKind;
  assert.equal(kind('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "1"\n'), 'ConfigMap');
  assert.equal(kind('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole # comment\r\nrules: []\r\n'), 'ClusterRole');
  assert.equal(kind('apiVersion: v1\nkind: ConfigMap\nkind: Deployment\n'), undefined, 'duplicate keys: parse and let the last win');
  assert.equal(kind('{apiVersion: v1, kind: ConfigMap}\n'), undefined, 'flow style is parsed');
  assert.equal(kind('apiVersion: v1\nkind: {{ .Values.kind }}\n'), undefined, 'templated');
  assert.equal(
    kind(
      '{{- if .Values.crds }}\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  description: "{{ .Release.Name }}"\n{{- end }}\n',
    ),
    'CustomResourceDefinition',
    'a literal kind line in a templated document',
  );
  assert.equal(kind('{{- if .Values.job }}\nkind: Job\n{{- else }}\nkind: Deployment\n{{- end }}\n'), undefined, 'either kind, as the template decides');
  const doc = (text: string) => parseYamlFile(text).documents[0]!;
  const kinds = new Set(['Deployment']);
  assert.equal(skippable(doc('kind: ConfigMap\n'), kinds), true);
  assert.equal(skippable(doc('kind: Deployment\n'), kinds), false);
  assert.equal(skippable(doc('kind: PodList\nitems: []\n'), kinds), false, 'lists are unwrapped');
  assert.equal(skippable(doc('kind: ConfigMap\n'), undefined), false, 'a reader of every kind');
});

test('a skipped document still has its syntax errors for a CLI that reports them', () => {
  const [document] = parseYamlFile('apiVersion: v1\nkind: ConfigMap\ndata: [1, 2\n').documents;
  assert.equal(document!.rootKind, 'ConfigMap');
  assert.ok(document!.errors.length > 0);
});

test('a directive line is found wherever /^%/m finds one', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('%', '\n', '\r', '\u2028', '\u2029', ' ', 'a', '%YAML 1.2', '---')).map((parts) => parts.join('')),
      (text) => {
        assert.equal(hasDirectiveLine(text), /^%/m.test(text), JSON.stringify(text));
      },
    ),
    { numRuns: 2000 },
  );
});
