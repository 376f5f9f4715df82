// Measures, in the editor, how long an edit to a template takes to show updated findings, against helm's
// own render time for the same chart. Run: node --import tsx test/helm/editor-latency.ts
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { buildServer, LspClient, tempWorkspace } from '../lsp/lsp-client';
import { CORPUS } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm } = findTestHelm();
if (!helm) throw new Error('helm is not installed: run scripts/tools-setup.sh helm');
const ROUNDS = 10;

function chartFiles(chart: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(`${chart}${prefix}`, { withFileTypes: true })) {
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, chartFiles(chart, rel));
    else files[`chart${rel}`] = readFileSync(`${chart}${rel}`, 'utf8');
  }
  return files;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

void (async () => {
  buildServer();
  for (const name of (process.argv[2] ? [process.argv[2]] : ['metrics-server', 'ingress-nginx'])) {
    const chart = `${CORPUS}/${name}`;
    const helmTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      spawnSync(helm, ['template', 'release-name', chart]);
      helmTimes.push(performance.now() - t);
    }
    const files = chartFiles(chart);
    const workspace = tempWorkspace(files);
    const client = await LspClient.start({ root: workspace.root, initializationOptions: { helm: { path: helm } } });
    const template = Object.keys(files).find((f) => /templates\/(controller-)?deployment\.yaml$/.test(f))!;
    const uri = workspace.uri(template);
    await client.open(uri, files[template]!);
    const initial = await client.diagnostics(uri, (d) => d.length > 0);
    const line = initial[0]!.range.start.line;
    const editTimes: number[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const published = client.published.length;
      const t = performance.now();
      // Before `kind:`, whose line comes after a literal one: a line at the top would be glued by a leading `{{-`.
      await client.change(uri, files[template]!.replace(/^kind: Deployment$/m, `${'# edit\n'.repeat(i)}kind: Deployment`));
      // The findings have moved down by `i` lines once the re-render is on show.
      await client.diagnostics(uri, (d) => d[0]?.range.start.line === line + i, { after: published });
      editTimes.push(performance.now() - t);
    }
    await client.stop();
    workspace.dispose();
    console.log(`| ${name} | ${median(helmTimes).toFixed(0)} ms | ${median(editTimes).toFixed(0)} ms |`);
  }
})();
