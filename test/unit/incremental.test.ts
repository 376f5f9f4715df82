import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { KINDS_READ_BY_RULES, RULES } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';
import { everydayManifest, renderedChart } from '../../bench/generate';
import { DiagnosticReuse, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { LineIndex } from '../../server/src/parse/line-index';

/**
 * The analyzer caches rule results per parsed document and shifts them when
 * earlier documents grow or shrink. Whatever the edits, the incremental result
 * must be exactly what a fresh analysis of the final text gives.
 */

const PATH = '/w/chart.yaml';
const PDB_PATH = '/w/pdb.yaml';
const PDB =
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n';

/**
 * Reports on every object, whatever the real rules find, with every kind of offset
 * the cache has to shift: its anchor, a related location in the same document, fix
 * edits at the document's end and at the file's end (on a line of its own, as fixes write
 * there). Its message depends on the
 * index; a workload points at the PDB that covers it (often in the other file), and
 * a Service at the first workload of its file, usually in another document, the way
 * findings point at an HPA; and every object at its file's last workload.
 */
const probe: Rule = {
  meta: { id: 'missing-pdb', defaultSeverity: 'info', title: 'probe', summary: 'probe', fixable: true, needsCompleteObject: false },
  checkKubernetes({ object, document, file, index, pod, path, editor }) {
    const anchor = object.view.keyRange(object.kindPair)!;
    const name = object.view.range(object.view.get(object.view.getMap(object.node, 'metadata'), 'name')) ?? anchor;
    const matching = pod?.podLabels ? index.pdbsMatching(object.namespace, pod.podLabels).sure : undefined;
    const pdbs = matching?.length ?? -1;
    // Like missing-pdb and pdb-blocks-eviction, point at the PDB: often in another file.
    const pdb = matching?.[0] && [{ path: matching[0].source.path, range: matching[0].source.range, message: 'pdb' }];
    const documentEnd = document.start + document.text.length;
    // And forward, at the file's last workload as the index files it (a rule's result depends on its document and the
    // index, never on where the file's documents end): edits between the two move it and not the finding.
    const workloads = index.workloadsMatching(undefined, { matchLabels: {}, matchExpressions: [] }).filter((w) => w.source.path === path);
    const lastWorkload = workloads.at(-1);
    const last =
      lastWorkload && !(lastWorkload.source.range.start >= document.start && lastWorkload.source.range.start <= documentEnd)
        ? lastWorkload.source.range
        : undefined;
    const workload = object.kind === 'Service' ? workloads[0] : undefined;
    return [
      {
        message: `probe ${object.kind} ${object.name} pdbs=${pdbs}`,
        range: anchor,
        related: [
          { path, range: workload?.source.range ?? name, message: 'related' },
          ...(pdb ?? []),
          ...(last ? [{ path, range: last, message: 'last' }] : []),
        ],
        fixes: [
          {
            title: 'append',
            edits: [
              { range: { start: documentEnd, end: documentEnd }, newText: '# d\n' },
              { range: { start: file.text.length, end: file.text.length }, newText: `${file.text.endsWith('\n') ? '' : editor.style.eol}# f\n` },
            ],
          },
        ],
      },
    ];
  },
};

function analyzer(files: Record<string, string>): Analyzer {
  const a = new Analyzer({
    fs: { readText: (p) => files[p] },
    rules: [...RULES, probe],
    onRuleError: (rule, path, error) => {
      throw new Error(`rule ${rule} threw on ${path}: ${String((error as Error)?.stack ?? error)}`);
    },
  });
  for (const [path, text] of Object.entries(files)) a.setFile(path, text);
  return a;
}

/** Text typed or pasted: plain characters, line breaks, document markers, keys, templates, broken syntax. */
const FRAGMENTS = [
  'x',
  ' ',
  '\n',
  '\r\n',
  '---\n',
  '\n---\n',
  '#',
  ': ',
  '- ',
  '"',
  '{{ .Values.x }}',
  '  replicas: 2\n',
  'kind: Service\n',
  '\t',
  '[',
  'é',
  '...\n',
];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 600 })),
  insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })),
});

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const start = Math.min(text.length, Math.floor(e.at * text.length));
  return text.slice(0, start) + e.insert + text.slice(Math.min(text.length, start + e.remove));
}

/** Most edits go to the large file; some to the PDB's file, whose facts the large file's findings use and point at. */
const fileEdit = fc.record({ inPdbFile: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), edit });

/**
 * Random edit sequences on a chart (and the PDB's file): `start` gets the files and their analyzer before the
 * first edit, and gives the check to run after each one.
 */
function afterEachOfAnyEdits(start: (files: Record<string, string>, incremental: Analyzer) => () => void): void {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 14 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.array(fileEdit, { minLength: 1, maxLength: 12 }),
      (documents, seed, edits) => {
        const files = { [PATH]: renderedChart(documents, seed) + '---\n' + everydayManifest(), [PDB_PATH]: PDB };
        const incremental = analyzer(files);
        const check = start(files, incremental);
        for (const { inPdbFile, edit: e } of edits) {
          const path = inPdbFile ? PDB_PATH : PATH;
          files[path] = apply(files[path]!, e);
          incremental.setFile(path, files[path]!);
          check();
        }
      },
    ),
    { numRuns: 60, includeErrorInReport: true },
  );
}

test('after any sequence of edits, incremental findings equal a fresh analysis of the final text', () => {
  afterEachOfAnyEdits((files, incremental) => {
    incremental.analyze(PATH, DEFAULT_SETTINGS);
    // Analysing after every step is what an editor does: each result fills the cache the next one reuses.
    return () => assert.deepEqual(incremental.analyze(PATH, DEFAULT_SETTINGS), analyzer(files).analyze(PATH, DEFAULT_SETTINGS));
  });
});

/** The file's diagnostics as the server sends them after each keystroke (`kept`), and built from nothing (`fresh`). */
function publisher(files: Record<string, string>, incremental: Analyzer) {
  const reuse = new DiagnosticReuse();
  return () => {
    const analysis = incremental.analyze(PATH, DEFAULT_SETTINGS)!;
    const related = { locate: (path: string) => (files[path] === undefined ? undefined : { uri: path, lines: new LineIndex(files[path]) }) };
    const lines = new LineIndex(files[PATH]!);
    return { kept: toDiagnostics(analysis, lines, related, reuse), fresh: toDiagnostics(analysis, lines, related, new DiagnosticReuse()) };
  };
}

test('after any sequence of edits, the diagnostics sent again from kept ones equal diagnostics built afresh', () => {
  afterEachOfAnyEdits((files, incremental) => {
    const publish = publisher(files, incremental);
    publish();
    return () => {
      const { kept, fresh } = publish();
      assert.deepEqual(kept, fresh);
    };
  });
});

test('a keystroke sends the diagnostics of every other document as the objects sent before', () => {
  const files = { [PATH]: renderedChart(12, 3), [PDB_PATH]: PDB };
  const incremental = analyzer(files);
  const publish = publisher(files, incremental);
  const before = publish().kept;
  // In the first workload: the probe's findings point at the file's last one.
  const at = files[PATH].indexOf('value: "') + 'value: "'.length;
  // The edited document is checked again: its findings, and so its diagnostics, are new.
  const lines = new LineIndex(files[PATH]);
  const [first, last] = [lines.positionAt(files[PATH].lastIndexOf('\n---', at)).line, lines.positionAt(files[PATH].indexOf('\n---', at)).line];
  files[PATH] = files[PATH].slice(0, at) + 'x' + files[PATH].slice(at);
  incremental.setFile(PATH, files[PATH]);
  const after = publish().kept;
  assert.equal(after.length, before.length);
  // Nor may they point into it, or into another file (the PDB's): such results are checked again each time.
  const away = (range: { start: { line: number }; end: { line: number } }) => range.end.line < first || range.start.line > last;
  const elsewhere = after.filter((d) => away(d.range) && (d.relatedInformation ?? []).every((r) => r.location.uri === PATH && away(r.location.range)));
  assert.ok(elsewhere.length > 10, `${elsewhere.length} diagnostics away from the edit`);
  for (const diagnostic of elsewhere) assert.ok(before.includes(diagnostic), `${diagnostic.code} at line ${diagnostic.range.start.line} was built again`);
  assert.ok(
    after.every((d) => Object.isFrozen(d) && Object.isFrozen(d.range.start)),
    'what the encoder keeps JSON of never changes',
  );
  // A line typed in the document before the last workload moves what earlier findings point at there, not the findings.
  const lineStart = files[PATH].lastIndexOf('kind: Service', files[PATH].lastIndexOf('kind: Deployment'));
  files[PATH] = files[PATH].slice(0, lineStart) + '# typed\n' + files[PATH].slice(lineStart);
  incremental.setFile(PATH, files[PATH]);
  const { kept, fresh } = publish();
  assert.deepEqual(kept, fresh);
  assert.ok(
    kept.some((d, i) => d.range.end.line < first && d !== after[i]),
    'a diagnostic above the edit whose related location moved is built again',
  );
});

test('a change in another file that alters the index re-checks cached documents', () => {
  const text = renderedChart(6, 7) + '---\n' + everydayManifest();
  const files = { [PATH]: text, [PDB_PATH]: PDB };
  const incremental = analyzer(files);
  const before = incremental.analyze(PATH, DEFAULT_SETTINGS)!;
  assert.ok(
    before.findings.some((f) => f.message === 'probe Deployment web pdbs=1'),
    'the web Deployment is covered by the PDB',
  );
  incremental.setFile(PDB_PATH, PDB.replace('app: web', 'app: other'));
  const after = incremental.analyze(PATH, DEFAULT_SETTINGS)!;
  assert.ok(after.findings.some((f) => f.message === 'probe Deployment web pdbs=0'));
  assert.deepEqual(after, analyzer({ ...files, [PDB_PATH]: PDB.replace('app: web', 'app: other') }).analyze(PATH, DEFAULT_SETTINGS));
});

test('an edit costs one document wherever it lands, with or without a final line break, and equals a fresh analysis', () => {
  let checks = 0;
  const counted = RULES.map((r) =>
    r.checkKubernetes ? { ...r, checkKubernetes: (c: Parameters<NonNullable<Rule['checkKubernetes']>>[0]) => (checks++, r.checkKubernetes!(c)) } : r,
  );
  for (const finalLineBreak of [true, false]) {
    const base = renderedChart(60, 5).replace(/\n$/, finalLineBreak ? '\n' : '');
    const lastLine = base.lastIndexOf('\n', base.length - 2) + 1;
    // Comments typed (and deleted again) change no cross-file fact: only the edited document needs a new check.
    const spots: Record<string, [number, string]> = {
      'start of file': [0, '#\n'],
      'first workload': [base.indexOf('value: "') + 'value: "'.length, ' #'],
      middle: [base.indexOf('value: "', base.length / 2) + 'value: "'.length, ' #'],
      'start of the last line': [lastLine, '#\n'],
      'end of the last line': [finalLineBreak ? base.length - 1 : base.length, ' #'],
      'end of file': [base.length, ' #'],
    };
    const incremental = new Analyzer({ fs: { readText: () => undefined }, rules: counted, ruleKinds: KINDS_READ_BY_RULES });
    incremental.setFile(PATH, base);
    incremental.analyze(PATH, DEFAULT_SETTINGS);
    const perObject = counted.filter((r) => r.checkKubernetes).length;
    assert.ok(checks > 10 * perObject, 'the first analysis checks every workload');
    for (const [where, [at, comment]] of Object.entries(spots)) {
      for (const text of [base.slice(0, at) + comment + base.slice(at), base]) {
        checks = 0;
        incremental.setFile(PATH, text);
        const result = incremental.analyze(PATH, DEFAULT_SETTINGS);
        assert.ok(checks <= perObject, `${where} (final line break: ${finalLineBreak}): ${checks} rule checks, more than one object's ${perObject}`);
        const reference = new Analyzer({ fs: { readText: () => undefined }, rules: counted, ruleKinds: KINDS_READ_BY_RULES });
        reference.setFile(PATH, text);
        assert.deepEqual(result, reference.analyze(PATH, DEFAULT_SETTINGS), `${where} (final line break: ${finalLineBreak})`);
      }
    }
  }
});
