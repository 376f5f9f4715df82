import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const REPO_ROOT = resolve(__dirname, '../..');

/**
 * Lints every folder of test/corpora/docker (Dockerfiles and entrypoint scripts of seven
 * official-image repositories) with the built CLI and compares the findings, and what Graceful
 * reads as PID 1 in each Dockerfile (with each entrypoint script's reading), with
 * docker-baseline.json, reviewed in DOCKER-REVIEW.md. After reviewing a change, regenerate with
 * `node scripts/corpus-baseline.mjs --corpus docker`.
 */
test('the official-image Dockerfiles lint without a crash and match the reviewed baseline', () => {
  const run = spawnSync(process.execPath, ['scripts/corpus-baseline.mjs', '--corpus', 'docker', '--print'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  assert.equal(run.status, 0, `the CLI failed on the corpus:\n${run.stderr}`);
  const baseline: unknown = JSON.parse(readFileSync(resolve(__dirname, 'docker-baseline.json'), 'utf8'));
  assert.deepEqual(
    JSON.parse(run.stdout),
    baseline,
    'findings or PID 1 readings changed: review them (DOCKER-REVIEW.md), then run `node scripts/corpus-baseline.mjs --corpus docker`',
  );
});
