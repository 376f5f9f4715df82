import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { parseYamlFile } from '../../server/src/parse/yaml-file';

/** Fuzz effort: CI keeps it small; `npm run fuzz` sets GRACEFUL_FUZZ_RUNS higher. */
const RUNS = Number(process.env.GRACEFUL_FUZZ_RUNS ?? 150);
const CORPUS = join(__dirname, '..', 'corpora', 'k8s');

function corpusSample(limit: number): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && statSync(p).size < 60_000) out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(CORPUS);
  // Every n-th file: a deterministic spread over all projects.
  const step = Math.max(1, Math.floor(out.length / limit));
  return out.filter((_, i) => i % step === 0).slice(0, limit);
}

function analyzeOnce(path: string, text: string) {
  const analyzer = new Analyzer({
    fs: { readText: () => undefined },
    onRuleError: (rule, _path, error) => {
      throw new Error(`rule ${rule} threw: ${String((error as Error)?.stack ?? error)}`);
    },
  });
  analyzer.setFile(path, text);
  const started = performance.now();
  const result = analyzer.analyze(path, DEFAULT_SETTINGS)!;
  const elapsed = performance.now() - started;
  return { result, elapsed };
}

/** The promises every analysis keeps, whatever the input. */
function checkInvariants(path: string, text: string): void {
  const { result, elapsed } = analyzeOnce(path, text);
  // A hang guard, not a benchmark: generous enough for a loaded CI machine.
  assert.ok(elapsed < 2000 + (text.length / 1024) * 50, `analysis took ${elapsed.toFixed(0)} ms for ${text.length} chars`);
  const parsedCleanly = parseYamlFile(text).documents.every((d) => d.errors.length === 0);
  for (const finding of result.findings) {
    assert.ok(
      finding.range.start >= 0 && finding.range.start <= finding.range.end && finding.range.end <= text.length,
      `range outside the document: ${JSON.stringify(finding.range)}`,
    );
    for (const fix of finding.fixes ?? []) {
      for (const edit of fix.edits)
        assert.ok(edit.range.start >= 0 && edit.range.end <= text.length && edit.range.start <= edit.range.end, 'fix edit outside the document');
      const fixed = applyEdits(text, fix.edits);
      if (parsedCleanly && path.endsWith('.yaml')) {
        const errors = parseYamlFile(fixed).documents.flatMap((d) => d.errors.map((e) => e.message));
        assert.deepEqual(errors, [], `fix "${fix.title}" of ${finding.ruleId} broke the YAML`);
      }
    }
  }
}

const mutation = (length: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(length) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(length), count: fc.nat(40) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(length),
      text: fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          '\t',
          '\r\n',
          '\uFEFF',
          '\0',
          '<<<<<<< HEAD\n',
          '=======\n',
          '>>>>>>> branch\n',
          '{{ .Values.x }}',
          '&a ',
          '*a',
          '- ',
          ': ',
          '"',
          "'",
          '\uD800',
          'x'.repeat(5000),
        ),
      ),
    }),
    fc.record({ kind: fc.constant('crlf' as const) }),
  );

function mutate(text: string, m: { kind: string; at?: number; count?: number; text?: string }): string {
  const at = Math.min(m.at ?? 0, text.length);
  if (m.kind === 'truncate') return text.slice(0, at);
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + (m.count ?? 0));
  if (m.kind === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  return text.replace(/\r?\n/g, '\r\n');
}

test('arbitrary text never breaks the analysis (YAML and Dockerfile)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400, unit: 'binary' }), fc.constantFrom('/w/x.yaml', '/w/Dockerfile'), (text, path) => checkInvariants(path, text)),
    { numRuns: RUNS },
  );
});

test('YAML-shaped noise never breaks the analysis', () => {
  const token = fc.constantFrom(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'kind: List',
    'items:',
    'spec:',
    'template:',
    'containers:',
    '- name: a',
    'lifecycle:',
    'preStop:',
    'exec:',
    'command: ["sh", "-c", "sleep 5"]',
    'livenessProbe:',
    'httpGet:',
    'path: /db',
    'replicas: 3',
    'replicas: x',
    '- &a {x: 1}',
    '- *a',
    '<<: *a',
    '---',
    '...',
    '{{ if }}',
    '  ',
    '    ',
    '\t',
    '#',
    'ports: [{containerPort: 80}]',
    'terminationGracePeriodSeconds: -1',
  );
  const doc = fc.array(fc.tuple(fc.nat(6), token), { maxLength: 40 }).map((lines) => lines.map(([indent, t]) => ' '.repeat(indent * 2) + t).join('\n'));
  fc.assert(
    fc.property(doc, (text) => checkInvariants('/w/x.yaml', text)),
    { numRuns: RUNS },
  );
});

test('mutations of real corpus files never break the analysis', () => {
  const files = corpusSample(60);
  assert.ok(files.length > 20, 'corpus not found');
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.array(mutation(4000), { minLength: 1, maxLength: 4 }), (file, mutations) => {
      const text = mutations.reduce(mutate, file.text);
      checkInvariants('/w/' + file.path.slice(CORPUS.length + 1).replace(/[^\w./-]/g, '_'), text);
    }),
    { numRuns: RUNS },
  );
});
