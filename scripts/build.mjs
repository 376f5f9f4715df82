// Bundles the CLI, the language server and the VS Code client with esbuild.
// `--if-needed` skips the build when every bundle is newer than every source file.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const bundles = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
].filter((b) => existsSync(b.entryPoints[0]));

const newest = (dir) =>
  readdirSync(dir).reduce((max, name) => {
    const p = join(dir, name);
    const s = statSync(p);
    return Math.max(max, s.isDirectory() ? newest(p) : s.mtimeMs);
  }, 0);

if (process.argv.includes('--if-needed')) {
  const sources = Math.max(...['server/src', 'shared/src', 'client/src'].filter(existsSync).map(newest), statSync('package-lock.json').mtimeMs);
  if (bundles.every((b) => existsSync(b.outfile) && statSync(b.outfile).mtimeMs > sources)) process.exit(0);
}

await Promise.all(
  bundles.map((b) => build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, minify: false, logLevel: 'warning', ...b })),
);
