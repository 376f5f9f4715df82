import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULE_IDS } from '../../shared/src/rule-ids';
import { RULES } from '../../server/src/rules/registry';
import { rulePage, rulePageSection } from '../../server/src/rules/rule-page';

test('the registry holds every catalog rule once, in catalog order', () => {
  assert.deepEqual(
    RULES.map((r) => r.meta.id),
    [...RULE_IDS],
  );
});

test('docs/rules holds one page per rule and nothing else', () => {
  const pages = readdirSync(join(__dirname, '..', '..', 'docs', 'rules')).filter((name) => name.endsWith('.md'));
  assert.deepEqual(pages.sort(), RULE_IDS.map((id) => `${id}.md`).sort());
});

for (const { meta, checkDockerfile, checkKubernetes } of RULES) {
  test(`${meta.id}: metadata and documentation page`, () => {
    assert.ok(checkDockerfile || checkKubernetes, 'the rule checks nothing');
    assert.ok(meta.title.length > 10 && meta.title !== meta.id, 'title');
    assert.ok(meta.summary.length > 20 && meta.summary !== meta.id, 'summary');
    // The page is written by hand; its head must still agree with the rule's metadata.
    const facts = `Default severity: **${meta.defaultSeverity}** · Automatic fix: **${meta.fixable ? 'yes' : 'no'}** · Runs on kustomize patches: **${meta.needsCompleteObject ? 'no' : 'yes'}**`;
    assert.ok(rulePage(meta.id).startsWith(`# ${meta.id}\n\n${meta.summary}\n\n${facts}\n\n`), 'the page starts with its id, the summary and the facts line');
    for (const section of ['Why it matters', 'What triggers it', 'How to fix', 'Example']) {
      assert.ok(rulePageSection(meta.id, section), `the page lacks "## ${section}"`);
    }
  });
}
