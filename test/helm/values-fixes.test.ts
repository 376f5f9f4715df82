import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments, parseDocument } from 'yaml';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { renderedPathOf } from '../../server/src/helm/rendered-output';
import type { Fix } from '../../server/src/types';
import { chartCopy, CORPUS, FIXTURES, lintWithHelm } from './chart-workspace';
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
  const fix = findings
    .filter((f) => f.ruleId === ruleId)
    .flatMap((f) => f.fixes ?? [])
    .find((x) => title.startsWith(`${x.title} (`));
  assert.ok(fix, `no rendered fix for ${title}`);
  return fix;
}

/**
 * Every fix of a chart that sets values, each applied to a fresh copy and re-rendered with helm: values.yaml
 * still parses, the chart still renders, the finding is gone, the template's render changed exactly as the
 * fix changed the rendered text, and no other template's render changed. Returns `rule: title` of each.
 */
async function everyValuesFixHolds(name: string, from: string, set: string[] = []): Promise<string[]> {
  const first = chartCopy(name, () => {}, from);
  let offered: { template: string; index: number; label: string }[];
  try {
    const linted = await lintWithHelm([first.chart], helm, { set });
    offered = linted.files.flatMap((file) =>
      file.findings
        .flatMap((f) => (f.fixes ?? []).map((fix) => ({ f, fix })))
        .flatMap(({ f, fix }, index) => (fix.otherFiles ? [{ template: file.path.slice(first.chart.length), index, label: `${f.ruleId}: ${fix.title}` }] : [])),
    );
  } finally {
    first.dispose();
  }
  for (const { template: relative, index, label } of offered) {
    const { chart, dispose } = chartCopy(name, () => {}, from);
    try {
      const template = chart + relative;
      const before = await lintWithHelm([chart], helm, { set });
      const [ruleId = ''] = label.split(':');
      const fix = findingsIn(before, template).flatMap((f) => f.fixes ?? [])[index]!;
      assert.deepEqual(
        fix.otherFiles?.map((f) => f.path),
        [`${chart}/values.yaml`],
      );
      const rendered = renderedFix(before, template, ruleId, fix.title);
      const renders = (l: Linted) => [...l.charts.renderedPaths(chart)].sort().map((p) => [p, l.charts.renderedFile(p)!.text] as const);
      applyFix(template, fix);

      assert.equal(parseDocument(readFileSync(`${chart}/values.yaml`, 'utf8')).errors.length, 0, `${label}: values.yaml still parses`);
      const after = await lintWithHelm([chart], helm, { set });
      assert.deepEqual(after.charts.problems, [], `${label}: the chart still renders`);
      const count = (l: Linted) => findingsIn(l, template).filter((f) => f.ruleId === ruleId).length;
      assert.equal(count(after), count(before) - 1, `${label}: its finding is gone`);
      const own = renderedPathOf(template);
      // The render changed exactly as the fix changed the rendered text (toYaml may order keys differently).
      assert.deepEqual(objects(after.charts.renderedFile(own)!.text), objects(applyEdits(before.charts.renderedFile(own)!.text, rendered.edits)), label);
      assert.deepEqual(
        renders(after).filter(([p]) => p !== own),
        renders(before).filter(([p]) => p !== own),
        `${label}: other templates render as before`,
      );
    } finally {
      dispose();
    }
  }
  return offered.map((o) => o.label);
}

describe('fixes that set a key in values.yaml (real helm)', { skip }, () => {
  it('are offered where a directive prints one values key as it is; each, applied and re-rendered, removes its finding and changes nothing else', async () => {
    assert.deepEqual(await everyValuesFixHolds('values-fixes', FIXTURES), [
      'grace-period-shortfall: Set terminationGracePeriodSeconds to 15 (0 s preStop + 15 s drain) (sets `.Values.grace` in values.yaml)',
      'missing-prestop: Add a 15 s preStop sleep action and set terminationGracePeriodSeconds to 30 (sets `.Values.lifecycle`, `.Values.grace` in values.yaml)',
      // Its readiness is a tcpSocket check of the port: a tcpSocket liveness would repeat it (liveness-equals-readiness).
      'liveness-checks-dependencies: Change the liveness path to /livez (sets `.Values.livenessProbe` in values.yaml)',
      // A key values.yaml lacks (toYaml printed null) is added to its parent map.
      'missing-prestop: Add a 15 s preStop sleep action (sets `.Values.worker.lifecycle` in values.yaml)',
      // Inside `if .Values.worker.livenessProbe`: the new value is set too, so the condition still holds.
      'liveness-checks-dependencies: Replace the httpGet check with a tcpSocket check on port http (sets `.Values.worker.livenessProbe` in values.yaml)',
      'liveness-checks-dependencies: Change the liveness path to /livez (sets `.Values.worker.livenessProbe` in values.yaml)',
    ]);
  });

  it('hold on the corpus charts that print probes from values (external-dns)', async () => {
    assert.deepEqual(await everyValuesFixHolds('external-dns', CORPUS, ['policy=sync']), [
      'liveness-equals-readiness: Replace the httpGet check with a tcpSocket check on port http (sets `.Values.livenessProbe` in values.yaml)',
      'liveness-equals-readiness: Change the liveness path to /livez (sets `.Values.livenessProbe` in values.yaml)',
    ]);
  });

  it('keep the comments of the values they do not change', async () => {
    const { chart, dispose } = chartCopy('values-fixes');
    try {
      const template = `${chart}/templates/deployment.yaml`;
      const linted = await lintWithHelm([chart], helm);
      const fix = findingsIn(linted, template)
        .flatMap((f) => f.fixes ?? [])
        .find((f) => f.title.startsWith('Change the liveness path'))!;
      applyFix(template, fix);
      const values = readFileSync(`${chart}/values.yaml`, 'utf8');
      assert.ok(values.startsWith('# Values the fixes may set'));
      assert.ok(values.includes('    path: /livez   # the readiness endpoint\n'));
    } finally {
      dispose();
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

  it('are not offered for keys a subchart reads too (its own top-level key, or global)', async () => {
    const { chart, dispose } = chartCopy('values-fixes', (root) => {
      mkdirSync(`${root}/values-fixes/charts/worker`, { recursive: true });
      writeFileSync(`${root}/values-fixes/charts/worker/Chart.yaml`, 'apiVersion: v2\nname: worker\nversion: 0.1.0\n');
      // It reads its own `.Values.image`: the parent's `worker.image`.
      mkdirSync(`${root}/values-fixes/charts/worker/templates`);
      writeFileSync(
        `${root}/values-fixes/charts/worker/templates/cm.yaml`,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: worker\ndata:\n  image: {{ .Values.image }}\n',
      );
    });
    try {
      const linted = await lintWithHelm([chart], helm);
      assert.ok(findingsIn(linted, `${chart}/templates/worker.yaml`).length > 0);
      assert.ok(findingsIn(linted, `${chart}/templates/worker.yaml`).every((f) => f.fixes === undefined));
      assert.ok(findingsIn(linted, `${chart}/templates/deployment.yaml`).every((f) => f.fixes?.length));
    } finally {
      dispose();
    }
  });
});
