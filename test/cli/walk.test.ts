import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliTrees, deployment, lintJson, NO_PRESTOP, runCli } from './cli-process';

const tree = cliTrees();

const CLEAN = deployment('clean');

test('folders are walked for Dockerfiles and YAML by name, skipping .git and node_modules', () => {
  const root = tree({
    'a.yaml': CLEAN,
    'b.yml': CLEAN,
    'svc/Dockerfile': 'FROM alpine:3.20\nCMD ["sleep", "1"]\n',
    'svc/api.Dockerfile': 'FROM alpine:3.20\n',
    'notes.txt': CLEAN,
    'node_modules/pkg/x.yaml': NO_PRESTOP,
    '.git/config.yaml': NO_PRESTOP,
  });
  const { run, output } = lintJson([], root);
  assert.equal(run.status, 0);
  assert.deepEqual(
    output.files.map((f) => f.path),
    ['a.yaml', 'b.yml', 'svc/Dockerfile', 'svc/api.Dockerfile'],
  );
});

test('.gitignore files are honoured: nested ones, negations, and those above the folder up to the repository', () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n*.rendered.yaml\n',
    'deploy/web.yaml': CLEAN,
    'deploy/web.rendered.yaml': NO_PRESTOP,
    'deploy/generated/x.yaml': NO_PRESTOP,
    'deploy/keep/.gitignore': '!*.rendered.yaml\nlocal.yaml\n',
    'deploy/keep/a.rendered.yaml': CLEAN,
    'deploy/keep/local.yaml': NO_PRESTOP,
  });
  assert.deepEqual(
    lintJson([], root).output.files.map((f) => f.path),
    ['deploy/keep/a.rendered.yaml', 'deploy/web.yaml'],
  );
  // Linting a subfolder still applies the repository root's .gitignore.
  assert.deepEqual(
    lintJson(['deploy'], root).output.files.map((f) => f.path),
    ['deploy/keep/a.rendered.yaml', 'deploy/web.yaml'],
  );
  // A file named on the command line is linted even when ignored by git.
  assert.deepEqual(
    lintJson(['deploy/web.rendered.yaml'], root).output.files.map((f) => f.path),
    ['deploy/web.rendered.yaml'],
  );
});

test('a folder that is a repository of its own takes no .gitignore from above it', () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.rendered.yaml\n',
    'vendored/.git/HEAD': 'ref: refs/heads/main\n',
    'vendored/x.rendered.yaml': CLEAN,
  });
  assert.deepEqual(
    lintJson(['vendored'], root).output.files.map((f) => f.path),
    ['vendored/x.rendered.yaml'],
  );
});

test('a named file that is neither a Dockerfile nor YAML is reported, not silently passed', () => {
  const root = tree({ 'notes.txt': CLEAN, 'a.yaml': CLEAN });
  const run = runCli(['lint', 'notes.txt', 'a.yaml'], root);
  assert.equal(run.status, 1);
  assert.match(run.stdout + run.stderr, /notes\.txt[\s\S]*only Dockerfiles/);
});

test('the config ignore globs skip files and folders relative to the config file', () => {
  const root = tree({
    '.graceful.yaml': 'ignore:\n  - "charts/**"\n  - "*.tmpl.yaml"\n  - legacy\n',
    'web.yaml': CLEAN,
    'charts/app/templates/d.yaml': NO_PRESTOP,
    'sub/x.tmpl.yaml': NO_PRESTOP,
    'sub/legacy/old.yaml': NO_PRESTOP,
    'sub/y.yaml': CLEAN,
  });
  const { run, output } = lintJson([], root);
  assert.equal(run.status, 0);
  assert.deepEqual(
    output.files.map((f) => f.path),
    ['sub/y.yaml', 'web.yaml'],
  );
  assert.deepEqual(lintJson(['sub/x.tmpl.yaml'], root).output.files, [], 'the config ignores named files too');
});

test('an empty folder is a clean run', () => {
  const run = runCli(['lint'], tree());
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '\n✔ no problems (0 files checked)\n');
});

test('binary and non-UTF-8 files are reported, the rest is linted, and the run fails', () => {
  const root = tree({
    'binary.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x0a]),
    'latin1.yaml': Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1'),
    'web.yaml': NO_PRESTOP,
  });
  const { run, output } = lintJson([], root);
  assert.equal(run.status, 1);
  const problems = Object.fromEntries(output.files.map((f) => [f.path, f.problems.map((p) => p.message)]));
  assert.deepEqual(problems, { 'binary.yaml': ['binary file (it holds NUL bytes): skipped'], 'latin1.yaml': ['not UTF-8 text'], 'web.yaml': [] });
  assert.equal(output.files.find((f) => f.path === 'web.yaml')!.findings.length, 1);
  const text = runCli(['lint'], root);
  assert.match(text.stdout, /\nlatin1\.yaml\n {2}error {2}not UTF-8 text\n/);
});

test('symbolic link loops end, each real folder is walked once, broken links are reported', () => {
  const root = tree({ 'a/web.yaml': CLEAN });
  symlinkSync('..', join(root, 'a/up'));
  symlinkSync(join(root, 'a'), join(root, 'a/self'));
  symlinkSync('nowhere.yaml', join(root, 'gone.yaml'));
  const { run, output } = lintJson([], root);
  assert.deepEqual(
    output.files.map((f) => [f.path, f.problems.map((p) => p.message)]),
    [
      ['a/web.yaml', []],
      ['gone.yaml', ['broken symbolic link']],
    ],
  );
  assert.equal(run.status, 1);
});

test('a folder named like a YAML file is walked, not read', () => {
  const root = tree({ 'weird.yaml/web.yaml': NO_PRESTOP });
  const { run, output } = lintJson(['weird.yaml'], root);
  assert.equal(run.status, 0);
  assert.deepEqual(
    output.files.map((f) => [f.path, f.findings.length]),
    [['weird.yaml/web.yaml', 1]],
  );
});

test('an unreadable file is reported and the run goes on', (t) => {
  if (process.getuid?.() === 0) {
    t.skip('root reads files whatever their mode, so chmod 000 cannot make one unreadable');
    return;
  }
  const root = tree({ 'locked.yaml': CLEAN, 'web.yaml': CLEAN });
  chmodSync(join(root, 'locked.yaml'), 0);
  mkdirSync(join(root, 'closed'));
  chmodSync(join(root, 'closed'), 0);
  const { run, output } = lintJson([], root);
  assert.equal(run.status, 1);
  assert.deepEqual(
    output.files.map((f) => [f.path, f.problems.map((p) => p.message)]),
    [
      ['closed', ['cannot list folder: permission denied']],
      ['locked.yaml', ['permission denied']],
      ['web.yaml', []],
    ],
  );
});
