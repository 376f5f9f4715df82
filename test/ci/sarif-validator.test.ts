import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliTrees, REPO_ROOT, runCli } from '../cli/cli-process';
import { findTestHelm } from '../helm/helm-tool';
import { sarifMultitool } from './tools';

const tree = cliTrees();
const tool = sarifMultitool();

interface ValidatorResult {
  ruleId: string;
  level: string;
  message: { arguments?: string[] };
}

/** Runs `Sarif.Multitool validate --rule-kind "Sarif;Gh"` (SARIF rules and GitHub code scanning's) on `files`. */
function validate(path: string, files: readonly string[], output: string): ValidatorResult[] {
  const run = spawnSync(path, ['validate', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--output', output, ...files], {
    encoding: 'utf8',
    // The .NET binary needs ICU unless told to run without it, and this machine may have none.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return JSON.parse(readFileSync(output, 'utf8')).runs[0].results as ValidatorResult[];
}

test(
  "SARIF for the examples and for standard input passes Microsoft's validator with GitHub's rules: no error, no warning",
  { skip: 'skip' in tool && tool.skip },
  () => {
    if (!('path' in tool)) return;
    const root = tree();
    const examples = runCli(['lint', '--format', 'sarif', 'examples'], REPO_ROOT);
    assert.equal(examples.status, 1, examples.stderr);
    const stdin = runCli(['lint', '-', '--format', 'sarif'], root, {}, readFileSync(join(__dirname, 'fixtures/kubectl-get-all.yaml')));
    const named = runCli(
      ['lint', '-', '--stdin-filename', 'deploy/web.yaml', '--format', 'sarif'],
      root,
      {},
      readFileSync(join(__dirname, 'fixtures/kubectl-applied.yaml')),
    );
    // A chart rendered with helm: fixes that edit values.yaml have one artifactChange per file.
    const { helm } = findTestHelm();
    if (helm) cpSync(join(REPO_ROOT, 'test/fixtures/helm/values-fixes'), join(root, 'values-fixes'), { recursive: true });
    const chart = helm ? runCli(['lint', '--format', 'sarif', '--helm', helm, 'values-fixes'], root) : undefined;
    if (chart) assert.ok(JSON.parse(chart.stdout).runs[0].results.some((r: { fixes?: unknown[] }) => r.fixes?.length));
    const files = {
      'examples.sarif': examples.stdout,
      'stdin.sarif': stdin.stdout,
      'named-stdin.sarif': named.stdout,
      ...(chart && { 'chart.sarif': chart.stdout }),
    };
    for (const [name, text] of Object.entries(files)) {
      assert.ok(JSON.parse(text).runs[0].results.length > 0, `${name} has results to validate`);
      writeFileSync(join(root, name), text);
    }
    const results = validate(
      tool.path,
      Object.keys(files).map((name) => join(root, name)),
      join(root, 'validation.sarif'),
    );
    const serious = results.filter((r) => r.level === 'error' || r.level === 'warning');
    assert.deepEqual(serious, []);
    // The notes asking for code snippets (SARIF2010) and context regions (SARIF2011) are answered.
    assert.deepEqual(
      results.filter((r) => r.ruleId === 'SARIF2010' || r.ruleId === 'SARIF2011'),
      [],
    );
  },
);
