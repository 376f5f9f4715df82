import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { cliTrees, findingKeys, lintJson, MISPLACED_GRACE, NO_PRESTOP, PRESTOP_INSERTED, runCli } from './cli-process';

const tree = cliTrees();

test('--fix writes every preferred fix, reports it, and leaves nothing to fix', () => {
  const root = tree({ 'web.yaml': NO_PRESTOP, 'api.yaml': MISPLACED_GRACE });
  const run = runCli(['lint', '--fix'], root);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, 'api.yaml: 1 fix applied\nweb.yaml: 1 fix applied\n\n✔ no problems (2 files checked)\n');
  assert.equal(readFileSync(join(root, 'web.yaml'), 'utf8'), PRESTOP_INSERTED);
  const api = readFileSync(join(root, 'api.yaml'), 'utf8');
  assert.ok(!api.includes('          terminationGracePeriodSeconds'), api);
  assert.match(api, /\n {6}terminationGracePeriodSeconds: 60\n/);
  assert.equal(runCli(['lint'], root).status, 0);
  assert.deepEqual(readdirSync(root).sort(), ['api.yaml', 'web.yaml'], 'no temporary files left behind');
});

test('--fix replaces the file atomically and keeps its mode', () => {
  const root = tree({ 'web.yaml': NO_PRESTOP });
  const path = join(root, 'web.yaml');
  chmodSync(path, 0o640);
  const inode = statSync(path).ino;
  assert.equal(runCli(['lint', '--fix'], root).status, 0);
  const after = statSync(path);
  assert.equal(after.mode & 0o7777, 0o640);
  assert.notEqual(after.ino, inode, 'a new file renamed over the old one, not rewritten in place');
});

test('--fix keeps CRLF line endings and a byte order mark', () => {
  const crlf = NO_PRESTOP.replace(/\n/g, '\r\n');
  const root = tree({ 'web.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]) });
  assert.equal(runCli(['lint', '--fix'], root).status, 0);
  const bytes = readFileSync(join(root, 'web.yaml'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString('utf8'), PRESTOP_INSERTED.replace(/\n/g, '\r\n'));
});

test('--fix through a symbolic link writes the target and keeps the link', () => {
  const root = tree({ 'real/web.yaml': NO_PRESTOP });
  symlinkSync('real/web.yaml', join(root, 'link.yaml'));
  assert.equal(runCli(['lint', '--fix', 'link.yaml'], root).status, 0);
  assert.ok(lstatSync(join(root, 'link.yaml')).isSymbolicLink());
  assert.equal(readFileSync(join(root, 'real/web.yaml'), 'utf8'), PRESTOP_INSERTED);
});

test('--fix reports what is left in the chosen format', () => {
  // The second document cannot be parsed: the first one is still fixed, the problem stays.
  const root = tree({ 'web.yaml': `${NO_PRESTOP}---\nkind: [oops\n` });
  const { run, output } = lintJson(['--fix'], root);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, 'web.yaml: 1 fix applied\n');
  assert.deepEqual(findingKeys(output), []);
  assert.equal(output.files[0]!.fixesApplied, 1);
  assert.equal(output.summary.fixesApplied, 1);
  assert.match(output.files[0]!.problems[0]!.message, /^YAML syntax error/);
  const text = readFileSync(join(root, 'web.yaml'), 'utf8');
  assert.equal(text, `${PRESTOP_INSERTED}---\nkind: [oops\n`);
  assert.deepEqual(parseAllDocuments(text)[0]!.errors, []);
});
