import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/fix/apply-edits';
import type { Finding } from '../../server/src/types';
import { chartCopy, lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

/** A finding as a person sees it: rule, message and the template text it points at. */
const shown = (f: Finding, text: string) => `${f.ruleId} ${f.message} @ ${text.slice(f.range.start, f.range.end)}`;

describe('fixes on charts (real helm)', { skip }, () => {
  it('offers a fix only where its edit lands exactly in the template; applied, it removes the finding and nothing else', async () => {
    const { chart, dispose } = chartCopy('app');
    try {
      const path = `${chart}/templates/deployment.yaml`;
      // The container then ends on a literal line (`port: http`), after which a preStop can be inserted exactly.
      const original = readFileSync(path, 'utf8');
      const probe = original.slice(original.indexOf('          {{- with .Values.livenessProbe }}'));
      writeFileSync(path, original.replace(probe, '').replace('          ports:\n', `${probe}          ports:\n`));
      const before = await lintWithHelm([chart], helm);
      const report = (r: typeof before, file: string) => r.files.find((f) => f.path === file)!.findings;
      const prestop = report(before, path).find((f) => f.ruleId === 'missing-prestop')!;
      assert.equal(prestop.fixes?.length, 1);
      // Values-derived lines (the liveness probe comes from toYaml) get no template edit, only values.yaml ones
      // (values-fixes.test.ts); lines a range renders twice get no fix.
      const liveness = report(before, path).find((f) => f.ruleId === 'liveness-checks-dependencies')!;
      assert.ok(liveness.fixes!.every((f) => f.edits.length === 0 && f.otherFiles?.every((o) => o.path === `${chart}/values.yaml`)));
      assert.ok(report(before, `${chart}/templates/shards.yaml`).every((f) => f.fixes === undefined));

      const text = readFileSync(path, 'utf8');
      const fixed = applyEdits(text, prestop.fixes![0]!.edits);
      writeFileSync(path, fixed);
      const after = await lintWithHelm([chart], helm);
      assert.ok(!report(after, path).some((f) => f.ruleId === 'missing-prestop'));
      const others = (r: typeof before, t: string) =>
        r.files.flatMap((f) => f.findings.filter((x) => x !== prestop).map((x) => shown(x, f.path === path ? t : readFileSync(f.path, 'utf8'))));
      assert.deepEqual(others(after, fixed), others(before, text));
    } finally {
      dispose();
    }
  });

  it('offers no fix that would break the chart under other values: before list items a condition appends, or a new document of rendered names', async () => {
    const { chart, dispose } = chartCopy('conditional');
    try {
      const path = `${chart}/templates/deployment.yaml`;
      const findings = (await lintWithHelm([chart], helm)).files.find((f) => f.path === path)!.findings;
      const rules = findings.map((f) => f.ruleId);
      for (const rule of ['missing-prestop', 'missing-readiness-probe', 'missing-pdb'] as const) {
        assert.ok(rules.includes(rule), `the fixture exercises ${rule}`);
        // The container's end is followed by `{{- if }}` items of volumeMounts; a PDB would name release-name.
        assert.equal(findings.find((f) => f.ruleId === rule)!.fixes, undefined, rule);
      }
      // Whatever is still offered renders, applied, under the defaults and with the condition on.
      const text = readFileSync(path, 'utf8');
      for (const fix of findings.flatMap((f) => f.fixes ?? [])) {
        writeFileSync(path, applyEdits(text, fix.edits));
        for (const set of [[], ['persistence.enabled=true']]) {
          const result = await lintWithHelm([chart], helm, { set });
          assert.deepEqual(result.charts.problems, [], `${fix.title} with ${set.join(' ') || 'defaults'}`);
        }
      }
      writeFileSync(path, text);
    } finally {
      dispose();
    }
  });
});
