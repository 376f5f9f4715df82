import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments, parseDocument } from 'yaml';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { renderedPathOf } from '../../server/src/helm/rendered-output';
import type { Fix } from '../../server/src/types';
import { chartCopy, lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

type Linted = Awaited<ReturnType<typeof lintWithHelm>>;

const findingsIn = (linted: Linted, path: string) => linted.files.find((f) => f.path === path)?.findings ?? [];
const objects = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as unknown);

/** Writes a fix into the chart on disk: its template edits and its values.yaml edits. */
function applyFix(templatePath: string, fix: Fix): void {
  const files = [...(fix.edits.length > 0 ? [{ path: templatePath, edits: fix.edits }] : []), ...(fix.otherFiles ?? [])];
  for (const { path, edits } of files) writeFileSync(path, applyEdits(readFileSync(path, 'utf8'), edits));
}

/** The fix on the rendered text that a mapped fix came from (same rule, its title without the values note). */
function renderedFix(linted: Linted, template: string, ruleId: string, title: string): Fix {
  const findings = linted.workspace.analyzer.analyze(renderedPathOf(template), DEFAULT_SETTINGS)?.findings ?? [];
  const fix = findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.fixes ?? []).find((x) => title.startsWith(`${x.title} (`));
  assert.ok(fix, `no rendered fix for ${title}`);
  return fix;
}

describe('fixes that set a key in values.yaml (real helm)', { skip }, () => {
  it('are offered where a directive prints one values key as it is; each, applied and re-rendered, removes its finding and changes nothing else', async () => {
    const first = chartCopy('values-fixes');
    let offered: string[];
    try {
      const linted = await lintWithHelm([first.chart], helm);
      offered = findingsIn(linted, `${first.chart}/templates/deployment.yaml`).flatMap((f) => (f.fixes ?? []).map((fix) => `${f.ruleId}: ${fix.title}`));
    } finally {
      first.dispose();
    }
    assert.deepEqual(offered, [
      'grace-period-shortfall: Set terminationGracePeriodSeconds to 15 (0 s preStop + 15 s drain) (sets `.Values.grace` in values.yaml)',
      'missing-prestop: Add a 15 s preStop sleep action and set terminationGracePeriodSeconds to 30 (sets `.Values.lifecycle`, `.Values.grace` in values.yaml)',
      'liveness-checks-dependencies: Replace the httpGet check with a tcpSocket check on port http (sets `.Values.livenessProbe` in values.yaml)',
      'liveness-checks-dependencies: Change the liveness path to /livez (sets `.Values.livenessProbe` in values.yaml)',
    ]);

    for (const [index, label] of offered.entries()) {
      const { chart, dispose } = chartCopy('values-fixes');
      try {
        const template = `${chart}/templates/deployment.yaml`;
        const before = await lintWithHelm([chart], helm);
        const [ruleId = ''] = label.split(':');
        const fix = findingsIn(before, template).flatMap((f) => f.fixes ?? [])[index]!;
        assert.equal(fix.edits.length, 0, `${label}: every edit is in values.yaml`);
        assert.deepEqual(
          fix.otherFiles?.map((f) => f.path),
          [`${chart}/values.yaml`],
        );
        const rendered = renderedFix(before, template, ruleId, fix.title);
        const renderedBefore = before.charts.renderedFile(renderedPathOf(template))!.text;
        const otherBefore = before.charts.renderedFile(renderedPathOf(`${chart}/templates/refused.yaml`))!.text;
        const valuesBefore = readFileSync(`${chart}/values.yaml`, 'utf8');
        applyFix(template, fix);

        const valuesAfter = readFileSync(`${chart}/values.yaml`, 'utf8');
        assert.equal(parseDocument(valuesAfter).errors.length, 0, `${label}: values.yaml still parses`);
        // The comment above the keys no fix touches stays.
        assert.ok(valuesAfter.startsWith(valuesBefore.slice(0, valuesBefore.indexOf('\n') + 1)));
        const after = await lintWithHelm([chart], helm);
        assert.deepEqual(after.charts.problems, [], `${label}: the chart still renders`);
        const count = (l: Linted) => findingsIn(l, template).filter((f) => f.ruleId === ruleId).length;
        assert.equal(count(after), count(before) - 1, `${label}: its finding is gone`);
        // The render changed exactly as the fix changed the rendered text (toYaml may order keys differently).
        assert.deepEqual(objects(after.charts.renderedFile(renderedPathOf(template))!.text), objects(applyEdits(renderedBefore, rendered.edits)), label);
        assert.equal(after.charts.renderedFile(renderedPathOf(`${chart}/templates/refused.yaml`))!.text, otherBefore);
      } finally {
        dispose();
      }
    }
  });

  it('are not offered where one value would change several places, a condition reads it, it is transformed, or the user overrides it', async () => {
    const { root, chart, dispose } = chartCopy('values-fixes', (dir) =>
      writeFileSync(`${dir}/prod.yaml`, 'livenessProbe:\n  httpGet:\n    path: /ready\n    port: http\n'),
    );
    try {
      const refused = await lintWithHelm([chart], helm);
      const inRefused = findingsIn(refused, `${chart}/templates/refused.yaml`);
      // first and second print the same key; gated's condition reads inside it; templated goes through tpl.
      assert.equal(inRefused.filter((f) => f.ruleId === 'liveness-checks-dependencies').length, 4);
      assert.ok(inRefused.every((f) => f.fixes === undefined));

      const overridden = await lintWithHelm([chart], helm, { values: [`${root}/prod.yaml`], set: ['grace=10'] });
      const inDeployment = findingsIn(overridden, `${chart}/templates/deployment.yaml`);
      assert.deepEqual(
        inDeployment.map((f) => [f.ruleId, (f.fixes ?? []).length]),
        [
          ['grace-period-shortfall', 0],
          ['missing-prestop', 0],
          ['liveness-checks-dependencies', 0],
        ],
      );
    } finally {
      dispose();
    }
  });
});
