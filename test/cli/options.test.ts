import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RULE_IDS } from '../../shared/src/rule-ids';
import {
  CLI,
  deployment,
  ensureBuilt,
  findingKeys,
  lintJson,
  lspInitializeReply,
  MISPLACED_GRACE,
  NO_PRESTOP,
  removeTree,
  runCli,
  tempTree,
} from './cli-process';

let root: string;
before(() => {
  ensureBuilt();
  root = tempTree({
    'app/web.yaml': NO_PRESTOP,
    'app/api.yaml': MISPLACED_GRACE,
    'app/clean.yaml': deployment('clean'),
    'strict.yaml': 'rules:\n  missing-prestop: error\n',
  });
});
after(() => removeTree(root));

test('exit 0 when nothing is at error level, 1 with an error-level finding', () => {
  assert.equal(runCli(['lint', 'app/web.yaml', 'app/clean.yaml'], root).status, 0);
  assert.equal(runCli(['lint', 'app/api.yaml'], root).status, 1);
});

test('exit 2 for usage errors, without a stack trace', () => {
  for (const args of [
    ['lint', '--format', 'xml'],
    ['lint', '--bogus'],
    ['frobnicate'],
    ['lint', '--max-warnings', 'many'],
    ['lint', '--rule', 'missing-prestop'],
    ['lint', '--config'],
    ['lsp'],
    // An unset variable in a script, not the working folder.
    ['lint', ''],
    ['lint', 'app/web.yaml', ''],
  ]) {
    const run = runCli(args, root);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /^graceful: .+\nRun `graceful --help` for usage\.\n$/, args.join(' '));
    assert.equal(run.stdout, '');
  }
});

test('--rule sets a severity and is validated', () => {
  const raised = lintJson(['--rule', 'missing-prestop=error', 'app/web.yaml'], root);
  assert.equal(raised.run.status, 1);
  assert.equal(raised.output.files[0]!.findings[0]!.severity, 'error');
  const off = lintJson(['--rule=misplaced-shutdown-field=off', 'app/api.yaml'], root);
  assert.equal(off.run.status, 0);
  assert.deepEqual(findingKeys(off.output), []);
  const unknownRule = runCli(['lint', '--rule', 'no-such-rule=error'], root);
  assert.equal(unknownRule.status, 2);
  assert.match(unknownRule.stderr, /unknown rule "no-such-rule"/);
  const unknownSeverity = runCli(['lint', '--rule', 'missing-prestop=fatal'], root);
  assert.equal(unknownSeverity.status, 2);
  assert.match(unknownSeverity.stderr, /unknown severity "fatal" for missing-prestop/);
});

test('--quiet reports errors only', () => {
  const { run, output } = lintJson(['--quiet', 'app'], root);
  assert.equal(run.status, 1);
  assert.deepEqual(findingKeys(output), ['misplaced-shutdown-field@app/api.yaml']);
  const text = runCli(['lint', '--quiet', 'app/web.yaml'], root);
  assert.equal(text.status, 0);
  assert.equal(text.stdout, '\n✔ no problems (1 file checked)\n');
});

test('--max-warnings fails the run above the limit, also when --quiet hides the warnings', () => {
  const two = tempTree({ 'a.yaml': NO_PRESTOP, 'b.yaml': NO_PRESTOP.replace(/web/g, 'shop') });
  try {
    assert.equal(runCli(['lint', '--max-warnings', '2'], two).status, 0);
    const over = runCli(['lint', '--max-warnings', '1'], two);
    assert.equal(over.status, 1);
    assert.match(over.stderr, /2 warnings exceed --max-warnings 1/);
    assert.equal(runCli(['lint', '--max-warnings=0', '--quiet'], two).status, 1);
  } finally {
    removeTree(two);
  }
});

test('--config replaces the upward lookup', () => {
  const { run, output } = lintJson(['--config', 'strict.yaml', 'app/web.yaml'], root);
  assert.equal(run.status, 1);
  assert.equal(output.files[0]!.findings[0]!.severity, 'error');
  // --rule wins over the file.
  const overridden = lintJson(['--config', 'strict.yaml', '--rule', 'missing-prestop=warning', 'app/web.yaml'], root);
  assert.equal(overridden.output.files[0]!.findings[0]!.severity, 'warning');
  const missing = runCli(['lint', '--config', 'nowhere.yaml', 'app'], root);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nowhere\.yaml: \(file\): no such file/);
});

test('the nearest .graceful.yaml applies: settings and rule severities', () => {
  const tree = tempTree({
    '.graceful.yaml': 'rules:\n  missing-prestop: error\n',
    'team/.graceful.yaml': '# this team decides on its own\nrules:\n  missing-prestop: "off"\n',
    'web.yaml': NO_PRESTOP,
    'team/web.yaml': NO_PRESTOP,
  });
  try {
    const { output } = lintJson([], tree);
    assert.deepEqual(
      output.files.map((f) => [f.path, f.findings.map((x) => `${x.ruleId}:${x.severity}`)]),
      [
        ['team/web.yaml', []],
        ['web.yaml', ['missing-prestop:error']],
      ],
    );
  } finally {
    removeTree(tree);
  }
});

test('a broken config stops the run with its file, line and key', () => {
  const tree = tempTree({
    'ok.yaml': NO_PRESTOP,
    'deploy/.graceful.yaml': 'preStopSeconds: 10\nrules:\n  missing-prestop: loud\n',
    'deploy/web.yaml': NO_PRESTOP,
  });
  try {
    const run = runCli(['lint'], tree);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, new RegExp(`^graceful: ${tree}/deploy/\\.graceful\\.yaml:3: rules\\.missing-prestop: invalid severity "loud"`));
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    removeTree(tree);
  }
  const syntax = tempTree({ '.graceful.yaml': 'rules:\n  missing-prestop: [error\n', 'web.yaml': NO_PRESTOP });
  try {
    const run = runCli(['lint'], syntax);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\.graceful\.yaml:\d+: \(syntax\): /);
  } finally {
    removeTree(syntax);
  }
});

test('paths: all missing is exit 2; some missing is reported and fails the run', () => {
  const none = runCli(['lint', 'nope', 'nada.yaml'], root);
  assert.equal(none.status, 2);
  assert.equal(none.stderr, 'graceful: nope: no such file or directory\ngraceful: nada.yaml: no such file or directory\n');
  const some = lintJson(['app/web.yaml', 'nada.yaml'], root);
  assert.equal(some.run.status, 1);
  assert.deepEqual(some.output.files.find((f) => f.path === 'nada.yaml')!.problems, [{ message: 'no such file or directory' }]);
});

test('help, version and the rule list', () => {
  for (const args of [['--help'], ['help'], ['lint', '--help'], []]) {
    const run = runCli(args, root);
    assert.equal(run.status, 0, args.join(' '));
    assert.match(run.stdout, /^Usage: graceful <command>/);
  }
  const version = runCli(['--version'], root);
  assert.equal(version.stdout, `${require('../../package.json').version}\n`);
  const rules = runCli(['rules'], root);
  assert.equal(rules.status, 0);
  const rows = rules.stdout.trimEnd().split('\n');
  assert.match(rows[0]!, /^RULE\s+DEFAULT\s+FIX\s+SUMMARY$/);
  assert.deepEqual(
    rows.slice(1).map((r) => r.split(/\s+/)[0]),
    [...RULE_IDS],
  );
  assert.match(rules.stdout, /\nmisplaced-shutdown-field\s+error\s+fix\s+\S/);
});

test('lsp --stdio starts the language server', async () => {
  const message = await lspInitializeReply([process.execPath, CLI, 'lsp', '--stdio'], root);
  assert.equal(message.id, 1);
  assert.ok(message.result.capabilities.textDocumentSync);
});
