import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapRenderedFinding } from '../../server/src/helm/map-findings';
import type { RenderedFile } from '../../server/src/helm/rendered-output';
import { templateAnatomy } from '../../server/src/helm/template-lines';
import type { Finding } from '../../server/src/types';

const TEMPLATE = '{{- range .Values.shards }}\n---\nkind: StatefulSet\nmetadata:\n  name: shard-{{ .name }}\n{{- end }}\n';
const RENDERED = '---\nkind: StatefulSet\nmetadata:\n  name: shard-east\n---\nkind: StatefulSet\nmetadata:\n  name: shard-west\n';

/** Two objects from one `range`: each rendered line from template lines 3–5 (`---` lines have none). */
const file: RenderedFile = {
  path: '/chart/templates/shards.yaml#rendered.yaml',
  template: '/chart/templates/shards.yaml',
  text: RENDERED,
  documents: 2,
  lines: [undefined, 3, 4, 5, undefined, 3, 4, 5].map((line) =>
    line === undefined ? undefined : { template: '/chart/templates/shards.yaml', origin: { line, kind: 'literal' as const } },
  ),
};
const context = { anatomyOf: () => templateAnatomy(TEMPLATE), renderedFile: () => undefined, readText: () => undefined };

const finding = (message: string): Finding => ({
  ruleId: 'missing-pdb',
  severity: 'warning',
  path: file.path,
  message,
  range: { start: RENDERED.indexOf('kind', 20), end: RENDERED.indexOf('kind', 20) + 4 },
});

test('a finding in one of several objects a template renders names the object, unless its message does', () => {
  assert.equal(mapRenderedFinding(finding('No PodDisruptionBudget.'), file, context)?.message, 'No PodDisruptionBudget. (in StatefulSet shard-west)');
  assert.equal(
    mapRenderedFinding(finding('StatefulSet shard-west runs 2 but no PodDisruptionBudget selects its pods.'), file, context)?.message,
    'StatefulSet shard-west runs 2 but no PodDisruptionBudget selects its pods.',
  );
});
