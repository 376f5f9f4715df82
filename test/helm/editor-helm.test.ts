import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { buildServer, LspClient, tempWorkspace } from '../lsp/lsp-client';
import { fixtureChartFiles } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

const at = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code).map((d) => d.range.start.line);

describe('charts in the editor (real helm)', { skip }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const start = async (helmOptions: unknown, chart = 'app') => {
    buildServer();
    const workspace = tempWorkspace(fixtureChartFiles(chart));
    const client = await LspClient.start({ root: workspace.root, initializationOptions: { helm: helmOptions } });
    cleanups.push(
      () => workspace.dispose(),
      () => client.stop(),
    );
    return { workspace, client };
  };

  it('renders a chart when its template opens and again as it is edited: findings sit on template lines and move with edits', async () => {
    const { workspace, client } = await start({ path: helm });
    const uri = workspace.uri('app/templates/deployment.yaml');
    const text = fixtureChartFiles()['app/templates/deployment.yaml']!;
    await client.open(uri, text);
    // Line 16 (0-based 15) is `- name: web`; the liveness probe comes from values at the toYaml line (0-based 26).
    const first = await client.diagnostics(uri, (d) => at(d, 'missing-prestop').length === 1 && at(d, 'liveness-checks-dependencies').length === 1);
    assert.deepEqual(at(first, 'missing-prestop'), [15]);
    assert.deepEqual(at(first, 'liveness-checks-dependencies'), [26]);
    assert.match(first.find((d) => d.code === 'liveness-checks-dependencies')!.message, /`\.Values\.livenessProbe`/);
    const published = client.published.length;
    await client.change(uri, `# two lines\n# more\n${text}`);
    await client.diagnostics(uri, (d) => at(d, 'missing-prestop')[0] === 17 && at(d, 'liveness-checks-dependencies')[0] === 28, { after: published });
    assert.ok(
      client.progress.some((p) => JSON.stringify(p).includes('rendering app with helm')),
      'a render reports $/progress',
    );
  });

  it('offers a template fix where it lands exactly; applied in the editor, the re-render drops the finding', async () => {
    const { workspace, client } = await start({ path: helm });
    const uri = workspace.uri('app/templates/deployment.yaml');
    const original = fixtureChartFiles()['app/templates/deployment.yaml']!;
    // The container then ends on a literal line, after which the preStop goes (as in template-fixes.test.ts).
    const probe = original.slice(original.indexOf('          {{- with .Values.livenessProbe }}'));
    const text = original.replace(probe, '').replace('          ports:\n', `${probe}          ports:\n`);
    await client.open(uri, text);
    // As written, the probe is templated: its finding shows that the rendered chart is on show.
    const diagnostics = await client.diagnostics(uri, (d) => at(d, 'missing-prestop').length === 1 && at(d, 'liveness-checks-dependencies').length === 1);
    const prestop = diagnostics.filter((d) => d.code === 'missing-prestop');
    const actions = await client.codeActions(uri, prestop);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add a 15 s preStop sleep action', 'Ignore missing-prestop for this line'],
    );
    const published = client.published.length;
    await client.apply(uri, actions[0]!);
    await client.diagnostics(uri, (d) => at(d, 'missing-prestop').length === 0 && at(d, 'liveness-checks-dependencies').length === 1, { after: published });
  });

  it('offers a values.yaml fix as one workspace edit of values.yaml (with its open version); applied, the re-render drops the finding', async () => {
    const { workspace, client } = await start({ path: helm }, 'values-fixes');
    const uri = workspace.uri('values-fixes/templates/deployment.yaml');
    const valuesUri = workspace.uri('values-fixes/values.yaml');
    await client.open(uri, fixtureChartFiles('values-fixes')['values-fixes/templates/deployment.yaml']!);
    const liveness = (d: Diagnostic[]) => d.filter((x) => x.code === 'liveness-checks-dependencies');
    const diagnostics = await client.diagnostics(uri, (d) => liveness(d).length === 1);
    const changes = async () => {
      const [action] = await client.codeActions(uri, liveness(diagnostics));
      assert.equal(action?.title, 'Change the liveness path to /livez (sets `.Values.livenessProbe` in values.yaml)');
      return { action: action!, changes: action!.edit?.documentChanges?.map((c) => ('textDocument' in c ? c.textDocument : undefined)) };
    };
    // Closed, values.yaml is edited as on disk (no version); open, at the version the fix was computed for.
    assert.deepEqual((await changes()).changes, [{ uri: valuesUri, version: null }]);
    await client.open(valuesUri, fixtureChartFiles('values-fixes')['values-fixes/values.yaml']!);
    const { action, changes: open } = await changes();
    assert.equal(open?.length, 1);
    assert.equal(open?.[0]?.uri, valuesUri);
    assert.equal(typeof open?.[0]?.version, 'number');
    // Fix all (on save): one pass over the template's preferred fixes, here in values.yaml: grace (missing-prestop's fix
    // overlaps grace-period-shortfall's grace and waits for a next pass; the liveness finding's path fix is not preferred).
    const [fixAll, ...more] = await client.codeActions(uri, [], ['source.fixAll']);
    assert.equal(more.length, 0);
    assert.deepEqual(
      fixAll?.edit?.documentChanges?.map((c) => ('textDocument' in c ? [c.textDocument.uri, c.edits.length] : undefined)),
      [[valuesUri, 1]],
    );
    const published = client.published.length;
    await client.apply(valuesUri, action);
    await client.diagnostics(uri, (d) => liveness(d).length === 0 && d.some((x) => x.code === 'missing-prestop'), { after: published });
  });

  it('uses the unsaved text of open files: enabling a component in values.yaml brings its findings', async () => {
    const { workspace, client } = await start({ path: helm });
    const worker = workspace.uri('app/templates/worker.yaml');
    await client.open(worker, fixtureChartFiles()['app/templates/worker.yaml']!);
    await client.diagnostics(worker, (d) => at(d, 'missing-prestop').length === 0);
    const values = workspace.uri('app/values.yaml');
    const text = fixtureChartFiles()['app/values.yaml']!;
    await client.open(values, text);
    const published = client.published.length;
    await client.change(values, text.replace('enabled: false', 'enabled: true'));
    await client.diagnostics(worker, (d) => at(d, 'missing-prestop').length === 1, { after: published });
  });

  it('an untrusted workspace renders nothing: templates are checked as written, with one message', async () => {
    const { workspace, client } = await start({ path: helm, trusted: false });
    const worker = workspace.uri('app/templates/worker.yaml');
    await client.open(worker, fixtureChartFiles()['app/templates/worker.yaml']!);
    await client.open(workspace.uri('app/templates/shards.yaml'), fixtureChartFiles()['app/templates/shards.yaml']!);
    // As written, the worker (off by default) is flagged.
    await client.diagnostics(worker, (d) => at(d, 'missing-prestop').length === 1);
    await client.waitFor('the untrusted message', () => (client.messages.some((m) => /not trusted/.test(m.message)) ? true : undefined));
    assert.equal(client.messages.filter((m) => /Helm charts/.test(m.message)).length, 1);
  });

  it('without helm: one clear message, never one per file', async () => {
    const { workspace, client } = await start({ path: '/nonexistent/helm' });
    for (const name of ['deployment.yaml', 'worker.yaml', 'shards.yaml']) {
      const uri = workspace.uri(`app/templates/${name}`);
      await client.open(uri, fixtureChartFiles()[`app/templates/${name}`]!);
      await client.diagnostics(uri);
    }
    await client.waitFor('the missing-helm message', () =>
      client.messages.some((m) => /helm not found at \/nonexistent\/helm/.test(m.message)) ? true : undefined,
    );
    assert.equal(client.messages.filter((m) => /Helm charts/.test(m.message)).length, 1);
  });
});

describe('which helm the editor runs', () => {
  it('never a script the workspace names in its settings or .graceful.yaml', async () => {
    buildServer();
    const { chmodSync, existsSync } = await import('node:fs');
    const workspace = tempWorkspace({
      ...fixtureChartFiles(),
      'evil.sh': '#!/bin/sh\ntouch "$(dirname "$0")/ran"\n',
      '.graceful.yaml': 'helm:\n  path: ./evil.sh\n',
    });
    chmodSync(`${workspace.root}/evil.sh`, 0o755);
    const client = await LspClient.start({ root: workspace.root, settings: { helm: { path: `${workspace.root}/evil.sh` } }, initializationOptions: {} });
    try {
      const uri = workspace.uri('app/templates/deployment.yaml');
      await client.open(uri, fixtureChartFiles()['app/templates/deployment.yaml']!);
      await client.diagnostics(uri);
      await client.waitFor('the refusal of helm.path', () =>
        client.messages.some((m) => /helm\.path is not read from \.graceful\.yaml/.test(m.message)) ? true : undefined,
      );
      assert.ok(!existsSync(`${workspace.root}/ran`), "the workspace's script never ran");
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
