import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Locator } from '../../server/src/cli/locations';
import { readStdinInput, type DocumentOriginMapper } from '../../server/src/cli/stdin-input';
import { parseYamlFile } from '../../server/src/parse/yaml-file';
import { cliTrees, deployment, MISPLACED_GRACE, NO_PRESTOP, runCli, type JsonOutput } from '../cli/cli-process';
import * as k8s from '../helpers/manifests';

const tree = cliTrees();
const REPLICATED = k8s.deployment({ name: 'web', replicas: 3, app: 'web', fields: k8s.containerPort(8080) });
const json = (stdout: string) => JSON.parse(stdout) as JsonOutput & { files: { findings: { object?: unknown }[] }[] };

test('- reads a YAML stream from standard input; findings name the object they are about', () => {
  const root = tree();
  const run = runCli(['lint', '-'], root, {}, `${NO_PRESTOP}---\n${MISPLACED_GRACE}`);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /\n<stdin> Deployment web\n {2}16:11 {2}warning .* {2}missing-prestop\n/);
  assert.match(run.stdout, /\n<stdin> Deployment api\n {2}\d+:11 {2}error .* {2}misplaced-shutdown-field\n/);
  // --fix cannot write standard input, so the summary does not offer it.
  assert.doesNotMatch(run.stdout, /--fix/);
  const out = json(runCli(['lint', '-', '--format', 'json'], root, {}, NO_PRESTOP).stdout);
  assert.equal(out.files[0]!.path, '<stdin>');
  assert.deepEqual(out.files[0]!.findings[0]!.object, { kind: 'Deployment', name: 'web' });
});

test('standard input works with every format', () => {
  const root = tree();
  const outputs: Record<string, (stdout: string) => void> = {
    text: (s) => assert.match(s, /missing-prestop/),
    json: (s) => assert.equal(json(s).summary.warnings, 1),
    sarif: (s) => assert.equal(JSON.parse(s).runs[0].results[0].ruleId, 'missing-prestop'),
    github: (s) => assert.match(s, /^::warning title=missing-prestop::Deployment web: Container "web"/),
    gitlab: (s) => assert.equal(JSON.parse(s)[0].check_name, 'missing-prestop'),
  };
  for (const [format, check] of Object.entries(outputs)) {
    const run = runCli(['lint', '-', '--format', format], root, {}, NO_PRESTOP);
    assert.equal(run.status, 0, `${format}: ${run.stderr}`);
    check(run.stdout);
  }
});

test('--stdin-filename names the input and finds the .graceful.yaml of its folder', () => {
  const root = tree({ 'deploy/.graceful.yaml': 'rules:\n  missing-prestop: error\n' });
  const named = runCli(['lint', '-', '--stdin-filename', 'deploy/web.yaml', '--format', 'github'], root, {}, NO_PRESTOP);
  assert.equal(named.status, 1, 'the folder config raised missing-prestop to error');
  assert.match(named.stdout, /^::error file=deploy\/web\.yaml,line=16,col=11,endLine=16,endColumn=20,title=missing-prestop::Container "web"/);
  const broken = tree({ 'deploy/.graceful.yaml': 'rules:\n  missing-prestop: loud\n' });
  const refused = runCli(['lint', '-', '--stdin-filename', 'deploy/web.yaml'], broken, {}, NO_PRESTOP);
  assert.equal(refused.status, 2, 'a broken config beside the name is a configuration error');
  assert.match(refused.stderr, /deploy\/\.graceful\.yaml:\d+: rules\.missing-prestop: invalid severity "loud"/);
  const elsewhere = runCli(['lint', '-', '--stdin-filename', 'web.yaml'], root, {}, NO_PRESTOP);
  assert.equal(elsewhere.status, 0);
  assert.match(elsewhere.stdout, /\nweb\.yaml\n {2}16:11 {2}warning/);
});

test('--stdin-filename Dockerfile reads a Dockerfile', () => {
  const run = runCli(['lint', '-', '--stdin-filename', 'Dockerfile', '--format', 'json'], tree(), {}, 'FROM node:20\nCMD node server.js\n');
  assert.deepEqual(
    json(run.stdout).files[0]!.findings.map((f) => (f as { ruleId: string }).ruleId),
    ['shell-form-cmd'],
  );
});

test('--fix refuses standard input with exit status 2', () => {
  const run = runCli(['lint', '-', '--fix'], tree(), {}, NO_PRESTOP);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^graceful: cannot fix standard input/);
  assert.equal(run.stdout, '');
});

test('standard input joins the files named beside it in one workspace', () => {
  const root = tree({ 'policies/pdb.yaml': k8s.pdb(), 'k8s/web.yaml': deployment('web') });
  const alone = json(runCli(['lint', '-', '--format', 'json'], root, {}, REPLICATED).stdout);
  assert.ok(alone.files[0]!.findings.some((f) => (f as { ruleId: string }).ruleId === 'missing-pdb'));
  const joined = json(runCli(['lint', '-', 'policies', '--format', 'json'], root, {}, REPLICATED).stdout);
  assert.ok(!joined.files.some((f) => f.findings.some((x) => (x as { ruleId: string }).ruleId === 'missing-pdb')), 'the budget on disk covers the stream');
  // Named like a file on disk, the stream stands in for that file (an editor's unsaved buffer).
  const replaced = json(runCli(['lint', '-', 'k8s', '--stdin-filename', 'k8s/web.yaml', '--format', 'json'], root, {}, NO_PRESTOP).stdout);
  assert.deepEqual(
    replaced.files.map((f) => f.path),
    ['k8s/web.yaml'],
  );
  assert.equal(replaced.files[0]!.findings.length, 1);
});

test('empty, non-UTF-8 and misused standard input', () => {
  const root = tree();
  const empty = runCli(['lint', '-'], root, {}, '');
  assert.equal(empty.status, 0);
  assert.equal(empty.stdout, '\n✔ no problems (1 file checked)\n');
  const binary = runCli(['lint', '-'], root, {}, Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0xff, 0x0a]));
  assert.equal(binary.status, 1);
  assert.match(binary.stdout, /\n<stdin>\n {2}error {2}standard input is not UTF-8 text\n/);
  assert.equal(runCli(['lint', '-', '-'], root).status, 2);
  assert.match(runCli(['lint', 'k8s', '--stdin-filename', 'x.yaml'], root).stderr, /--stdin-filename names standard input/);
});

test('the origin seam: documents a mapper places in source files are reported there, the rest on the stream', () => {
  const stream = `# Source: chart/templates/web.yaml\n${NO_PRESTOP}---\n${NO_PRESTOP.replace(/web/g, 'api')}`;
  const mapper: DocumentOriginMapper = (documents) =>
    documents.map((d) => (d.text.includes('# Source: chart/templates/web.yaml') ? { path: 'chart/templates/web.yaml', lineOffset: 4 } : undefined));
  const input = readStdinInput('/work', undefined, () => Buffer.from(stream), mapper);
  assert.ok('path' in input);
  const yaml = parseYamlFile(stream);
  const locator = new Locator({ cwd: '/work', textOf: () => stream, yamlFileOf: () => yaml, stdin: input });
  const anchor = (name: string, from = 0) => {
    const start = stream.indexOf(`name: ${name}`, stream.indexOf('containers:', from));
    return { start, end: start + `name: ${name}`.length };
  };
  // `- name: web` is line 17 of the stream and of its document (the Source comment is line 1): 17 + 4.
  assert.deepEqual(locator.place(input.path, anchor('web')), {
    path: 'chart/templates/web.yaml',
    span: { start: { line: 21, column: 11 }, end: { line: 21, column: 20 } },
    isFile: true,
    remapped: true,
  });
  const api = locator.place(input.path, anchor('api', stream.indexOf('---')));
  assert.equal(api.path, '<stdin>');
  assert.equal(api.isFile, false);
  assert.deepEqual(api.object, { kind: 'Deployment', name: 'api' });
});
