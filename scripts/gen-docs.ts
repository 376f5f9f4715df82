// Writes docs/rules/<id>.md from each rule's metadata. `--check` fails when a page is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/rules/registry';
import { renderRulePage } from '../server/src/rules/rule-page';

const dir = join(__dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const check = process.argv.includes('--check');
let stale = 0;
for (const { meta } of RULES) {
  const file = join(dir, `${meta.id}.md`);
  const page = renderRulePage(meta);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current === page) continue;
  if (check) {
    console.error(`${file} is out of date: run npm run docs`);
    stale++;
  } else writeFileSync(file, page);
}
process.exit(stale > 0 ? 1 : 0);
