// Lints the shared corpus (test/corpora/k8s, a copy of the team's corpus) with the built CLI, one workspace per
// `<owner>__<repo>/` folder, and counts findings per rule and per folder.
// Writes test/corpus/baseline.json, or prints the counts with `--print` (what the corpus test compares).
// `--corpus docker`: the official-image Dockerfiles (test/corpora/docker) instead, into test/corpus/docker-baseline.json,
// with every finding's place and, per Dockerfile, what Graceful reads as PID 1 and how it reads each entrypoint script
// (test/corpus/docker-pid1.ts); the review of both is test/corpus/DOCKER-REVIEW.md.
// Exits 1 when the CLI crashed, printed an internal error or wrote no JSON for a folder.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const docker = process.argv.includes('--corpus') && process.argv[process.argv.indexOf('--corpus') + 1] === 'docker';
const corpus = resolve(root, docker ? 'test/corpora/docker' : 'test/corpora/k8s');
const cli = join(root, 'dist/cli.js');
const baselinePath = join(root, docker ? 'test/corpus/docker-baseline.json' : 'test/corpus/baseline.json');

const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const count = (map, key) => (map[key] = (map[key] ?? 0) + 1);
const sorted = (map) => Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));

const started = process.hrtime.bigint();
const rules = {};
const repos = {};
const crashes = [];
for (const name of readdirSync(corpus).sort()) {
  const folder = join(corpus, name);
  if (!name.includes('__') || !statSync(folder).isDirectory()) continue;
  const run = spawnSync(process.execPath, [cli, 'lint', '--no-helm', '--format', 'json', '.'], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30 });
  let output;
  try {
    output = JSON.parse(run.stdout);
  } catch {
    output = undefined;
  }
  if (![0, 1].includes(run.status) || /internal error/.test(run.stderr) || !output) {
    crashes.push({ repo: name, status: run.status, stderr: run.stderr.slice(0, 2000) });
    continue;
  }
  const findings = {};
  const places = [];
  for (const file of output.files)
    for (const finding of file.findings) {
      count(findings, finding.ruleId);
      count(rules, finding.ruleId);
      places.push(`${file.path}:${finding.range.start.line + 1} ${finding.ruleId}`);
    }
  repos[name] = { files: output.summary.files, problems: output.summary.problems, findings: sorted(findings) };
  if (docker) {
    const pid1 = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/corpus/docker-pid1.ts'), folder], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (pid1.status !== 0) crashes.push({ repo: name, status: pid1.status, stderr: pid1.stderr.slice(0, 2000) });
    else repos[name] = { ...repos[name], places, pid1: JSON.parse(pid1.stdout) };
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`corpus: ${Object.keys(repos).length} folders linted in ${seconds.toFixed(2)} s\n`);

if (crashes.length > 0) {
  for (const crash of crashes) process.stderr.write(`corpus: ${crash.repo} failed (exit ${crash.status}):\n${crash.stderr}\n`);
  process.exit(1);
}
const baseline = { rules: sorted(rules), repos };
const json = `${JSON.stringify(baseline, null, 2)}\n`;
if (process.argv.includes('--print')) process.stdout.write(json);
else {
  writeFileSync(baselinePath, json);
  process.stderr.write(`corpus: wrote ${baselinePath}\n`);
}
