import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { RULE_IDS, ruleDocUrl } from '../../shared/src/rule-ids';
import { CLI, deployment, ensureBuilt, lintJson, MISPLACED_GRACE, NO_PRESTOP, removeTree, runCli, tempTree } from './cli-process';

let root: string;
before(() => {
  ensureBuilt();
  root = tempTree({
    'k8s/web.yaml': NO_PRESTOP,
    'k8s/api.yaml': MISPLACED_GRACE,
    'k8s/clean.yaml': deployment('clean'),
    'k8s/my app/café.yaml': NO_PRESTOP.replace(/web/g, 'cafe'),
    // A kind the rules read: the syntax errors of documents no rule reads are skipped by default.
    'broken.yaml': 'apiVersion: apps/v1\nkind: Deployment\nspec: [unclosed\n',
    'README.md': '# not linted\n',
  });
});
after(() => removeTree(root));

test('text: findings grouped by file, aligned rows, a summary, no colour when piped', () => {
  const run = runCli(['lint'], root);
  assert.equal(run.status, 1);
  assert.doesNotMatch(run.stdout, /\u001b\[/);
  const lines = run.stdout.split('\n');
  const header = lines.indexOf('k8s/web.yaml');
  assert.notEqual(header, -1, run.stdout);
  assert.match(lines[header + 1]!, /^ {2}16:11 {2}warning {2}Container "web" .* {2}missing-prestop$/);
  const apiRow = lines[lines.indexOf('k8s/api.yaml') + 1]!;
  assert.match(apiRow, /^ {2}31:11 {2}error {2}.* {2}misplaced-shutdown-field$/);
  // The syntax error is a problem of its own file, counted as an error.
  assert.match(lines[lines.indexOf('broken.yaml') + 1]!, /^ {2}4:1 {2}error {2}YAML syntax error: /);
  assert.ok(!run.stdout.includes('clean.yaml'), 'files without findings get no header');
  assert.match(run.stdout, /\n✖ 4 problems \(2 errors, 2 warnings\)\n {2}3 problems fixable with the `--fix` option\.\n$/);
});

test(
  'text: colours on a terminal, unless NO_COLOR is set',
  { skip: !existsSync('/usr/bin/script') && 'util-linux `script` (to get a terminal) is not installed' },
  () => {
    const onTerminal = (env: Record<string, string>) => {
      const { NO_COLOR: _, ...inherited } = process.env;
      const run = spawnSync('/usr/bin/script', ['-qec', `"${process.execPath}" "${CLI}" lint k8s/web.yaml`, '/dev/null'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...inherited, ...env },
      });
      return run.stdout.replace(/\r/g, '');
    };
    const coloured = onTerminal({});
    assert.match(coloured, /\u001b\[4mk8s\/web\.yaml\u001b\[24m\n/);
    assert.match(coloured, /\u001b\[33mwarning\u001b\[39m/);
    assert.doesNotMatch(onTerminal({ NO_COLOR: '1' }), /\u001b\[/);
  },
);

test('text: a clean run says so', () => {
  const run = runCli(['lint', 'k8s/clean.yaml'], root);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '\n✔ no problems (1 file checked)\n');
});

test('json: the documented shape with one-based ranges on the anchor', () => {
  const { run, output } = lintJson([], root);
  assert.equal(run.status, 1);
  assert.equal(output.version, require('../../package.json').version);
  assert.deepEqual(
    output.files.map((f) => f.path),
    ['broken.yaml', 'k8s/api.yaml', 'k8s/clean.yaml', 'k8s/my app/café.yaml', 'k8s/web.yaml'],
  );
  const web = output.files.find((f) => f.path === 'k8s/web.yaml')!;
  assert.equal(web.findings.length, 1);
  const finding = web.findings[0]!;
  assert.equal(finding.ruleId, 'missing-prestop');
  assert.equal(finding.severity, 'warning');
  // Anchored on the container's `name` entry: line 16, `- name: web` indented by 8.
  assert.deepEqual(finding.range.start, { line: 16, column: 11 });
  assert.equal(finding.range.end.line, 16);
  assert.ok(finding.fixes.some((f) => f.preferred && f.edits.length > 0));
  assert.deepEqual(web.problems, []);
  const broken = output.files.find((f) => f.path === 'broken.yaml')!;
  assert.equal(broken.findings.length, 0);
  assert.match(broken.problems[0]!.message, /^YAML syntax error/);
  assert.deepEqual(output.summary, {
    files: 5,
    errors: 2,
    warnings: 2,
    infos: 0,
    hints: 0,
    problems: 1,
    fixable: 3,
    fixesApplied: 0,
    skipped: { documents: 0, kinds: {} },
  });
});

test('sarif: the fields GitHub code scanning requires', () => {
  const run = runCli(['lint', '--format', 'sarif'], root);
  assert.equal(run.status, 1);
  const sarif = JSON.parse(run.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  assert.equal(sarif.runs.length, 1);
  const [sarifRun] = sarif.runs;
  const driver = sarifRun.tool.driver;
  assert.equal(driver.name, 'graceful');
  assert.equal(driver.version, require('../../package.json').version);
  assert.match(driver.informationUri, /^https:\/\//);
  assert.deepEqual(
    driver.rules.map((r: { id: string }) => r.id),
    [...RULE_IDS],
  );
  for (const rule of driver.rules) {
    assert.ok(rule.name && rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
    assert.equal(rule.helpUri, ruleDocUrl(rule.id));
  }
  const results = sarifRun.results as any[];
  assert.equal(results.length, 3);
  for (const result of results) {
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.message.text.length > 0);
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.doesNotMatch(artifactLocation.uri, /^\/|\\/, 'relative URI with forward slashes');
    for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(region[key]) && region[key] >= 1, key);
    for (const fix of result.fixes) {
      assert.ok(fix.description.text);
      for (const change of fix.artifactChanges) {
        assert.equal(change.artifactLocation.uri, artifactLocation.uri);
        for (const r of change.replacements) assert.ok(r.deletedRegion.startLine >= 1 && typeof r.insertedContent.text === 'string');
      }
    }
  }
  const web = results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'k8s/web.yaml');
  assert.deepEqual(web.locations[0].physicalLocation.region, { startLine: 16, startColumn: 11, endLine: 16, endColumn: 20, snippet: { text: 'name: web' } });
  // Two lines either side, whole lines, for viewers that show the code around a result.
  const context = web.locations[0].physicalLocation.contextRegion;
  assert.deepEqual([context.startLine, context.endLine], [14, 18]);
  assert.match(context.snippet.text, /^ {6}containers:\n {8}- name: web\n/m);
  assert.equal(context.snippet.text.split('\n').length, 6, 'five lines, each ending in a newline');
  assert.equal(web.level, 'warning');
  // Spaces and non-ASCII letters are percent-encoded, as URIs must be.
  assert.ok(results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'k8s/my%20app/caf%C3%A9.yaml'));
  const [invocation] = sarifRun.invocations;
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.toolExecutionNotifications.length, 1);
  const notification = invocation.toolExecutionNotifications[0];
  assert.equal(notification.level, 'error');
  assert.match(notification.message.text, /^YAML syntax error/);
  assert.equal(notification.locations[0].physicalLocation.artifactLocation.uri, 'broken.yaml');
  assert.ok(sarifRun.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file:///'));
});

test('sarif: a clean run is a successful invocation with no results', () => {
  const run = runCli(['lint', '--format', 'sarif', 'k8s/clean.yaml'], root);
  assert.equal(run.status, 0);
  const [sarifRun] = JSON.parse(run.stdout).runs;
  assert.deepEqual(sarifRun.results, []);
  assert.equal(sarifRun.invocations[0].executionSuccessful, true);
});

test('entrypoint scripts are read from disk: related locations point into them (json and sarif)', () => {
  const tree = tempTree({
    'svc/Dockerfile': 'FROM alpine:3.20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    'svc/entrypoint.sh': '#!/bin/sh\nset -e\nmyapp --serve\n',
  });
  try {
    const { output } = lintJson([], tree);
    assert.deepEqual(
      output.files.map((f) => f.path),
      ['svc/Dockerfile'],
      'the script is read, not linted',
    );
    const finding = output.files[0]!.findings.find((f) => f.ruleId === 'entrypoint-script-without-exec');
    assert.ok(finding, JSON.stringify(output));
    const related = finding.related as { path: string; range: { start: { line: number } } }[];
    assert.deepEqual(
      related.map((r) => [r.path, r.range.start.line]),
      [['svc/entrypoint.sh', 3]],
    );
    const sarif = JSON.parse(runCli(['lint', '--format', 'sarif'], tree).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'entrypoint-script-without-exec');
    const location = result.relatedLocations[0];
    assert.equal(location.physicalLocation.artifactLocation.uri, 'svc/entrypoint.sh');
    assert.equal(location.physicalLocation.region.startLine, 3);
    assert.ok(location.message.text);
  } finally {
    removeTree(tree);
  }
});
