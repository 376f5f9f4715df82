// Measures Helm-aware analysis on test/corpora/helm: for each chart, the findings as written (no helm),
// as deployed (helm, mapped to templates), on helm's output linted directly, and the line-mapping rate:
// of the findings on the rendered output whose flagged line appears literally in its template, how many
// the mapped analysis reports on that template line. Run: node --import tsx test/helm/measure-corpus.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findTestHelm } from './helm-tool';

const CHARTS: Record<string, string[]> = {
  'metrics-server': [],
  traefik: [],
  'ingress-nginx': [],
  'opentelemetry-operator': [],
  'opentelemetry-collector': ['image.repository=otel/opentelemetry-collector-k8s', 'mode=deployment'],
  'external-dns': ['policy=sync'],
};
interface JsonFinding {
  ruleId: string;
  line: number;
  path: string;
}
const root = resolve(__dirname, '../..');
const corpus = join(root, 'test/corpora/helm');
const cli = join(root, 'dist/cli.js');
const found = findTestHelm();
if (!found.helm) throw new Error(found.skip);
const helm = found.helm;

const lint = (args: string[], cwd = corpus): JsonFinding[] => {
  const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', ...args], { cwd, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as { files: { path: string; findings: { ruleId: string; range: { start: { line: number } } }[] }[] };
  return report.files.flatMap((f) => f.findings.map((x) => ({ ruleId: x.ruleId, line: x.range.start.line, path: f.path })));
};

console.log(
  '| chart | as written | as deployed (mapped) | helm output linted | (template, rule) pairs found | mapped findings among them | line-exact / literal lines |',
);
console.log('|---|---|---|---|---|---|---|');
for (const [chart, set] of Object.entries(CHARTS)) {
  const sets = set.flatMap((s) => ['--set', s]);
  const inTemplates = (fs: JsonFinding[]) => fs.filter((f) => f.path.includes('/templates/'));
  const written = inTemplates(lint([chart, '--no-helm']));
  const deployed = inTemplates(lint([chart, '--helm', helm, ...sets]));
  const tmp = mkdtempSync(join(tmpdir(), 'graceful-measure-'));
  const render = spawnSync(helm, ['template', 'release-name', join(corpus, chart), ...sets], { encoding: 'utf8' });
  const out = join(tmp, 'rendered.yaml');
  writeFileSync(out, render.stdout);
  const direct = lint([out]);
  const renderedLines = render.stdout.split('\n');
  // The template each rendered line comes from, by the `# Source:` above it.
  let source = '';
  const sourceOf = renderedLines.map((l) => (l.startsWith('# Source: ') ? (source = l.slice(10).split('/').slice(1).join('/')) : source));
  let literal = 0;
  let exact = 0;
  for (const f of direct) {
    const text = renderedLines[f.line - 1]!.trim();
    const template = `${chart}/${sourceOf[f.line - 1]}`;
    let templateLines: string[];
    try {
      templateLines = readFileSync(join(corpus, template), 'utf8').split('\n');
    } catch {
      continue;
    }
    const lines = templateLines.flatMap((l, i) => (l.trim() === text ? [i + 1] : []));
    if (lines.length === 0) continue;
    literal++;
    if (deployed.some((d) => d.ruleId === f.ruleId && d.path.endsWith(template) && lines.includes(d.line))) exact++;
  }
  rmSync(tmp, { recursive: true, force: true });
  const directPairs = new Set(direct.map((f) => `${chart}/${sourceOf[f.line - 1]} ${f.ruleId}`));
  const deployedPair = (d: JsonFinding) => `${d.path.slice(d.path.indexOf(`${chart}/`))} ${d.ruleId}`;
  const found = [...directPairs].filter((p) => deployed.some((d) => deployedPair(d) === p)).length;
  const among = deployed.filter((d) => directPairs.has(deployedPair(d))).length;
  const ratio = (n: number, d: number) => (d === 0 ? 'n/a' : `${n}/${d} (${Math.round((100 * n) / d)}%)`);
  console.log(
    `| ${chart} | ${written.length} | ${deployed.length} | ${direct.length} | ${ratio(found, directPairs.size)} | ${ratio(among, deployed.length)} | ${ratio(exact, literal)} |`,
  );
}
