import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { RULES } from '../../server/src/rules/registry';

/**
 * The analyzer skips documents of kinds outside KINDS_READ_BY_RULES without parsing
 * them. Over the corpus and the examples, analysing every kind must give the same findings.
 */
test('skipping kinds the rules do not read changes no finding', () => {
  const roots = [join(__dirname, '..', 'corpora', 'k8s'), join(__dirname, '..', '..', 'examples')];
  for (const root of roots) {
    for (const project of readdirSync(root)) {
      const dir = join(root, project);
      if (!statSync(dir).isDirectory()) continue;
      const files: Record<string, string> = {};
      const walk = (d: string) => {
        for (const name of readdirSync(d)) {
          const p = join(d, name);
          if (statSync(p).isDirectory()) walk(p);
          else if (statSync(p).size < 4_000_000) files[p] = readFileSync(p, 'utf8');
        }
      };
      walk(dir);
      const make = (ruleKinds?: ReadonlySet<string>) => {
        const a = new Analyzer({ fs: { readText: (p) => files[p] }, rules: RULES, ...(ruleKinds && { ruleKinds }) });
        for (const [p, t] of Object.entries(files)) a.setFile(p, t);
        return a;
      };
      const all = make();
      const skipping = new Analyzer({ fs: { readText: (p) => files[p] } });
      for (const [p, t] of Object.entries(files)) skipping.setFile(p, t);
      for (const p of all.paths()) assert.deepEqual(skipping.analyze(p, DEFAULT_SETTINGS)!.findings, all.analyze(p, DEFAULT_SETTINGS)!.findings, p);
    }
  }
});
