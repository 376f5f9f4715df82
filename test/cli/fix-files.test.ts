import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RuleId } from '../../shared/src/rule-ids';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { applyPreferredFixes, MAX_FIX_PASSES } from '../../server/src/cli/fix-files';
import { writeFileAtomic } from '../../server/src/cli/write-file-atomic';
import type { Rule } from '../../server/src/rules/rule';
import { removeTree, tempTree } from './cli-process';

/** A rule that rewrites `kind: FROM` to `kind: TO` (the text `to` may be anything, even broken YAML). */
function kindRule(id: RuleId, from: string, to: string): Rule {
  return {
    meta: { id, defaultSeverity: 'warning', title: id, summary: id, fixable: true, needsCompleteObject: false },
    checkKubernetes: ({ object }) => {
      const range = object.view.range(object.kindPair.value);
      if (object.kind !== from || !range) return [];
      return [{ message: `kind ${from}`, range, fixes: [{ title: `to ${to}`, preferred: true, edits: [{ range, newText: to }] }] }];
    },
  };
}

function analyzerWith(rules: Rule[], text: string): Analyzer {
  const analyzer = new Analyzer({ fs: { readText: () => undefined }, settingsFor: () => DEFAULT_SETTINGS, rules });
  analyzer.setFile('/w/a.yaml', text);
  return analyzer;
}

const OBJECT = 'apiVersion: v1\nkind: A\n';

test('later passes apply what overlapped or what earlier fixes made possible', () => {
  // Both A-rules edit the same range: one per pass; then B becomes C in the next pass.
  const analyzer = analyzerWith([kindRule('shell-form-cmd', 'A', 'B'), kindRule('shell-form-entrypoint', 'A', 'Z'), kindRule('missing-prestop', 'B', 'C')], OBJECT);
  const outcome = applyPreferredFixes(analyzer, ['/w/a.yaml']).get('/w/a.yaml')!;
  assert.deepEqual(outcome, { text: 'apiVersion: v1\nkind: C\n', applied: 2 });
  assert.equal(analyzer.text('/w/a.yaml'), outcome.text);
});

test('fixes that undo each other stop after the last pass', () => {
  const analyzer = analyzerWith([kindRule('shell-form-cmd', 'A', 'B'), kindRule('missing-prestop', 'B', 'A')], OBJECT);
  assert.equal(applyPreferredFixes(analyzer, ['/w/a.yaml']).get('/w/a.yaml')!.applied, MAX_FIX_PASSES);
});

test('a fix that breaks the YAML is refused and the file put back as it was', () => {
  const analyzer = analyzerWith([kindRule('shell-form-cmd', 'A', 'B'), kindRule('missing-prestop', 'B', '[oops')], OBJECT);
  const outcome = applyPreferredFixes(analyzer, ['/w/a.yaml']).get('/w/a.yaml')!;
  assert.deepEqual(outcome, { text: OBJECT, applied: 0, refused: 'the fixed file would no longer parse as YAML' });
  assert.equal(analyzer.text('/w/a.yaml'), OBJECT);
});

test('a fix with edits outside the file is refused', () => {
  const outside: Rule = {
    ...kindRule('shell-form-cmd', 'A', 'B'),
    checkKubernetes: () => [{ message: 'm', range: { start: 0, end: 1 }, fixes: [{ title: 'bad', preferred: true, edits: [{ range: { start: 5, end: 500 }, newText: '' }] }] }],
  };
  const outcome = applyPreferredFixes(analyzerWith([outside], OBJECT), ['/w/a.yaml']).get('/w/a.yaml')!;
  assert.equal(outcome.applied, 0);
  assert.equal(outcome.refused, 'a fix of shell-form-cmd ("bad") has invalid edits');
});

test('writeFileAtomic writes only over the content the run read, keeping the mode', () => {
  const root = tempTree({ 'a.yaml': 'old\n' });
  try {
    const path = join(root, 'a.yaml');
    chmodSync(path, 0o600);
    assert.equal(writeFileAtomic(path, Buffer.from('older\n'), Buffer.from('new\n')), 'changed on disk during the run');
    assert.equal(readFileSync(path, 'utf8'), 'old\n');
    assert.equal(writeFileAtomic(path, Buffer.from('old\n'), Buffer.from('new\n')), undefined);
    assert.equal(readFileSync(path, 'utf8'), 'new\n');
    assert.equal(statSync(path).mode & 0o7777, 0o600);
    assert.equal(writeFileAtomic(join(root, 'gone.yaml'), Buffer.from(''), Buffer.from('x')), 'no such file or directory');
  } finally {
    removeTree(root);
  }
});
