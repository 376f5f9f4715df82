import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimalEdit } from '../../server/src/fix/apply-edits';
import { findingsThroughEdit } from '../../server/src/helm/findings-through-edit';
import type { Finding } from '../../server/src/types';

const TEMPLATE = 'kind: Deployment\nspec:\n  containers:\n    - name: web\n      image: nginx\n';
const PATH = '/chart/templates/deployment.yaml';

/** A finding on the first occurrence of `needle`, with a fix inserting after `web`'s line and a related location on `kind`. */
function findingAt(text: string, needle: string): Finding {
  const start = text.indexOf(needle);
  const insertAt = text.indexOf('\n', text.indexOf('name: web')) + 1;
  return {
    ruleId: 'missing-prestop',
    severity: 'warning',
    path: PATH,
    message: 'no preStop',
    range: { start, end: start + needle.length },
    related: [{ path: PATH, range: { start: 0, end: 4 }, message: 'kind' }],
    fixes: [{ title: 'Add a preStop', edits: [{ range: { start: insertAt, end: insertAt }, newText: '      lifecycle: {}\n' }] }],
  };
}

const textAt = (text: string, range: { start: number; end: number }) => text.slice(range.start, range.end);

describe('template findings moved through an edit that is not rendered yet', () => {
  it('finds the one replacement between two texts', () => {
    assert.deepEqual(minimalEdit('abcdef', 'abXYef'), { range: { start: 2, end: 4 }, newText: 'XY' });
    assert.deepEqual(minimalEdit('abc', 'abXc'), { range: { start: 2, end: 2 }, newText: 'X' });
    assert.deepEqual(minimalEdit('aaa', 'aa'), { range: { start: 2, end: 3 }, newText: '' });
  });

  it('moves findings, related locations and fix edits after the edited stretch; keeps those before it', () => {
    const finding = findingAt(TEMPLATE, 'name: web');
    const after = TEMPLATE.replace('spec:\n', '# typed\n# lines\nspec:\n');
    const [moved] = findingsThroughEdit([finding], PATH, TEMPLATE, after);
    assert.equal(textAt(after, moved!.range), 'name: web');
    assert.equal(textAt(after, moved!.related![0]!.range), 'kind');
    const insert = moved!.fixes![0]!.edits[0]!;
    assert.ok(after.slice(0, insert.range.start).endsWith('name: web\n'));
  });

  it('leaves out a finding whose text the edit touched, and a fix whose edit lands in the edited stretch', () => {
    const finding = findingAt(TEMPLATE, 'name: web');
    assert.deepEqual(findingsThroughEdit([finding], PATH, TEMPLATE, TEMPLATE.replace('name: web', 'name: wob')), []);
    const [kept] = findingsThroughEdit([finding], PATH, TEMPLATE, TEMPLATE.replace('      image: nginx\n', '#     image: nginx\n'));
    assert.equal(textAt(TEMPLATE, kept!.range), 'name: web');
    assert.equal(kept!.fixes!.length, 0);
  });

  it('changes nothing when the text is the one rendered', () => {
    const finding = findingAt(TEMPLATE, 'name: web');
    assert.deepEqual(findingsThroughEdit([finding], PATH, TEMPLATE, TEMPLATE), [finding]);
  });
});
