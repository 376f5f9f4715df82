import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { LineIndex } from '../../server/src/parse/line-index';
import { ChartRenderer, renderChart } from '../../server/src/helm/render-chart';
import type { Finding } from '../../server/src/types';
import { chartCopy, FIXTURES, lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

/** `LINE:COLUMN` (one-based) and the text a finding's range covers in its file. */
function where(finding: Finding, text: string): { line: number; column: number; covers: string } {
  const at = new LineIndex(text).positionAt(finding.range.start);
  return { line: at.line + 1, column: at.character + 1, covers: text.slice(finding.range.start, finding.range.end) };
}

describe('charts as deployed (real helm)', { skip }, () => {
  it('reports a literal template line exactly, and a values-derived line at its directive naming the key', async () => {
    const { files, workspace } = await lintWithHelm([`${FIXTURES}/app`], helm);
    const path = `${FIXTURES}/app/templates/deployment.yaml`;
    const text = workspace.textOf(path)!;
    const report = files.find((f) => f.path === path)!;
    const prestop = report.findings.find((f) => f.ruleId === 'missing-prestop')!;
    assert.deepEqual(where(prestop, text), { line: 16, column: 11, covers: 'name: web' });
    const liveness = report.findings.find((f) => f.ruleId === 'liveness-checks-dependencies')!;
    assert.deepEqual(where(liveness, text), { line: 27, column: 13, covers: '{{- toYaml . | nindent 12 }}' });
    assert.match(liveness.message, /\(from `\.Values\.livenessProbe`\)$/);
    const values = liveness.related?.find((r) => r.path.endsWith('/app/values.yaml'));
    assert.ok(values, 'related information points into values.yaml');
    assert.equal(where({ ...liveness, range: values.range }, workspace.textOf(values.path)!).line, 3);
  });

  it('points at every values file that sets the key a finding names: the chart values first, the user file last', async () => {
    const { root, chart, dispose } = chartCopy('app');
    try {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const prod = `${root}/prod-values.yaml`;
      writeFileSync(prod, '# production\nlivenessProbe:\n  httpGet:\n    path: /ready/deep\n    port: http\n');
      const { files } = await lintWithHelm([chart], helm, { values: [prod] });
      const liveness = files.find((f) => f.path === `${chart}/templates/deployment.yaml`)!.findings.find((f) => f.ruleId === 'liveness-checks-dependencies')!;
      assert.match(liveness.message, /"\/ready\/deep"/, 'the user file rendered');
      const places = (liveness.related ?? []).map((r) => {
        const file = r.path.slice(r.path.lastIndexOf('/') + 1);
        return `${file}:${where({ ...liveness, range: r.range }, readFileSync(r.path, 'utf8')).line}`;
      });
      assert.deepEqual(places, ['values.yaml:3', 'prod-values.yaml:2']);
    } finally {
      dispose();
    }
  });

  it('reports lines a directive printed at that directive, not at an earlier one whose block did not render', async () => {
    const set = ['sidecars[0].name=proxy', 'sidecars[0].image=envoy', 'sidecars[0].ports[0].containerPort=9000'];
    const { files, workspace } = await lintWithHelm([`${FIXTURES}/app`], helm, { set });
    const path = `${FIXTURES}/app/templates/deployment.yaml`;
    const proxy = files.find((f) => f.path === path)!.findings.filter((f) => f.ruleId === 'missing-prestop' && /proxy/.test(f.message));
    assert.equal(proxy.length, 1, 'the sidecar is flagged once');
    // Line 34 prints `.Values.sidecars`; line 31 (`.Values.volumeMounts`) lies in a `with` that rendered nothing.
    assert.deepEqual(where(proxy[0]!, workspace.textOf(path)!), { line: 34, column: 9, covers: '{{- toYaml . | nindent 8 }}' });
    assert.match(proxy[0]!.message, /\(from `\.Values\.sidecars`\)$/);
  });

  it('names the object when one template renders several (a range)', async () => {
    const { files } = await lintWithHelm([`${FIXTURES}/app`], helm);
    const shards = files.find((f) => f.path.endsWith('/templates/shards.yaml'))!;
    const messages = shards.findings.filter((f) => f.ruleId === 'missing-prestop').map((f) => f.message.replace(/^.*\(in /, '('));
    assert.deepEqual(messages, ['(StatefulSet shard-east)', '(StatefulSet shard-west)']);
  });

  it('stays silent on components that default values switch off, which the as-written analysis flags', async () => {
    const deployed = await lintWithHelm([`${FIXTURES}/app`], helm);
    assert.deepEqual(deployed.files.find((f) => f.path.endsWith('/templates/worker.yaml'))!.findings, []);
    const written = await lintWithHelm([`${FIXTURES}/app`], helm, { off: true });
    assert.ok(written.files.find((f) => f.path.endsWith('/templates/worker.yaml'))!.findings.length > 0);
    const enabled = await lintWithHelm([`${FIXTURES}/app`], helm, { set: ['worker.enabled=true'] });
    assert.ok(enabled.files.find((f) => f.path.endsWith('/templates/worker.yaml'))!.findings.some((f) => f.ruleId === 'missing-prestop'));
  });

  it('puts rendered objects into cross-file facts once: a PodDisruptionBudget outside the chart covers the rendered Deployment', async () => {
    const pdb =
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: app\n';
    const { root, chart, dispose } = chartCopy('app');
    try {
      const without = await lintWithHelm([chart], helm, { set: ['replicas=2'] });
      const deployment = (r: typeof without) => r.files.find((f) => f.path === `${chart}/templates/deployment.yaml`)!;
      assert.ok(deployment(without).findings.some((f) => f.ruleId === 'missing-pdb'));
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${root}/pdb.yaml`, pdb);
      const withPdb = await lintWithHelm([root], helm, { set: ['replicas=2'] });
      assert.ok(!deployment(withPdb).findings.some((f) => f.ruleId === 'missing-pdb'));
      assert.ok(
        ![...withPdb.workspace.analyzer.paths()].includes(`${chart}/templates/deployment.yaml`),
        'the template as written is not analysed beside its render',
      );
    } finally {
      dispose();
    }
  });

  it('keeps suppression comments in templates and ignore annotations in rendered metadata', async () => {
    const { chart, dispose } = chartCopy('app');
    try {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const deployment = `${chart}/templates/deployment.yaml`;
      writeFileSync(
        deployment,
        readFileSync(deployment, 'utf8').replace(
          '        - name: web\n',
          '        # graceful-ignore missing-prestop -- drained by the mesh\n        - name: web\n',
        ),
      );
      const shards = `${chart}/templates/shards.yaml`;
      writeFileSync(
        shards,
        readFileSync(shards, 'utf8').replace(
          '  name: shard-{{ .name }}\n',
          '  name: shard-{{ .name }}\n  annotations:\n    graceful.dev/ignore: missing-prestop\n',
        ),
      );
      const { files } = await lintWithHelm([chart], helm);
      assert.deepEqual(
        files.find((f) => f.path === deployment)!.findings.map((f) => f.ruleId),
        ['liveness-checks-dependencies'],
      );
      assert.deepEqual(files.find((f) => f.path === shards)!.findings, []);
    } finally {
      dispose();
    }
  });
});

describe('values files given on top of the chart (real helm)', { skip }, () => {
  let root: string;
  let chart: string;
  let prod: string;
  let dispose = () => {};
  before(() => {
    ({ root, chart, dispose } = chartCopy('app'));
    prod = `${root}/envs-prod.yaml`;
    writeFileSync(prod, 'worker:\n  enabled: false\n');
  });
  after(() => dispose());
  const workerRendered = (render: Awaited<ReturnType<typeof renderChart>>) =>
    render.ok && render.files.some((f) => f.template === `${chart}/templates/worker.yaml`);

  it("renders a values file's given text (an editor's unsaved text) instead of the disk's, and helm's messages name the file, not the copy", async () => {
    const renderer = new ChartRenderer(chart);
    try {
      const render = (text: string | undefined) =>
        renderer.render({ helm: helm!, valuesFiles: [prod], set: [], textOf: (p) => (p === prod ? text : undefined) });
      assert.equal(workerRendered(await render(undefined)), false);
      assert.equal(workerRendered(await render('worker:\n  enabled: true\n')), true);
      const broken = await render('worker: [\n');
      assert.equal(broken.ok, false);
      assert.match(!broken.ok ? broken.message : '', new RegExp(`^helm template failed; the chart is checked as written: failed to parse ${prod}: `));
      assert.doesNotMatch(!broken.ok ? broken.message : '', /values-0\.yaml/);
      assert.equal(workerRendered(await render(undefined)), false, 'the disk again once the text is no longer given');
    } finally {
      renderer.dispose();
    }
  });

  it('names a values file that does not exist instead of running helm', async () => {
    const missing = `${root}/envs/missing.yaml`;
    assert.deepEqual(await renderChart({ chartDir: chart, helm: '/nonexistent/helm', valuesFiles: [prod, missing], set: [] }), {
      ok: false,
      message: `the values file ${missing} does not exist; the chart is checked as written`,
    });
  });
});
