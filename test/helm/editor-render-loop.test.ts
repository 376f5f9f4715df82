import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { buildServer, LspClient, tempWorkspace } from '../lsp/lsp-client';
import { fixtureChartFiles } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

const appFiles = () => fixtureChartFiles('app');
const at = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.range.start.line);
const DEPLOYMENT = 'app/templates/deployment.yaml';

describe("the editor's render loop (real helm)", { skip }, () => {
  // The server's temporary copies go to TMPDIR: a folder of this test's own shows each one made and removed.
  let scratch: string;
  let previous: string | undefined;
  before(() => {
    buildServer();
    previous = process.env.TMPDIR;
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-loop-scratch-')));
    process.env.TMPDIR = scratch;
  });
  after(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(scratch, { recursive: true, force: true });
  });
  const copies = () => readdirSync(scratch).filter((name) => name.startsWith('graceful-helm-'));

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
    const tools = mkdtempSync(join(scratch, 'gate-'));
    const gate = join(tools, 'open');
    const gated = join(tools, 'helm');
    writeFileSync(gated, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.01; done\nexec '${helm}' "$@"\n`);
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
});
