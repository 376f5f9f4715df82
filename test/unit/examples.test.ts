import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULE_IDS } from '../../shared/src/rule-ids';
import { workspace } from '../helpers/workspace';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';

test('examples/ shows every rule at least once', () => {
  const root = join(__dirname, '..', '..', 'examples');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[p] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  const analyzer = workspace(files);
  const seen = new Set<string>();
  for (const path of analyzer.paths()) for (const f of analyzer.analyze(path, DEFAULT_SETTINGS)!.findings) seen.add(f.ruleId);
  assert.deepEqual(
    RULE_IDS.filter((id) => !seen.has(id)),
    [],
  );
});
