import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isMap, isScalar, isSeq, parseDocument, type Pair } from 'yaml';
import { isSilenced, parseSuppressions } from '../config/suppressions';
import { LineIndex } from '../parse/line-index';
import type { Finding, OffsetRange } from '../types';
import { objectAt } from './map-findings';
import { renderedPathOf, type RenderedFile } from './rendered-output';

/** A subchart vendored as an archive (`charts/redis-1.2.3.tgz`) and the chart name its `Chart.yaml` gives. */
export interface ChartArchive {
  /** Relative to the parent chart. */
  readonly file: string;
  readonly name: string;
}

/** Archives above this size are not opened (a chart archive is kilobytes). */
const MAX_ARCHIVE_BYTES = 20 * 1024 * 1024;

/** The archives under a chart's `charts/` folder and the chart each holds; archives that cannot be read are left out. */
export function chartArchives(chartDir: string): ChartArchive[] {
  let names: string[];
  try {
    names = readdirSync(`${chartDir}/charts`)
      .filter((n) => n.endsWith('.tgz'))
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const name = archivedChartName(`${chartDir}/charts/${n}`);
    return name === undefined ? [] : [{ file: `charts/${n}`, name }];
  });
}

/** The `name` in the `Chart.yaml` at the top folder of a chart archive (a gzipped tar, as `helm package` writes). */
function archivedChartName(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_ARCHIVE_BYTES) return undefined;
    const tar = gunzipSync(readFileSync(path));
    for (let at = 0; at + 512 <= tar.length;) {
      const header = tar.subarray(at, at + 512);
      const entry = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      if (entry === '') return undefined;
      const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
      if (/^[^/]+\/Chart\.yaml$/.test(entry)) {
        const chart = parseDocument(tar.subarray(at + 512, at + 512 + size).toString('utf8')).toJS() as { name?: unknown } | null;
        return typeof chart?.name === 'string' ? chart.name : undefined;
      }
      at += 512 + Math.ceil(size / 512) * 512;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The dependency entry of a parent chart that a subchart renders as (its `alias`, else its `name`), and the range to report at. */
function dependencyEntry(chartYaml: string, subchart: string): { name: string; aliased: boolean; range: OffsetRange } | undefined {
  const document = parseDocument(chartYaml);
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const dependencies = document.contents.get('dependencies', true);
  if (!isSeq(dependencies)) return undefined;
  const field = (item: unknown, key: string) =>
    isMap(item) ? (item.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined) : undefined;
  const text = (pair: Pair | undefined) => (isScalar(pair?.value) ? String(pair.value.value) : undefined);
  for (const item of dependencies.items) {
    const name = field(item, 'name');
    const alias = field(item, 'alias');
    const shown = alias ?? name;
    const chart = text(name);
    if (chart === undefined || text(shown) !== subchart || !isScalar(shown?.key) || !isScalar(shown.value)) continue;
    const [start] = shown.key.range ?? [];
    const [, end] = shown.value.range ?? [];
    if (start !== undefined && end !== undefined) return { name: chart, aliased: alias !== undefined, range: { start, end } };
  }
  return undefined;
}

/**
 * A finding on a template of a subchart vendored as an archive, which has no template file to
 * report at: reported on the parent's `Chart.yaml` at the dependency entry the subchart renders as,
 * naming the archive and the template (`charts/redis-1.2.3.tgz: templates/statefulset.yaml`),
 * without fixes (nothing to edit) and without related locations inside the render. Undefined when
 * the rendered file is not from an archive, or the entry or the archive is not found exactly once.
 */
export function mapArchivedFinding(
  finding: Finding,
  file: RenderedFile,
  chartDir: string,
  archives: readonly ChartArchive[],
  readText: (path: string) => string | undefined,
): Finding | undefined {
  const match = /^charts\/([^/]+)\/(.+)$/.exec(file.template.startsWith(`${chartDir}/`) ? file.template.slice(chartDir.length + 1) : '');
  const chartPath = `${chartDir}/Chart.yaml`;
  const chartYaml = readText(chartPath);
  if (!match || chartYaml === undefined) return undefined;
  const [, subchart = '', inner = ''] = match;
  const entry = dependencyEntry(chartYaml, subchart);
  const archive = entry && archives.filter((a) => a.name === entry.name);
  if (!entry || archive?.length !== 1 || !archive[0]) return undefined;
  // `# graceful-ignore` at the entry (or for the file) silences it, as on any YAML line.
  const suppressions = parseSuppressions(chartYaml, 'yaml');
  const line = new LineIndex(chartYaml).positionAt(entry.range.start).line;
  if (isSilenced(suppressions.file, finding.ruleId) || isSilenced(suppressions.lines.get(line), finding.ruleId)) return undefined;
  const object = file.documents > 1 ? objectAt(file.text, finding.range.start) : undefined;
  const { fixes: _fixes, related, ...rest } = finding;
  // Related locations in rendered text (another archived template) have no file to show.
  const kept = (related ?? []).filter((r) => !r.path.endsWith(renderedPathOf('')));
  return {
    ...rest,
    path: chartPath,
    range: entry.range,
    message: `${finding.message} (in \`${archive[0].file}\`${entry.aliased ? ` as \`${subchart}\`` : ''}: ${inner}${object ? `, ${object}` : ''})`,
    ...(kept.length > 0 && { related: kept }),
  };
}
