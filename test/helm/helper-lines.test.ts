import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/parse/line-index';
import type { OffsetRange } from '../../server/src/types';
import { CORPUS, FIXTURES, lintWithHelm } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

/** One-based line and the text of a range in a file. */
const at = (path: string, range: OffsetRange) => {
  const text = readFileSync(path, 'utf8');
  return { line: new LineIndex(text).positionAt(range.start).line + 1, covers: text.slice(range.start, range.end) };
};

describe('findings on lines an included helper printed (real helm)', { skip }, () => {
  it('sit at the include, name the helper, and point at the helper line that wrote the flagged line', async () => {
    const { files } = await lintWithHelm([`${FIXTURES}/timeline`], helm);
    const workers = files.find((f) => f.path.endsWith('/timeline/templates/workers.yaml'))!;
    const findings = workers.findings.filter((f) => f.ruleId === 'grace-period-shortfall');
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.deepEqual(at(workers.path, finding.range), { line: 16, covers: '{{- include "timeline.preStop" $ | nindent 12 }}' });
      assert.match(finding.message, /\(from `include "timeline\.preStop"`, in Deployment worker-(?:east|west)\)$/);
      const helper = finding.related?.find((r) => r.path.endsWith('/_helpers.tpl'));
      assert.ok(helper, 'related information in _helpers.tpl');
      assert.deepEqual(at(helper.path, helper.range), { line: 2, covers: 'preStop:' });
    }
  });

  it('on traefik, whose pod template is a define: the liveness probe line in _podtemplate.tpl', async () => {
    const { files } = await lintWithHelm([`${CORPUS}/traefik`], helm);
    const deployment = files.find((f) => f.path.endsWith('/traefik/templates/deployment.yaml'))!;
    const liveness = deployment.findings.find((f) => f.ruleId === 'liveness-equals-readiness')!;
    assert.match(liveness.message, /\(from `include "traefik\.podTemplate"`\)$/);
    const helper = liveness.related?.find((r) => r.path.endsWith('/_podtemplate.tpl'));
    assert.ok(helper);
    assert.deepEqual(at(helper.path, helper.range), { line: 95, covers: 'livenessProbe:' });
    // The container's name is printed by a directive in the helper: no helper line is claimed for it.
    const prestop = deployment.findings.find((f) => f.ruleId === 'missing-prestop')!;
    assert.match(prestop.message, /\(from `include "traefik\.podTemplate"`\)$/);
    assert.ok(!prestop.related?.some((r) => r.path.endsWith('.tpl')));
  });
});
