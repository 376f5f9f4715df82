import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runHelm } from '../../server/src/helm/helm-process';
import { ChartRenderer, renderChart, type CancelledRender, type ChartRender } from '../../server/src/helm/render-chart';
import { chartCopy } from './chart-workspace';
import { findTestHelm } from './helm-tool';
import { processRuns, until } from './processes';

const { helm, skip } = findTestHelm();

describe('cancelling a render', () => {
  // A fake helm that writes its process id and its child's (a long sleep) to `log`, then waits for the child.
  let tools: string;
  let fake: string;
  let log: string;
  before(() => {
    tools = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-cancel-')));
    log = join(tools, 'pids');
    fake = join(tools, 'helm');
    writeFileSync(fake, `#!/bin/sh\necho $$ >> '${log}'\nsleep 30 &\necho $! >> '${log}'\nwait\n`);
    chmodSync(fake, 0o755);
  });
  after(() => rmSync(tools, { recursive: true, force: true }));
  /** The process ids the fake helm has written since the log was `from` lines long, once there are `count`. */
  const started = (from: number, count: number) =>
    until(`${count} fake helm processes`, () => {
      const pids = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number).slice(from) : [];
      return pids.length >= count ? pids : undefined;
    });
  const logged = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

  it("kills helm's whole process group when the signal aborts, and resolves cancelled", async () => {
    const controller = new AbortController();
    const from = logged();
    const run = runHelm(fake, ['template'], { cwd: tools, signal: controller.signal });
    const pids = await started(from, 2);
    assert.ok(pids.every(processRuns));
    controller.abort();
    assert.deepEqual(await run, { outcome: 'cancelled' });
    await until('helm and its child gone', () => (pids.some(processRuns) ? undefined : true));
  });

  it('starts nothing for a signal that has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const from = logged();
    assert.deepEqual(await runHelm(fake, ['template'], { cwd: tools, signal: controller.signal }), { outcome: 'cancelled' });
    assert.equal(logged(), from);
  });

  it('leaves the chart copy as the renderer remembers it: the next renders match fresh ones (real helm)', { skip }, async () => {
    const { chart, dispose } = chartCopy('app');
    const renderer = new ChartRenderer(chart);
    try {
      const template = `${chart}/templates/deployment.yaml`;
      const original = readFileSync(template, 'utf8');
      const edited = `# edited\n${original.replace('- name: web', '- name: wob')}`;
      const request = (tool: string, text: string) => ({ helm: tool, valuesFiles: [], set: [], textOf: (p: string) => (p === template ? text : undefined) });
      const shown = (render: ChartRender | CancelledRender) =>
        'cancelled' in render || !render.ok ? render : render.files.map((f) => [f.path, f.text, f.lines]);

      const first = await renderer.render(request(helm!, original));
      assert.ok(first.ok);
      // The edit is written into the copy, then its render is cancelled while helm runs.
      const controller = new AbortController();
      const from = logged();
      const cancelled = renderer.render(request(fake, edited), controller.signal);
      const pids = await started(from, 2);
      controller.abort();
      assert.deepEqual(await cancelled, { cancelled: true });
      await until('the cancelled helm gone', () => (pids.some(processRuns) ? undefined : true));

      assert.deepEqual(shown(await renderer.render(request(helm!, original))), shown(first), 'the template is the original again');
      const fresh = await renderChart({ chartDir: chart, ...request(helm!, edited) });
      assert.ok(fresh.ok && fresh.files.some((f) => f.text.includes('name: wob')));
      assert.deepEqual(shown(await renderer.render(request(helm!, edited))), shown(fresh), 'the edit renders as in a fresh copy');
    } finally {
      renderer.dispose();
      dispose();
    }
  });
});
