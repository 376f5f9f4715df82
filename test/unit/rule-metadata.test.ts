import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULE_IDS } from '../../shared/src/rule-ids';
import { RULES } from '../../server/src/rules/registry';
import { renderRulePage } from '../../server/src/rules/rule-page';

test('the registry holds every catalog rule once, in catalog order', () => {
  assert.deepEqual(RULES.map((r) => r.meta.id), [...RULE_IDS]);
});

for (const { meta, checkDockerfile, checkKubernetes } of RULES) {
  test(`${meta.id}: metadata and documentation page`, () => {
    assert.ok(checkDockerfile || checkKubernetes, 'the rule checks nothing');
    assert.ok(meta.title.length > 10 && meta.title !== meta.id, 'title');
    assert.ok(meta.summary.length > 20 && meta.summary !== meta.id, 'summary');
    for (const section of ['## Why it matters', '## What triggers it', '## How to fix', '## Example']) {
      assert.ok(meta.docs.includes(section), `docs lack "${section}"`);
    }
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${meta.id}.md`), 'utf8');
    assert.equal(page, renderRulePage(meta), 'docs/rules page is out of date: run npm run docs');
  });
}
