import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderChart } from '../../server/src/helm/render-chart';
import { chartCopy, FIXTURES, lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';
import { scratchTmpdir } from './scratch-tmpdir';

const { helm, skip } = findTestHelm();

describe('charts that do not render (real helm)', { skip }, () => {
  // Temporary copies go to TMPDIR: a folder of this test's own shows that every one is removed.
  const scratch = scratchTmpdir('graceful-helm-scratch-');

  const cases: [string, RegExp][] = [
    ['missing-dependency', /helm dependency build.*missing in charts\/ directory: redis/s],
    ['required-value', /a name is required: set \.Values\.name/],
    ['schema', /values don't meet the specifications of the schema.*\/port/s],
    ['template-error', /function "nosuchfunction" not defined/],
  ];
  for (const [fixture, message] of cases) {
    it(`${fixture}: a problem on Chart.yaml with helm's message, and the chart is checked as written`, async () => {
      const { files, charts } = await lintWithHelm([`${FIXTURES}/${fixture}`], helm);
      const chart = files.find((f) => f.path === `${FIXTURES}/${fixture}/Chart.yaml`)!;
      assert.equal(chart.problems.length, 1);
      assert.match(chart.problems[0]!.message, /^helm template failed; the chart is checked as written: /);
      assert.match(chart.problems[0]!.message, message);
      assert.ok(!charts.replaces(`${FIXTURES}/${fixture}/templates/cm.yaml`));
      assert.deepEqual(readdirSync(scratch()), [], 'the temporary copy is removed');
    });
  }

  it('stops a render that hangs at the time limit, killing helm', async () => {
    const started = Date.now();
    const render = await renderChart({
      chartDir: `${FIXTURES}/hang`,
      helm: helm!,
      valuesFiles: [],
      set: [],
      limits: { timeoutMs: 1500, maxOutputBytes: 1 << 20 },
    });
    assert.deepEqual(render, { ok: false, message: 'helm template did not finish within 1.5 s and was stopped; the chart is checked as written' });
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(readdirSync(scratch()), []);
  });

  it('stops a render that floods at the output cap', async () => {
    const render = await renderChart({
      chartDir: `${FIXTURES}/flood`,
      helm: helm!,
      valuesFiles: [],
      set: [],
      limits: { timeoutMs: 10_000, maxOutputBytes: 64 * 1024 },
    });
    assert.deepEqual(render, { ok: false, message: 'helm template printed more than 64 KiB and was stopped; the chart is checked as written' });
    assert.deepEqual(readdirSync(scratch()), []);
  });

  it('never follows a symbolic link out of the chart into the copy', async () => {
    const { root, chart, dispose } = chartCopy('app', (r) => {
      writeFileSync(join(r, 'outside.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\n');
    });
    try {
      symlinkSync(join(root, 'outside.yaml'), join(chart, 'templates', 'leak.yaml'));
      mkdirSync(join(chart, 'files'));
      writeFileSync(join(chart, 'files', 'inside.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inside\n');
      symlinkSync(join(chart, 'files', 'inside.yaml'), join(chart, 'templates', 'inside.yaml'));
      const render = await renderChart({ chartDir: chart, helm: helm!, valuesFiles: [], set: [] });
      assert.ok(render.ok);
      const text = render.files.map((f) => f.text).join('');
      assert.doesNotMatch(text, /leaked/);
      assert.match(text, /name: inside/);
    } finally {
      dispose();
    }
  });

  it('without helm: one notice for all charts, which are checked as written', async () => {
    const { notice, files } = await lintWithHelm([`${FIXTURES}/app`, `${FIXTURES}/schema`], undefined);
    assert.equal(notice, 'helm not found: 2 charts are checked as written, not as deployed (install helm, or pass --helm PATH)');
    assert.ok(files.find((f) => f.path.endsWith('/app/templates/worker.yaml'))!.findings.length > 0);
  });
});
