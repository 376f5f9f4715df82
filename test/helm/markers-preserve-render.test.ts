import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { renderChart, RELEASE_NAME } from '../../server/src/helm/render-chart';
import { splitHelmOutput } from '../../server/src/helm/rendered-output';
import { CORPUS, FIXTURES } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const { helm, skip } = findTestHelm();

/** The corpus charts (SOURCES.md says which need a value set) and the fixture charts. */
const CHARTS: [string, string[]][] = [
  [`${CORPUS}/metrics-server`, []],
  [`${CORPUS}/traefik`, []],
  [`${CORPUS}/ingress-nginx`, []],
  [`${CORPUS}/opentelemetry-operator`, []],
  [`${CORPUS}/opentelemetry-collector`, ['image.repository=otel/opentelemetry-collector-k8s', 'mode=deployment']],
  [`${CORPUS}/external-dns`, ['policy=sync']],
  [`${FIXTURES}/app`, []],
  // Chomping after literal lines, `-}}`, multi-line comments, block scalars, defines, `tpl`, a comment-only document.
  [`${FIXTURES}/edge-cases`, []],
];

/** Checksums of other templates (`include (print $.Template.BasePath ...) | sha256sum`) hash the markers too. */
const withoutChecksums = (text: string) => text.replace(/^(\s*checksum\/[\w.-]+:).*$/gm, '$1 ...');

describe('markers never change what helm renders (real helm)', { skip }, () => {
  for (const [chart, set] of CHARTS) {
    it(chart.slice(chart.lastIndexOf('/') + 1), async () => {
      const direct = spawnSync(helm!, ['template', RELEASE_NAME, chart, ...set.flatMap((s) => ['--set', s])], { encoding: 'utf8' });
      assert.equal(direct.status, 0, direct.stderr);
      const expected = new Map<string, string>();
      for (const document of splitHelmOutput(direct.stdout)) {
        const template = `${chart}/${document.source!.split('/').slice(1).join('/')}`;
        const lines = document.text.split('\n');
        if (lines.at(-1) === '') lines.pop();
        expected.set(template, `${expected.get(template) ?? ''}---\n${lines.join('\n')}\n`);
      }
      const render = await renderChart({ chartDir: chart, helm: helm!, valuesFiles: [], set });
      assert.ok(render.ok, render.ok ? '' : render.message);
      const actual = new Map(render.files.map((f) => [f.template, f.text]));
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      for (const [template, text] of expected) assert.equal(withoutChecksums(actual.get(template)!), withoutChecksums(text), template);
      // Every rendered line but separators and helm's `# Source:` comments has an origin.
      for (const file of render.files) {
        const untraced = file.text.split('\n').filter((line, i) => i < file.lines.length && !file.lines[i] && line !== '---' && !line.startsWith('# Source: '));
        assert.deepEqual(untraced, [], file.template);
      }
    });
  }
});
