// Bundles the CLI, the language server and the VS Code client with esbuild.
// `--if-needed` skips the build when every bundle is newer than every source file.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Modules that most `graceful lint` runs never call: Dockerfiles' parser, helm's child processes, chart
 * archives, `--fix`'s temporary names, the server's asynchronous walk. A bundle evaluates every module it
 * imports at start-up, and these cost a tree of CRDs about a tenth of its margin over reading and parsing
 * it: in the CLI each is loaded on the first use of one of its exports instead.
 */
const LAZY_MODULES = ['dockerfile-ast', 'node:child_process', 'node:crypto', 'node:fs/promises', 'node:zlib'];

/** An esbuild plugin that stands a module of its own in for each package of `names`: `contents(path)` is its source. */
function standIns(namespace, names, contents) {
  const filter = new RegExp(`^(?:${names.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: namespace,
    setup(b) {
      b.onResolve({ filter }, (args) => (args.namespace === namespace ? undefined : { path: args.path, namespace }));
      b.onLoad({ filter: /.*/, namespace }, ({ path }) => ({ resolveDir: process.cwd(), loader: 'js', contents: contents(path) }));
    },
  };
}

/**
 * Stands a module in for each of `names` that loads it on first use. The stand-in knows the module's export
 * names and whether it is an ES module (taken here, at build time), so the bundle's import helpers, which ask
 * both at start-up, do not load it.
 */
const lazyModules = (names) =>
  standIns(
    'lazy-module',
    names,
    (path) => `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(path)}));
const names = ${JSON.stringify(Object.keys(require(path)))};
module.exports = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? ${require(path).__esModule === true} : load()[key]),
  has: (_, key) => names.includes(key),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => (names.includes(key) ? { enumerable: true, configurable: true, get: () => load()[key] } : undefined),
});
`,
  );

/**
 * A CommonJS package imported by name (`import { isMap } from 'yaml'`) reaches the bundle as an object whose
 * every export is a getter, called again on each use. The CLI calls yaml's node tests (`isMap`, `isScalar`) on
 * every read of every node: with each export bound once, at start-up, to a plain variable, those calls go
 * straight to the function, about a twentieth of a run on a tree of manifests (and of the server's parse of a
 * large file when it opens).
 */
const plainBindings = (names) =>
  standIns(
    'plain-bindings',
    names,
    (path) => `import * as bound from ${JSON.stringify(path)};\nexport const { ${Object.keys(require(path)).join(', ')} } = bound;\n`,
  );

/** The CLI's `lsp` command loads the server's own bundle, beside it, rather than carrying a copy of it. */
const serverBesideCli = {
  name: 'server-beside-cli',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/lsp\/main$/ }, () => ({ path: './server.js', external: true }));
  },
};

const bundles = [
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [lazyModules(LAZY_MODULES), plainBindings(['yaml']), serverBesideCli],
  },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', plugins: [plainBindings(['yaml'])] },
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

/**
 * esbuild escapes non-ASCII characters in code but copies the comments it keeps (doc comments on class fields)
 * as written, and one such character makes node hold the whole bundle as two-byte text, slower to read and to
 * compile at every start. In a comment an escape changes nothing: the few there are escaped too.
 */
function keepAscii(file) {
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
  if (ascii !== text) writeFileSync(file, ascii);
}

await Promise.all(
  bundles.map(async (b) => {
    await build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, minify: false, logLevel: 'warning', ...b });
    keepAscii(b.outfile);
  }),
);
