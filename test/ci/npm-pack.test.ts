import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliTrees, lspInitializeReply, REPO_ROOT } from '../cli/cli-process';

const tree = cliTrees();

/** npm as users run it, without this run's npm_* variables (npm test sets some) leaking into the child. */
function npm(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const run = spawnSync('npm', [...args], { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('npm pack holds the bundled CLI and server, README, LICENSE and the rule docs; the tarball installs offline, lints like npm start and starts the language server', async () => {
  const dir = tree();
  const packed = npm(['pack', '--json', '--pack-destination', dir], REPO_ROOT);
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[]; entryCount: number }[];
  const files = info!.files.map((f) => f.path).sort();
  for (const path of ['dist/cli.js', 'dist/server.js', 'README.md', 'LICENSE', 'package.json', 'docs/cli-json.md'])
    assert.ok(files.includes(path), `${path} in ${files.join(', ')}`);
  const ruleDocs = readdirSync(join(REPO_ROOT, 'docs/rules')).filter((name) => name.endsWith('.md'));
  assert.deepEqual(
    files.filter((f) => f.startsWith('docs/rules/')),
    ruleDocs.map((name) => `docs/rules/${name}`).sort(),
  );
  assert.ok(files.length < 50, `tens of files, not hundreds: ${files.length}`);
  assert.ok(!files.some((f) => /^(server|client|shared|test|scripts)\//.test(f) || f.endsWith('.map')), files.join(', '));
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: object; bin: Record<string, string> };
  assert.equal(manifest.dependencies, undefined, 'no runtime dependency: the bundle carries them');
  assert.equal(manifest.bin.graceful, 'dist/cli.js');

  // --offline: with no dependency the install never needs the registry.
  const prefix = join(dir, 'prefix');
  const installed = npm(['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(dir, info!.filename)], dir);
  assert.equal(installed.status, 0, installed.stderr);
  const bin = join(prefix, 'bin/graceful');
  assert.ok(existsSync(bin));
  const fromPackage = spawnSync(bin, ['lint', 'examples'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(fromPackage.status, 1, fromPackage.stderr);
  const started = npm(['start', '--silent'], REPO_ROOT);
  assert.equal(started.status, 0, started.stderr);
  assert.equal(fromPackage.stdout, started.stdout);
  assert.match(fromPackage.stdout, /missing-prestop/);
  // `lsp` loads the server bundle beside the CLI's: the package must carry it.
  const lsp = await lspInitializeReply([bin, 'lsp', '--stdio'], dir);
  assert.ok(lsp.result.capabilities.textDocumentSync);
});
