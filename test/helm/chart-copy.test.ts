import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ChartCopy, removeStaleCopies } from '../../server/src/helm/chart-copy';

describe('a chart copy that lives between renders', () => {
  // Copies go to TMPDIR: a folder of this test's own shows what is created and removed.
  let scratch: string;
  let previous: string | undefined;
  before(() => {
    previous = process.env.TMPDIR;
    scratch = realpathSync(mkdtempSync(join(tmpdir(), 'graceful-copy-scratch-')));
    process.env.TMPDIR = join(scratch, 'tmp');
    mkdirSync(process.env.TMPDIR);
  });
  after(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(scratch, { recursive: true, force: true });
  });

  const makeChart = (name: string) => {
    const chart = join(scratch, name);
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
    writeFileSync(join(chart, 'values.yaml'), 'replicas: 1\n');
    writeFileSync(join(chart, 'templates', 'a.yaml'), 'kind: A\n');
    writeFileSync(join(chart, 'templates', 'b.yaml'), 'kind: B\n');
    writeFileSync(join(scratch, `${name}-outside.yaml`), 'kind: Secret\n');
    return chart;
  };
  const listing = (root: string): string[] =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((p) => statSync(join(root, p)).isFile())
      .sort();

  it('is named for this process in the temporary folder, and writes only what changed since the last update', () => {
    const chart = makeChart('incremental');
    const copy = new ChartCopy(chart);
    assert.match(copy.root, new RegExp(`/graceful-helm-${process.pid}-[^/]+$`));
    const read: string[] = [];
    const texts = new Map<string, string>();
    const transform = (relative: string, source: () => string) => {
      if (!relative.startsWith('templates/')) return undefined;
      read.push(relative);
      return texts.get(relative) ?? `${source()}# marked\n`;
    };
    copy.update(transform);
    assert.deepEqual(listing(copy.chart), ['Chart.yaml', 'templates/a.yaml', 'templates/b.yaml', 'values.yaml']);
    assert.equal(readFileSync(join(copy.chart, 'templates/a.yaml'), 'utf8'), 'kind: A\n# marked\n');
    const mtime = (p: string) => statSync(join(copy.chart, p), { bigint: true }).mtimeNs;
    const before = { b: mtime('templates/b.yaml'), values: mtime('values.yaml') };

    // An unsaved edit of a.yaml: only a.yaml is written again.
    texts.set('templates/a.yaml', 'kind: A2\n');
    copy.update(transform);
    assert.equal(readFileSync(join(copy.chart, 'templates/a.yaml'), 'utf8'), 'kind: A2\n');
    assert.equal(mtime('templates/b.yaml'), before.b);
    assert.equal(mtime('values.yaml'), before.values);

    // Changes on disk: a changed file is copied again, a deleted one goes, a new one comes.
    writeFileSync(join(chart, 'values.yaml'), 'replicas: 2\n');
    unlinkSync(join(chart, 'templates', 'b.yaml'));
    mkdirSync(join(chart, 'templates', 'sub'));
    writeFileSync(join(chart, 'templates', 'sub', 'c.yaml'), 'kind: C\n');
    copy.update(transform);
    assert.deepEqual(listing(copy.chart), ['Chart.yaml', 'templates/a.yaml', 'templates/sub/c.yaml', 'values.yaml']);
    assert.equal(readFileSync(join(copy.chart, 'values.yaml'), 'utf8'), 'replicas: 2\n');

    // A folder that goes takes its files along.
    rmSync(join(chart, 'templates', 'sub'), { recursive: true });
    copy.update(transform);
    assert.deepEqual(listing(copy.chart), ['Chart.yaml', 'templates/a.yaml', 'values.yaml']);
    copy.remove();
    assert.ok(!existsSync(copy.root));
  });

  it('reads a transformed file from disk again once it changed there', () => {
    const chart = makeChart('reads');
    const copy = new ChartCopy(chart);
    const marked = (relative: string, source: () => string) => (relative === 'templates/a.yaml' ? `${source()}# marked\n` : undefined);
    copy.update(marked);
    copy.update(marked);
    assert.equal(readFileSync(join(copy.chart, 'templates/a.yaml'), 'utf8'), 'kind: A\n# marked\n');
    writeFileSync(join(chart, 'templates', 'a.yaml'), 'kind: A, longer\n');
    copy.update(marked);
    assert.equal(readFileSync(join(copy.chart, 'templates/a.yaml'), 'utf8'), 'kind: A, longer\n# marked\n');
    copy.remove();
  });

  it('keeps symbolic links out of the chart out of the copy, also when a link is pointed elsewhere between updates', () => {
    const chart = makeChart('links');
    mkdirSync(join(chart, 'files'));
    writeFileSync(join(chart, 'files', 'inside.yaml'), 'kind: Inside\n');
    symlinkSync(join(chart, 'files', 'inside.yaml'), join(chart, 'templates', 'link.yaml'));
    symlinkSync(join(scratch, 'links-outside.yaml'), join(chart, 'templates', 'leak.yaml'));
    symlinkSync(scratch, join(chart, 'templates', 'folder'));
    const copy = new ChartCopy(chart);
    copy.update(() => undefined);
    assert.deepEqual(listing(copy.chart), ['Chart.yaml', 'files/inside.yaml', 'templates/a.yaml', 'templates/b.yaml', 'templates/link.yaml', 'values.yaml']);
    assert.equal(readFileSync(join(copy.chart, 'templates/link.yaml'), 'utf8'), 'kind: Inside\n');
    unlinkSync(join(chart, 'templates', 'link.yaml'));
    symlinkSync(join(scratch, 'links-outside.yaml'), join(chart, 'templates', 'link.yaml'));
    copy.update(() => undefined);
    assert.ok(!existsSync(join(copy.chart, 'templates/link.yaml')), 'a link now pointing out of the chart leaves the copy');
    copy.remove();
  });

  it('removes the copies of processes that are gone, never those of live ones', () => {
    const folder = mkdtempSync(join(scratch, 'stale-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    for (const pid of [gone, String(process.pid), String(process.ppid)]) mkdirSync(join(folder, `graceful-helm-${pid}-abc123`, 'chart'), { recursive: true });
    mkdirSync(join(folder, 'graceful-helm-XyZ123'));
    removeStaleCopies(folder);
    assert.deepEqual(
      readdirSync(folder).sort(),
      [`graceful-helm-${process.pid}-abc123`, `graceful-helm-${process.ppid}-abc123`, 'graceful-helm-XyZ123'].sort(),
    );
  });
});
