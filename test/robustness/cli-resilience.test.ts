import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, cliTrees, NO_PRESTOP, PRESTOP_INSERTED, type CliRun, type JsonOutput } from '../cli/cli-process';

/**
 * The CLI on inputs a CI job meets by accident: odd files next to fixable ones,
 * half-broken YAML under --fix, links that go nowhere. (Walk, mode and encoding
 * basics are in test/cli; these combine them with --fix and check the output stays clean.)
 */

const tree = cliTrees();

const BROKEN_DOCUMENT = '---\nkind: [unclosed\n  a: b: c\n';

/** Runs the CLI with a time limit: a file the CLI should not open (a FIFO) would otherwise hang the suite. */
function run(args: readonly string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.error, undefined, `the CLI did not finish: ${String(result.error)}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertNoStackTrace(result: CliRun): void {
  assert.doesNotMatch(result.stderr, /^ {4}at /m, `stack trace on stderr:\n${result.stderr}`);
  assert.doesNotMatch(result.stdout, /^ {4}at /m, `stack trace on stdout:\n${result.stdout}`);
  assert.doesNotMatch(result.stderr, /internal error/i);
}

const snapshot = (root: string, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, readFileSync(join(root, n)).toString('base64')]));

test('--fix on a file with a fixable document and an unparseable one: the fix is written, the broken document kept byte for byte, the run fails', () => {
  const root = tree({ 'web.yaml': NO_PRESTOP + BROKEN_DOCUMENT });
  const result = run(['lint', '--fix', '--format', 'json', 'web.yaml'], root);
  assertNoStackTrace(result);
  // Documented: exit 1 for a file that could not be parsed; the parseable document is still fixed.
  assert.equal(result.status, 1);
  assert.equal(readFileSync(join(root, 'web.yaml'), 'utf8'), PRESTOP_INSERTED + BROKEN_DOCUMENT);
  const output = JSON.parse(result.stdout) as JsonOutput;
  const [file] = output.files;
  assert.equal(file!.fixesApplied, 1);
  assert.deepEqual(file!.findings, []);
  assert.ok(file!.problems.length > 0 && file!.problems.every((p) => p.message.startsWith('YAML syntax error: ')), JSON.stringify(file!.problems));
});

test('--fix over a folder of odd entries fixes only the fixable file and reports the rest', () => {
  const root = tree({
    'web.yaml': NO_PRESTOP,
    'latin1.yaml': Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1'),
    'binary.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x0a]),
    'broken.yaml': BROKEN_DOCUMENT,
  });
  mkdirSync(join(root, 'empty'));
  symlinkSync('self.yaml', join(root, 'self.yaml'));
  symlinkSync('nowhere.yaml', join(root, 'gone.yaml'));
  symlinkSync('..', join(root, 'empty/up'));
  // Never written to: reading it would block forever, so the walk must not open it.
  execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
  const untouched = ['latin1.yaml', 'binary.yaml', 'broken.yaml'];
  const before = snapshot(root, untouched);

  const result = run(['lint', '--fix', '--format', 'json', '.'], root);
  assertNoStackTrace(result);
  assert.equal(result.status, 1);
  assert.equal(readFileSync(join(root, 'web.yaml'), 'utf8'), PRESTOP_INSERTED);
  assert.deepEqual(snapshot(root, untouched), before, 'files with problems were rewritten');
  const output = JSON.parse(result.stdout) as JsonOutput;
  const problems = Object.fromEntries(output.files.map((f) => [f.path, f.problems.map((p) => p.message.replace(/^(YAML syntax error): .*/, '$1'))]));
  assert.deepEqual(problems, {
    'binary.yaml': ['binary file (it holds NUL bytes): skipped'],
    'broken.yaml': ['YAML syntax error', 'YAML syntax error'],
    'gone.yaml': ['broken symbolic link'],
    'latin1.yaml': ['not UTF-8 text'],
    'self.yaml': ['too many symbolic links encountered'],
    'web.yaml': [],
  });
  assert.deepEqual(
    readdirSync(root).filter((n) => n.endsWith('.tmp')),
    [],
    'temporary files left behind',
  );
});

test('odd paths on the command line: a clear one-line message, the documented exit status, no stack trace', () => {
  const root = tree({ 'web.yaml': NO_PRESTOP });
  mkdirSync(join(root, 'empty'));
  symlinkSync('self.yaml', join(root, 'self.yaml'));
  const cases: Array<{ args: string[]; status: number; message: RegExp; stream: 'stdout' | 'stderr' }> = [
    { args: ['self.yaml'], status: 1, message: /^self\.yaml\n {2}error {2}too many symbolic links encountered$/m, stream: 'stdout' },
    { args: ['empty'], status: 0, message: /no problems \(0 files checked\)/, stream: 'stdout' },
    { args: ['missing.yaml'], status: 2, message: /^graceful: missing\.yaml: no such file or directory\n$/, stream: 'stderr' },
    { args: ['--fix', 'self.yaml', 'missing.yaml'], status: 1, message: /^missing\.yaml\n {2}error {2}no such file or directory$/m, stream: 'stdout' },
  ];
  for (const { args, status, message, stream } of cases) {
    const result = run(['lint', ...args], root);
    assertNoStackTrace(result);
    assert.equal(result.status, status, `lint ${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result[stream], message, `lint ${args.join(' ')}`);
  }
  assert.equal(readFileSync(join(root, 'web.yaml'), 'utf8'), NO_PRESTOP, 'a file not named was fixed');
});
