import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chartArchives } from '../../server/src/helm/archived-subcharts';
import { LineIndex } from '../../server/src/parse/line-index';
import { toAnalysisPath } from '../../server/src/workspace/walk';
import { buildServer, LspClient } from '../lsp/lsp-client';
import { lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Name }}
spec:
  template:
    spec:
      containers:
        - name: redis
          image: redis:7
          ports:
            - containerPort: 6379
          readinessProbe:
            tcpSocket:
              port: 6379
`;

/** A parent chart whose Chart.yaml declares `dependencies` (YAML lines), with `redis` packaged by `helm package` into its charts/. */
function parentChart(root: string, name: string, dependencies: string): string {
  const parent = `${root}/${name}`;
  mkdirSync(`${parent}/templates`, { recursive: true });
  mkdirSync(`${parent}/charts`, { recursive: true });
  writeFileSync(`${parent}/Chart.yaml`, `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n${dependencies}`);
  writeFileSync(`${parent}/templates/config.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n');
  const packaged = spawnSync(helm!, ['package', `${root}/redis`, '-d', `${parent}/charts`], { encoding: 'utf8' });
  assert.equal(packaged.status, 0, packaged.stderr);
  return parent;
}

describe('subcharts vendored as archives (real helm, helm package)', { skip }, () => {
  let root: string;
  before(() => {
    root = toAnalysisPath(realpathSync(mkdtempSync(join(tmpdir(), 'graceful-archive-test-'))));
    mkdirSync(`${root}/redis/templates`, { recursive: true });
    writeFileSync(`${root}/redis/Chart.yaml`, 'apiVersion: v2\nname: redis\nversion: 1.2.3\n');
    writeFileSync(`${root}/redis/templates/statefulset.yaml`, STATEFULSET);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** The findings on a chart's Chart.yaml: one-based line, text there, rule, the message's tail. */
  const onChartYaml = async (parent: string) => {
    const { files } = await lintWithHelm([parent], helm);
    const path = `${parent}/Chart.yaml`;
    const text = readFileSync(path, 'utf8');
    return (files.find((f) => f.path === path)?.findings ?? []).map((f) => ({
      line: new LineIndex(text).positionAt(f.range.start).line + 1,
      covers: text.slice(f.range.start, f.range.end),
      rule: f.ruleId,
      tail: /\(in [^()]*\)$/.exec(f.message)?.[0],
      fixes: f.fixes?.length ?? 0,
    }));
  };

  it('reads the chart name an archive holds', () => {
    const parent = parentChart(root, 'plain', '');
    assert.deepEqual(chartArchives(parent), [{ file: 'charts/redis-1.2.3.tgz', name: 'redis' }]);
    writeFileSync(`${parent}/charts/broken.tgz`, 'not gzip');
    assert.deepEqual(chartArchives(parent), [{ file: 'charts/redis-1.2.3.tgz', name: 'redis' }]);
    assert.deepEqual(chartArchives(`${root}/redis`), []);
  });

  it("reports the archive's findings on the parent's dependency entry, naming archive and template, without fixes; an alias renders once more", async () => {
    const parent = parentChart(
      root,
      'declared',
      'dependencies:\n  - name: redis\n    version: 1.2.3\n    repository: https://charts.example\n  - name: redis\n    alias: cache\n    version: 1.2.3\n    repository: https://charts.example\n',
    );
    assert.deepEqual(await onChartYaml(parent), [
      { line: 5, covers: 'name: redis', rule: 'missing-prestop', tail: '(in `charts/redis-1.2.3.tgz`: templates/statefulset.yaml)', fixes: 0 },
      { line: 9, covers: 'alias: cache', rule: 'missing-prestop', tail: '(in `charts/redis-1.2.3.tgz` as `cache`: templates/statefulset.yaml)', fixes: 0 },
    ]);
  });

  it('a graceful-ignore comment on the entry silences it', async () => {
    const parent = parentChart(
      root,
      'ignored',
      'dependencies:\n  - name: redis # graceful-ignore missing-prestop -- a cache, drained by clients\n    version: 1.2.3\n',
    );
    assert.deepEqual(await onChartYaml(parent), []);
  });

  it('an archive no dependency entry declares renders, but its findings have no line to sit on: dropped', async () => {
    const parent = parentChart(root, 'undeclared', '');
    assert.deepEqual(await onChartYaml(parent), []);
  });

  it('in the editor, the open Chart.yaml shows them once the chart renders', async () => {
    const parent = parentChart(root, 'editor', 'dependencies:\n  - name: redis\n    version: 1.2.3\n');
    buildServer();
    const client = await LspClient.start({ root: parent, initializationOptions: { helm: { path: helm } } });
    try {
      const uri = pathToFileURL(`${parent}/Chart.yaml`).href;
      await client.open(uri, readFileSync(`${parent}/Chart.yaml`, 'utf8'));
      const diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.range.start.line, /\(in `charts\/redis-1\.2\.3\.tgz`: templates\/statefulset\.yaml\)$/.test(d.message)]),
        [['missing-prestop', 4, true]],
      );
    } finally {
      await client.stop();
    }
  });
});
