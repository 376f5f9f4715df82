import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { ConfigFiles } from '../../server/src/config/config-files';
import { DiskWorkspace, type FileReport } from '../../server/src/cli/disk-workspace';
import { IgnoreRules } from '../../server/src/workspace/ignore-rules';
import { toAnalysisPath, walkSync } from '../../server/src/workspace/walk';
import type { HelmLimits } from '../../server/src/helm/helm-process';
import { renderWorkspaceCharts } from '../../server/src/helm/render-workspace-charts';
import type { RenderedCharts } from '../../server/src/helm/rendered-charts';

export const FIXTURES = toAnalysisPath(resolve(__dirname, '../fixtures/helm'));
export const CORPUS = toAnalysisPath(resolve(__dirname, '../corpora/helm'));

/** A copy of a fixture chart (or one of `from`, such as CORPUS) and extra files in a fresh temp folder, removed by `dispose`. */
export function chartCopy(fixture: string, extra: (root: string) => void = () => {}, from = FIXTURES): { root: string; chart: string; dispose: () => void } {
  const root = toAnalysisPath(realpathSync(mkdtempSync(join(tmpdir(), 'graceful-helm-test-'))));
  const chart = `${root}/${fixture}`;
  cpSync(`${from}/${fixture}`, chart, { recursive: true });
  extra(root);
  return { root, chart, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Lints folders as `graceful lint` does, rendering their charts with `helm` (undefined: without helm). */
export async function lintWithHelm(
  inputs: readonly string[],
  helm: string | undefined,
  options: { set?: string[]; values?: string[]; limits?: HelmLimits; off?: boolean } = {},
): Promise<{ files: FileReport[]; charts: RenderedCharts; workspace: DiskWorkspace; notice?: string }> {
  const configs = new ConfigFiles();
  const found = walkSync(
    inputs,
    '/',
    new IgnoreRules(
      inputs.map((p) => toAnalysisPath(resolve('/', p))),
      { configs },
    ),
  );
  const { charts, notice } = await renderWorkspaceCharts(found.files, {
    helm,
    off: options.off ?? false,
    extra: { values: options.values ?? [], set: options.set ?? [] },
    configFor: (dir) => configs.forFolder(dir),
    ...(options.limits && { limits: options.limits }),
  });
  const workspace = new DiskWorkspace(found.files, () => DEFAULT_SETTINGS, charts, false);
  return { files: workspace.report(), charts, workspace, ...(notice && { notice }) };
}

/** A fixture chart (`app` unless named) as workspace files under its name, for a language server's temporary workspace. */
export function fixtureChartFiles(chart = 'app'): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['Chart.yaml', 'values.yaml']) files[`${chart}/${name}`] = readFileSync(`${FIXTURES}/${chart}/${name}`, 'utf8');
  for (const name of readdirSync(`${FIXTURES}/${chart}/templates`))
    files[`${chart}/templates/${name}`] = readFileSync(`${FIXTURES}/${chart}/templates/${name}`, 'utf8');
  return files;
}
