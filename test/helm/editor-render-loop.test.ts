import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { buildServer, LspClient, tempWorkspace } from '../lsp/lsp-client';
import { fixtureChartFiles } from './chart-workspace';
import { findTestHelm } from './helm-tool';
import { processRuns, until } from './processes';
import { scratchTmpdir } from './scratch-tmpdir';

const { helm, skip } = findTestHelm();

const appFiles = () => fixtureChartFiles('app');
const at = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.range.start.line);
const DEPLOYMENT = 'app/templates/deployment.yaml';
/** How many render `$/progress` reports the client has seen begin, and how many of those ended. */
function renderProgress(client: LspClient): { begun: number; ended: number } {
  const reports = client.progress as Array<{ token: string | number; value: { kind: string; title?: string } }>;
  const renders = new Set(reports.filter((p) => p.value.kind === 'begin' && /rendering/.test(p.value.title ?? '')).map((p) => p.token));
  return { begun: renders.size, ended: reports.filter((p) => p.value.kind === 'end' && renders.has(p.token)).length };
}

describe("the editor's render loop (real helm)", { skip }, () => {
  // The server's temporary copies go to TMPDIR: a folder of this test's own shows each one made and removed.
  const scratch = scratchTmpdir('graceful-loop-scratch-');
  before(() => buildServer());
  const copies = () => readdirSync(scratch()).filter((name) => name.startsWith('graceful-helm-'));

  /** Starts a server on the `app` chart with its Deployment template open, once its rendered findings are on show (one copy made). */
  const rendering = async (helmPath: string, body: (client: LspClient, workspace: ReturnType<typeof tempWorkspace>, uri: string) => Promise<void>) => {
    const workspace = tempWorkspace(appFiles());
    const client = await LspClient.start({ root: workspace.root, initializationOptions: { helm: { path: helmPath } } });
    try {
      const uri = workspace.uri(DEPLOYMENT);
      await client.open(uri, appFiles()[DEPLOYMENT]!);
      // Line 16 (0-based 15) is `- name: web`; the liveness probe comes from values at the toYaml line (0-based 26).
      await client.diagnostics(uri, (d) => at(d, 'missing-prestop').join() === '15' && at(d, 'liveness-checks-dependencies').join() === '26');
      assert.equal(copies().length, 1);
      await body(client, workspace, uri);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  };

  it('keeps one copy per chart between renders and removes it when the server shuts down', () =>
    rendering(helm!, async (client, _workspace, uri) => {
      const [copy] = copies();
      assert.match(copy ?? '', new RegExp(`^graceful-helm-${client.child.pid}-`));
      const published = client.published.length;
      await client.change(uri, `# one line\n${appFiles()[DEPLOYMENT]!}`);
      await client.diagnostics(uri, (d) => at(d, 'missing-prestop')[0] === 16, { after: published });
      assert.deepEqual(copies(), [copy], 'the render of the edit used the same copy');
      await client.stop();
      assert.deepEqual(copies(), []);
    }));

  it('removes its copies when the server is stopped by a signal', () =>
    rendering(helm!, async (client) => {
      const exited = once(client.child, 'exit');
      client.child.kill('SIGTERM');
      await exited;
      assert.deepEqual(copies(), []);
    }));

  it('puts a chart back as written and removes its copy when its Chart.yaml goes', () =>
    rendering(helm!, async (client, workspace, uri) => {
      const published = client.published.length;
      unlinkSync(join(workspace.root, 'app/Chart.yaml'));
      await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/Chart.yaml'), type: 3 }] });
      // As written, the liveness probe is templated: no finding.
      await client.diagnostics(uri, (d) => at(d, 'liveness-checks-dependencies').length === 0, { after: published });
      assert.deepEqual(copies(), []);
    }));

  it('until an edit renders, moves the findings through it, leaving out those it touched; then shows the render', async () => {
    // helm behind a gate: while the gate file is missing, a render waits, so what is published before it lands is seen.
    const tools = mkdtempSync(join(scratch(), 'gate-'));
    const gate = join(tools, 'open');
    const gated = join(tools, 'helm');
    // A helm that outlives its test (the scratch folder removed, the gate never to come) ends instead of looping.
    writeFileSync(gated, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do [ -d '${tools}' ] || exit 1; sleep 0.01; done\nexec '${helm}' "$@"\n`);
    chmodSync(gated, 0o755);
    writeFileSync(gate, '');
    try {
      await rendering(gated, async (client, _workspace, uri) => {
        const text = appFiles()[DEPLOYMENT]!;
        unlinkSync(gate);

        const moved = await client.change(uri, `# two lines\n# more\n${text}`);
        const first = await client.diagnostics(uri, () => true, { version: moved });
        assert.deepEqual([at(first, 'missing-prestop'), at(first, 'liveness-checks-dependencies')], [[17], [28]]);

        const touched = await client.change(uri, `# two lines\n# more\n${text.replace('- name: web', '- name: wob')}`);
        const second = await client.diagnostics(uri, () => true, { version: touched });
        assert.deepEqual([at(second, 'missing-prestop'), at(second, 'liveness-checks-dependencies')], [[], [28]]);

        const published = client.published.length;
        writeFileSync(gate, '');
        await client.diagnostics(uri, (d) => at(d, 'missing-prestop')[0] === 17 && at(d, 'liveness-checks-dependencies')[0] === 28, { after: published });
      });
    } finally {
      writeFileSync(gate, '');
    }
  });
  describe('a render that an edit makes stale', () => {
    // helm behind a gate that logs each run's process id and how many `# ` comment lines the Deployment template
    // it renders and its first `--values` file hold (which edit it renders); the chart's first render also waits a second, so that its
    // render time, which decides whether an edit may cancel a render, leaves the test time to type.
    let tools: string;
    let gate: string;
    let slow: string;
    let log: string;
    let gated: string;
    before(() => {
      tools = mkdtempSync(join(scratch(), 'cancel-'));
      gate = join(tools, 'open');
      slow = join(tools, 'slow');
      log = join(tools, 'pids');
      gated = join(tools, 'helm');
      writeFileSync(
        gated,
        `#!/bin/sh\necho "$$ $(grep -c '^# ' "$3/templates/deployment.yaml") $(if [ "$4" = --values ]; then grep -c '^# ' "$5"; fi)" >> '${log}'\nif [ -e '${slow}' ]; then sleep 1; fi\nwhile [ ! -e '${gate}' ]; do [ -d '${tools}' ] || exit 1; sleep 0.01; done\nexec '${helm}' "$@"\n`,
      );
      chmodSync(gated, 0o755);
    });
    // Well within helm's 10 s time limit, which would end a helm that nothing else stops.
    const PROMPTLY = 5000;
    const runs = () =>
      (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []).map((line) => {
        const [pid, comments, values] = line.split(' ').map(Number);
        return { pid: pid!, comments: comments!, values: values! };
      });
    /**
     * A server on the `app` chart once its one render (slow) has landed and the Deployment template
     * is open with the rendered findings on show; then the gate closes. The template opens only after
     * that render, so no second render (one for the open) can be in flight.
     */
    const stalled = async (
      body: (client: LspClient, workspace: ReturnType<typeof tempWorkspace>, uri: string) => Promise<void>,
      extra: Record<string, string> = {},
    ) => {
      writeFileSync(gate, '');
      writeFileSync(slow, '');
      const workspace = tempWorkspace({ ...appFiles(), ...extra });
      const client = await LspClient.start({ root: workspace.root, initializationOptions: { helm: { path: gated } } });
      try {
        await client.waitFor('the chart rendered', () => (renderProgress(client).ended === 1 ? true : undefined));
        unlinkSync(slow);
        unlinkSync(gate);
        const uri = workspace.uri(DEPLOYMENT);
        await client.open(uri, appFiles()[DEPLOYMENT]!);
        await client.diagnostics(uri, (d) => at(d, 'missing-prestop').join() === '15' && at(d, 'liveness-checks-dependencies').join() === '26');
        assert.equal(renderProgress(client).begun, 1);
        await body(client, workspace, uri);
      } finally {
        // A helm left waiting (a failing test) renders and exits.
        writeFileSync(gate, '');
        await client.stop();
        workspace.dispose();
      }
    };

    it('is cancelled by the next edit: its helm killed, the next render started at once, nothing shown for it', () =>
      stalled(async (client, _workspace, uri) => {
        const text = appFiles()[DEPLOYMENT]!;
        const before = runs().length;
        const { ended } = renderProgress(client);
        const messages = client.messages.length;
        const rendering = (comments: number) => () =>
          runs()
            .slice(before)
            .find((r) => r.comments === comments);
        await client.change(uri, `# one\n${text}`);
        const stale = await until('the render of the first edit to start', rendering(1));
        const version = await client.change(uri, `# one\n# two\n${text}`);
        // The gate is shut: the render of the first edit does not hold up the second's.
        const next = await until('the render of the second edit to start', rendering(2), PROMPTLY);
        await until('the stale helm gone', () => (processRuns(stale.pid) ? undefined : true), PROMPTLY);
        assert.ok(processRuns(next.pid));
        assert.equal(renderProgress(client).ended, ended, 'no progress ends for a cancelled render');
        assert.equal(client.messages.length, messages, 'no notice');

        writeFileSync(gate, '');
        const shown = await client.diagnostics(uri, (d) => at(d, 'missing-prestop')[0] === 17, { version });
        assert.deepEqual(at(shown, 'liveness-checks-dependencies'), [28]);
        assert.ok(!client.published.some((p) => p.uri.endsWith('/app/Chart.yaml') && p.diagnostics.length > 0), 'no problem on Chart.yaml');
        await client.waitFor('the progress to end', () => (renderProgress(client).ended === ended + 1 ? true : undefined));
        assert.deepEqual(renderProgress(client).begun, ended + 1, 'one progress, begun for the first edit, ended by the render that landed');
        assert.equal(runs().length, before + 2, 'no render after the one that landed');
      }));

    it('is cancelled by an edit of a values file that .graceful.yaml names outside the chart', () =>
      stalled(
        async (client, workspace, uri) => {
          const values = workspace.uri('envs/prod-values.yaml');
          await client.open(values, 'replicas: 1\n');
          const before = runs().length;
          const rendering = (comments: number) => () =>
            runs()
              .slice(before)
              .find((r) => r.values === comments);
          await client.change(values, '# one\nreplicas: 1\n');
          const stale = await until('the render of the first edit to start', rendering(1));
          await client.change(values, '# one\n# two\nreplicas: 3\n');
          const next = await until('the render of the second edit to start', rendering(2), PROMPTLY);
          await until('the stale helm gone', () => (processRuns(stale.pid) ? undefined : true), PROMPTLY);
          assert.ok(processRuns(next.pid));
          const published = client.published.length;
          writeFileSync(gate, '');
          // Three replicas (the second edit, rendered): the Deployment now wants a PodDisruptionBudget.
          await client.diagnostics(uri, (d) => d.some((x) => x.code === 'missing-pdb'), { after: published });
          assert.equal(runs().length, before + 2, 'no render after the one that landed');
        },
        { '.graceful.yaml': 'helm:\n  values: [envs/prod-values.yaml]\n', 'envs/prod-values.yaml': 'replicas: 1\n' },
      ));

    it('is killed when its chart goes (the Chart.yaml is deleted)', () =>
      stalled(async (client, workspace, uri) => {
        const before = runs().length;
        await client.change(uri, `# one\n${appFiles()[DEPLOYMENT]!}`);
        const [running] = await until('a render to start', () => (runs().length > before ? runs().slice(before) : undefined));
        unlinkSync(join(workspace.root, 'app/Chart.yaml'));
        await client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uri('app/Chart.yaml'), type: 3 }] });
        await until('its helm gone', () => (processRuns(running!.pid) ? undefined : true), PROMPTLY);
        await until('its copy removed', () => (copies().length === 0 ? true : undefined));
      }));

    it('is killed when the server shuts down', () =>
      stalled(async (client, _workspace, uri) => {
        const before = runs().length;
        await client.change(uri, `# one\n${appFiles()[DEPLOYMENT]!}`);
        const [running] = await until('a render to start', () => (runs().length > before ? runs().slice(before) : undefined));
        await client.stop();
        await until('its helm gone', () => (processRuns(running!.pid) ? undefined : true), PROMPTLY);
        assert.deepEqual(copies(), []);
      }));
  });
});
