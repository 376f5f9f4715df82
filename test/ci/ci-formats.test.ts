import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { escapeData, escapeProperty } from '../../server/src/cli/formats/github';
import { cliTrees, MISPLACED_GRACE, NO_PRESTOP, runCli } from '../cli/cli-process';

const tree = cliTrees();

test('github: escaping as the runner unescapes: %, CR and LF in data, also : and , in properties', () => {
  assert.equal(escapeData('50% of a\r\nb: c, d'), '50%25 of a%0D%0Ab: c, d');
  assert.equal(escapeProperty('k8s/a:b,c%.yaml'), 'k8s/a%3Ab%2Cc%25.yaml');
});

test('github: one workflow command per finding, at the anchor, errors, warnings and notices', () => {
  const root = tree({ 'k8s/web.yaml': NO_PRESTOP, 'k8s/api.yaml': MISPLACED_GRACE, 'k8s/a,b:c.yaml': NO_PRESTOP.replace(/web/g, 'odd') });
  const run = runCli(['lint', 'k8s', '--format', 'github'], root);
  assert.equal(run.status, 1);
  const lines = run.stdout.trimEnd().split('\n');
  assert.ok(
    lines.includes(
      `::warning file=k8s/web.yaml,line=16,col=11,endLine=16,endColumn=20,title=missing-prestop::Container "web" serves traffic (it declares port 8080 and no Service in the workspace says otherwise) but has no preStop hook: it gets SIGTERM while Services and load balancers still send it requests, which then fail.`,
    ),
    run.stdout,
  );
  assert.ok(lines.some((l) => /^::error file=k8s\/api\.yaml,line=31,col=11,.*title=misplaced-shutdown-field::/.test(l)));
  assert.ok(
    lines.some((l) => l.startsWith('::warning file=k8s/a%2Cb%3Ac.yaml,line=16,')),
    'a path is a property: , and : escaped',
  );
  assert.equal(lines.length, 3);
  const hinted = runCli(['lint', 'k8s/web.yaml', '--format', 'github', '--rule', 'missing-prestop=hint'], root);
  assert.match(hinted.stdout, /^::notice file=k8s\/web\.yaml,/);
});

test('gitlab: a Code Quality report whose fingerprints survive line moves and runs', () => {
  const root = tree({ 'k8s/web.yaml': NO_PRESTOP, 'k8s/api.yaml': MISPLACED_GRACE });
  type Issue = { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } };
  const report = (): Issue[] => JSON.parse(runCli(['lint', 'k8s', '--format', 'gitlab'], root).stdout);
  const first = report();
  assert.deepEqual(
    first.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
    [
      ['misplaced-shutdown-field', 'critical', 'k8s/api.yaml', 31],
      ['missing-prestop', 'major', 'k8s/web.yaml', 16],
    ],
  );
  for (const issue of first) assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
  assert.deepEqual(report(), first, 'the same run twice gives the same report');
  const moved = tree({ 'k8s/web.yaml': `# moved down by a comment\n\n${NO_PRESTOP}`, 'k8s/api.yaml': MISPLACED_GRACE });
  const after = JSON.parse(runCli(['lint', 'k8s', '--format', 'gitlab'], moved).stdout) as Issue[];
  assert.equal(after[1]!.location.lines.begin, 18);
  assert.deepEqual(
    after.map((i) => i.fingerprint),
    first.map((i) => i.fingerprint),
  );
  // Two identical findings in one file still get two fingerprints.
  const twice = tree({ 'k8s/web.yaml': `${NO_PRESTOP}---\n${NO_PRESTOP}` });
  const issues = JSON.parse(runCli(['lint', 'k8s', '--format', 'gitlab'], twice).stdout) as Issue[];
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 2);
  assert.equal(issues[0]!.severity, 'major');
  const severities = JSON.parse(runCli(['lint', 'k8s', '--format', 'gitlab', '--rule', 'missing-prestop=info'], root).stdout) as Issue[];
  assert.equal(severities.find((i) => i.check_name === 'missing-prestop')!.severity, 'minor');
});

test('--format FORMAT:FILE writes more reports from one run; one may go to standard output', () => {
  const root = tree({ 'k8s/web.yaml': NO_PRESTOP });
  const run = runCli(['lint', 'k8s', '--format', 'github', '--format', 'sarif:out/graceful.sarif', '-f', 'gitlab:gl-code-quality-report.json'], root);
  assert.equal(run.status, 2, 'out/ does not exist: the report cannot be written');
  assert.match(run.stderr, /cannot write the sarif report to out\/graceful\.sarif/);
  const ok = runCli(['lint', 'k8s', '--format', 'github', '--format', 'sarif:graceful.sarif', '-f', 'gitlab:gl-code-quality-report.json'], root);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^::warning file=k8s\/web\.yaml/);
  assert.equal(JSON.parse(readFileSync(join(root, 'graceful.sarif'), 'utf8')).runs[0].results.length, 1);
  assert.equal(JSON.parse(readFileSync(join(root, 'gl-code-quality-report.json'), 'utf8')).length, 1);
  assert.equal(runCli(['lint', 'k8s', '-f', 'json', '-f', 'sarif'], root).status, 2, 'two reports cannot share standard output');
});
