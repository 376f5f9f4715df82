// Writes every generated file (see generated-files.ts). `--check` only lists the stale ones and fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, staleFiles } from './generated-files';

const check = process.argv.includes('--check');
const stale = staleFiles();
for (const { file, expected } of stale) {
  if (check) {
    console.error(`${file.path} is out of date: run npm run generate`);
  } else {
    mkdirSync(dirname(join(ROOT, file.path)), { recursive: true });
    writeFileSync(join(ROOT, file.path), expected);
    console.log(`wrote ${file.path}`);
  }
}
process.exit(check && stale.length > 0 ? 1 : 0);
