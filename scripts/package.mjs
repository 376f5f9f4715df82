// Builds the bundles and packages the VS Code extension: graceful-<version>.vsix.
// `--out DIR` writes it into DIR instead of the project root. The .vsix holds no node_modules
// (the bundles carry their dependencies); this script checks that and prints the size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const run = (args) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const outIndex = process.argv.indexOf('--out');
const outDir = outIndex === -1 ? root : resolve(process.argv[outIndex + 1] ?? '.');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(outDir, `graceful-${version}.vsix`);

// --if-needed: under `npm test` the bundles were just built, and other tests may be running them.
run(['scripts/build.mjs', '--if-needed']);
for (const bundle of ['dist/extension.js', 'dist/server.js']) {
  if (!existsSync(join(root, bundle))) {
    console.error(`package: ${bundle} was not built`);
    process.exit(1);
  }
}
mkdirSync(outDir, { recursive: true });
run([join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix]);

const entries = zipEntries(readFileSync(vsix));
const unexpected = entries.filter((name) => !isAllowed(name));
if (unexpected.length > 0) {
  console.error(`package: unexpected files in ${vsix}:\n  ${unexpected.join('\n  ')}`);
  process.exit(1);
}
const manifest = JSON.parse(inflateEntry(readFileSync(vsix), 'extension/package.json'));
if (manifest.main !== './dist/extension.js') {
  console.error(`package: the packaged manifest's main is ${manifest.main}`);
  process.exit(1);
}
console.log(`${vsix}: ${(statSync(vsix).size / 1024).toFixed(0)} KiB, ${entries.length} files`);

/** What the .vscodeignore allow-list lets in (vsce renames the docs), plus the two files vsce writes itself. */
function isAllowed(name) {
  return (
    ['[Content_Types].xml', 'extension.vsixmanifest'].includes(name) ||
    /^extension\/(dist\/(extension|server)\.js|package\.json|readme\.md|changelog\.md|LICENSE\.txt|snippets\/[^/]+\.json)$/.test(name)
  );
}

/** File names in a zip archive, read from its central directory. */
function zipEntries(zip) {
  return centralDirectory(zip).map((e) => e.name);
}

/** The text of one stored or deflated entry. */
function inflateEntry(zip, name) {
  const entry = centralDirectory(zip).find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in the archive`);
  const local = entry.localHeader;
  const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
  return (entry.method === 0 ? data : inflateRawSync(data)).toString('utf8');
}

function centralDirectory(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeader: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}
