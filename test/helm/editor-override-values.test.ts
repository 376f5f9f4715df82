import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/parse/line-index';
import { buildServer, LspClient, tempWorkspace } from '../lsp/lsp-client';
import { fixtureChartFiles, lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

const WORKER = 'app/templates/worker.yaml';
const DEPLOYMENT = 'app/templates/deployment.yaml';
const PROD = 'envs/prod-values.yaml';
const CONFIG = 'helm:\n  values: [envs/prod-values.yaml]\n';
const OFF = 'worker:\n  enabled: false\n';
const ON = 'worker:\n  enabled: true\n';
const rules = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();
/** The worker Deployment renders only when enabled; as written (not rendered) it is flagged too. */
const workerFlagged = (d: Diagnostic[]) => d.some((x) => x.code === 'missing-prestop');
const workerQuiet = (d: Diagnostic[]) => !workerFlagged(d);

/** The `app` fixture chart (a second copy named `other` when asked), a values file outside the charts and the `.graceful.yaml` that names it. */
function files(extra: Record<string, string> = {}, withOther = false): Record<string, string> {
  const app = fixtureChartFiles('app');
  const other = withOther
    ? Object.fromEntries(
        Object.entries(app).map(([path, text]) => [
          path.replace(/^app\//, 'other/'),
          path === 'app/Chart.yaml' ? text.replace('name: app', 'name: other') : text,
        ]),
      )
    : {};
  return { ...app, ...other, '.graceful.yaml': CONFIG, [PROD]: OFF, ...extra };
}

describe('values files named in .graceful.yaml, in the editor (real helm)', { skip }, () => {
  before(() => buildServer());
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const start = async (workspaceFiles: Record<string, string>) => {
    const workspace = tempWorkspace(workspaceFiles);
    const client = await LspClient.start({ root: workspace.root, initializationOptions: { helm: { path: helm } } });
    cleanups.push(
      () => workspace.dispose(),
      () => client.stop(),
    );
    return { workspace, client };
  };
  const changedOnDisk = (client: LspClient, uri: string, type: 1 | 2 | 3) =>
    client.notifyServer('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });

  it('typed: the chart re-renders with the unsaved text of the values file, and again as it is typed back', async () => {
    const { workspace, client } = await start(files());
    const worker = workspace.uri(WORKER);
    await client.open(worker, fixtureChartFiles()[WORKER]!);
    await client.diagnostics(worker, workerQuiet);
    const values = workspace.uri(PROD);
    await client.open(values, OFF);
    let published = client.published.length;
    await client.change(values, ON);
    await client.diagnostics(worker, workerFlagged, { after: published });
    published = client.published.length;
    await client.change(values, OFF);
    await client.diagnostics(worker, workerQuiet, { after: published });
    // Closed unsaved: the disk's text renders again.
    await client.change(values, ON);
    await client.diagnostics(worker, workerFlagged, { after: published });
    published = client.published.length;
    await client.close(values);
    await client.diagnostics(worker, workerQuiet, { after: published });
  });

  it("typed in a values file inside the chart that the configuration names for it: the render reads the editor's text", async () => {
    const { workspace, client } = await start(
      files({ '.graceful.yaml': 'helm:\n  charts:\n    app:\n      values: [app/values-prod.yaml]\n', 'app/values-prod.yaml': OFF }),
    );
    const worker = workspace.uri(WORKER);
    await client.open(worker, fixtureChartFiles()[WORKER]!);
    await client.diagnostics(worker, workerQuiet);
    const values = workspace.uri('app/values-prod.yaml');
    await client.open(values, OFF);
    const published = client.published.length;
    await client.change(values, ON);
    await client.diagnostics(worker, workerFlagged, { after: published });
  });

  it('on disk (didChangeWatchedFiles): the chart re-renders, with the verdict of graceful lint on each template after each change', async () => {
    const { workspace, client } = await start(files());
    const templates = Object.keys(fixtureChartFiles()).filter((path) => /\/templates\/[^_]/.test(path));
    for (const path of templates) await client.open(workspace.uri(path), fixtureChartFiles()[path]!);
    /** `LINE RULE` of each finding graceful lint reports in each template. */
    const cli = async () => {
      const { files: reports } = await lintWithHelm([workspace.root], helm);
      return templates.map((path) => {
        const lines = new LineIndex(fixtureChartFiles()[path]!);
        const findings = reports.find((f) => f.path === join(workspace.root, path))?.findings ?? [];
        return findings.map((f) => `${lines.positionAt(f.range.start).line + 1} ${f.ruleId}`).sort();
      });
    };
    await client.diagnostics(workspace.uri(WORKER), workerQuiet);
    // Three replicas want a PodDisruptionBudget; a /livez liveness probe is fine; the worker renders.
    for (const text of [`${ON}replicas: 3\nlivenessProbe:\n  httpGet:\n    path: /livez\n    port: http\n`, OFF]) {
      const published = client.published.length;
      workspace.write(PROD, text);
      await changedOnDisk(client, workspace.uri(PROD), 2);
      const verdict = await cli();
      assert.equal(verdict[templates.indexOf(WORKER)]!.length > 0, text !== OFF, 'the values file decides the verdict');
      for (const [i, path] of templates.entries()) {
        await client.diagnostics(workspace.uri(path), (d) => JSON.stringify(rules(d)) === JSON.stringify(verdict[i]), { after: published });
      }
    }
  });

  it('a values file two charts share re-renders both', async () => {
    const { workspace, client } = await start(files({}, true));
    const uris = [workspace.uri(WORKER), workspace.uri(WORKER.replace('app/', 'other/'))];
    for (const uri of uris) await client.open(uri, fixtureChartFiles()[WORKER]!);
    for (const uri of uris) await client.diagnostics(uri, workerQuiet);
    const published = client.published.length;
    workspace.write(PROD, ON);
    await changedOnDisk(client, workspace.uri(PROD), 2);
    for (const uri of uris) await client.diagnostics(uri, workerFlagged, { after: published });
  });

  it('findings that point into the values file follow its edits: moved with its lines, gone when it fixes them', async () => {
    const probe = (path: string) => `${OFF}livenessProbe:\n  httpGet:\n    path: ${path}\n    port: http\n`;
    const { workspace, client } = await start(files({ [PROD]: probe('/ready') }));
    const deployment = workspace.uri(DEPLOYMENT);
    const values = workspace.uri(PROD);
    await client.open(deployment, fixtureChartFiles()[DEPLOYMENT]!);
    const liveness = (d: Diagnostic[]) => d.find((x) => x.code === 'liveness-checks-dependencies');
    const setAgainAt = (d: Diagnostic[]) => liveness(d)?.relatedInformation?.find((r) => r.location.uri === values)?.location.range.start.line;
    await client.diagnostics(deployment, (d) => setAgainAt(d) === 2);
    await client.open(values, probe('/ready'));
    let published = client.published.length;
    await client.change(values, `# production\n${probe('/ready')}`);
    await client.diagnostics(deployment, (d) => setAgainAt(d) === 3, { after: published });
    published = client.published.length;
    await client.change(values, `# production\n${probe('/livez')}`);
    await client.diagnostics(deployment, (d) => liveness(d) === undefined && d.some((x) => x.code === 'missing-prestop'), { after: published });
  });

  it('a values file the configuration names but the disk lacks: a problem on Chart.yaml that names it; creating the file renders the chart', async () => {
    const workspaceFiles = files();
    delete workspaceFiles[PROD];
    const { workspace, client } = await start(workspaceFiles);
    // The client's own handler drops log messages: this one keeps them.
    const logs: string[] = [];
    client.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
    const chart = workspace.uri('app/Chart.yaml');
    await client.open(chart, workspaceFiles['app/Chart.yaml']!);
    const problem = await client.diagnostics(chart, (d) => d.length > 0);
    assert.equal(problem.length, 1);
    assert.equal(problem[0]!.message, `the values file ${join(workspace.root, PROD)} does not exist; the chart is checked as written`);
    const cli = (await lintWithHelm([workspace.root], helm)).files.find((f) => f.path === join(workspace.root, 'app/Chart.yaml'))!;
    assert.deepEqual(
      cli.problems.map((p) => p.message),
      [problem[0]!.message],
      'graceful lint says the same',
    );
    const worker = workspace.uri(WORKER);
    await client.open(worker, fixtureChartFiles()[WORKER]!);
    // Checked as written: the worker's template is flagged though values would switch it off.
    await client.diagnostics(worker, workerFlagged);
    const published = client.published.length;
    workspace.write(PROD, OFF);
    await changedOnDisk(client, workspace.uri(PROD), 1);
    await client.diagnostics(worker, workerQuiet, { after: published });
    await client.diagnostics(chart, (d) => d.length === 0, { after: published });
    // Deleted again: the problem comes back, and the log says it.
    const logged = logs.length;
    unlinkSync(join(workspace.root, PROD));
    await changedOnDisk(client, workspace.uri(PROD), 3);
    await client.diagnostics(worker, workerFlagged, { after: published });
    await client.waitFor('the log', () => (logs.slice(logged).some((m) => m.includes(problem[0]!.message)) ? true : undefined));
  });

  it('an edit of .graceful.yaml re-renders only the charts whose values it changes', async () => {
    const { workspace, client } = await start(files({}, true));
    const renders = (chart: string) => client.progress.filter((p) => JSON.stringify(p).includes(`rendering ${chart} with helm`)).length;
    // Each chart's first render, once the workspace is indexed, has ended (a template opened sooner would render its chart twice).
    const ended = () => client.progress.filter((p) => JSON.stringify(p).includes('"kind":"end"')).length;
    await client.waitFor('both charts rendered', () => (ended() === 2 ? true : undefined));
    const uris = [workspace.uri(WORKER), workspace.uri(WORKER.replace('app/', 'other/'))];
    for (const uri of uris) await client.open(uri, fixtureChartFiles()[WORKER]!);
    for (const uri of uris) await client.diagnostics(uri, workerQuiet);
    const before = { app: renders('app'), other: renders('other') };
    assert.deepEqual(before, { app: 1, other: 1 });
    const config = workspace.uri('.graceful.yaml');
    await client.open(config, CONFIG);
    const published = client.published.length;
    await client.change(config, `${CONFIG}  charts:\n    app:\n      set: { worker.enabled: true }\n# a comment\n`);
    await client.diagnostics(uris[0]!, workerFlagged, { after: published });
    assert.equal(renders('app'), before.app + 1);
    assert.equal(renders('other'), before.other, 'the other chart did not render again');
    assert.ok(client.latest(uris[1]!)!.every((d) => d.code !== 'missing-prestop'));
  });

  it('an edit of .graceful.yaml (a --set added, a values file named) re-renders with the new values', async () => {
    const { workspace, client } = await start(files({ 'envs/on.yaml': ON }));
    const worker = workspace.uri(WORKER);
    await client.open(worker, fixtureChartFiles()[WORKER]!);
    await client.diagnostics(worker, workerQuiet);
    const config = workspace.uri('.graceful.yaml');
    await client.open(config, CONFIG);
    let published = client.published.length;
    await client.change(config, `${CONFIG}  set: { worker.enabled: true }\n`);
    await client.diagnostics(worker, workerFlagged, { after: published });
    published = client.published.length;
    await client.change(config, CONFIG);
    await client.diagnostics(worker, workerQuiet, { after: published });
    published = client.published.length;
    writeFileSync(join(workspace.root, '.graceful.yaml'), 'helm:\n  values: [envs/prod-values.yaml, ./envs/on.yaml]\n');
    await client.close(config);
    await client.diagnostics(worker, workerFlagged, { after: published });
    // The file named since: an edit of it re-renders too.
    published = client.published.length;
    workspace.write('envs/on.yaml', OFF);
    await changedOnDisk(client, workspace.uri('envs/on.yaml'), 2);
    await client.diagnostics(worker, workerQuiet, { after: published });
  });
});
