import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';

/**
 * The extension API tier: @vscode/test-electron starts a real VS Code with this folder as the
 * extension under development and runs suite/extension-api.ts in its extension host. It cannot
 * download VS Code here, so it runs only where VSCODE_EXECUTABLE points at an installed one.
 */
const root = join(__dirname, '..', '..');
const executable = process.env.VSCODE_EXECUTABLE;

test(
  'extension API in VS Code: activation, commands, diagnostics, quick fixes',
  {
    skip: executable ? false : 'skipped: VSCODE_EXECUTABLE is not set (VS Code cannot be downloaded here; point it at a VS Code binary to run this suite)',
    timeout: 300_000,
  },
  async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'graceful-vscode-'));
    try {
      const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
      // The extension host loads plain JavaScript: bundle the suite, with `vscode` left to the host.
      const suite = join(tmp, 'suite.js');
      await build({
        entryPoints: [join(__dirname, 'suite', 'extension-api.ts')],
        outfile: suite,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
        logLevel: 'warning',
      });
      const workspace = join(tmp, 'workspace');
      cpSync(join(root, 'test', 'e2e', 'fixture'), workspace, { recursive: true });
      const exitCode = await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        launchArgs: [
          workspace,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          `--user-data-dir=${join(tmp, 'user-data')}`,
        ],
      });
      assert.equal(exitCode, 0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
