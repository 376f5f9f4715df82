import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const CORPUS = resolve(__dirname, '../corpora/k8s');
const REPO_ROOT = resolve(__dirname, '../..');

/**
 * Lints every `<owner>__<repo>/` folder of the shared corpus as its own workspace
 * with the built CLI and compares the findings per rule and per folder with
 * baseline.json. A change here is either a regression or an improvement to review:
 * after reviewing, regenerate with `node scripts/corpus-baseline.mjs`.
 */
interface Counts {
  rules: Record<string, number>;
  repos: Record<string, { files: number; problems: number; findings: Record<string, number> }>;
}

/** `repo rule: before → after` for every count that differs, so a change reads at a glance. */
function differences(before: Counts, after: Counts): string[] {
  const out: string[] = [];
  const compare = (where: string, a: Record<string, number> = {}, b: Record<string, number> = {}) => {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      if (a[key] !== b[key]) out.push(`${where} ${key}: ${a[key] ?? 0} → ${b[key] ?? 0}`);
  };
  compare('all', before.rules, after.rules);
  for (const repo of [...new Set([...Object.keys(before.repos), ...Object.keys(after.repos)])].sort()) {
    const [a, b] = [before.repos[repo], after.repos[repo]];
    compare(repo, a && { files: a.files, problems: a.problems }, b && { files: b.files, problems: b.problems });
    compare(repo, a?.findings, b?.findings);
  }
  return out;
}

test('the shared corpus lints without a crash and matches the baseline', () => {
  const run = spawnSync(process.execPath, ['scripts/corpus-baseline.mjs', '--print'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, `the CLI failed on the corpus:\n${run.stderr}`);
  const baseline = JSON.parse(readFileSync(resolve(__dirname, 'baseline.json'), 'utf8')) as Counts;
  assert.deepEqual(differences(baseline, JSON.parse(run.stdout) as Counts), [], 'findings changed: review them, then run `node scripts/corpus-baseline.mjs`');
});
