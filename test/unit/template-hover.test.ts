import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { templateHoverAt, type TemplateHoverContext } from '../../server/src/features/template-hover';
import { renderedPathOf, type LineSource, type RenderedFile } from '../../server/src/helm/rendered-output';
import type { LineOrigin } from '../../server/src/helm/source-map';
import { templateAnatomy } from '../../server/src/helm/template-lines';
import { renderedLinesOf, templateLineAt, templateLineRange } from '../../server/src/helm/template-positions';
import type { Finding } from '../../server/src/types';

const CHART = '/repo/chart';
const TEMPLATE = `${CHART}/templates/shards.yaml`;
const TEXT = `{{- range .Values.shards }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: shard-{{ .name }}
spec:
  template:
    spec:
      terminationGracePeriodSeconds: {{ $.Values.grace }}
      containers:
        - name: app
          image: {{ $.Values.image }}
          lifecycle:
            {{- toYaml $.Values.lifecycle | nindent 12 }}
{{- end }}
`;
const anatomy = templateAnatomy(TEXT);

/** One rendered StatefulSet as helm prints it from TEXT, each line with the template line it came from. */
function shard(name: string, grace: number | undefined): [string, number, LineOrigin['kind']][] {
  return [
    ['apiVersion: apps/v1', 3, 'literal'],
    ['kind: StatefulSet', 4, 'literal'],
    ['metadata:', 5, 'literal'],
    [`  name: shard-${name}`, 6, 'literal'],
    ['spec:', 7, 'literal'],
    ['  template:', 8, 'literal'],
    ['    spec:', 9, 'literal'],
    ...(grace === undefined ? [] : [[`      terminationGracePeriodSeconds: ${grace}`, 10, 'literal'] as [string, number, 'literal']]),
    ['      containers:', 11, 'literal'],
    ['        - name: app', 12, 'literal'],
    ['          image: app:1', 13, 'literal'],
    ['          lifecycle:', 14, 'literal'],
    ['            preStop:', 15, 'directive'],
    ['              sleep:', 15, 'directive'],
    ['                seconds: 5', 15, 'directive'],
  ];
}

/** The rendered file of TEXT for some shards, held by an analyser as the editor holds it. */
function rendered(shards: [string, number | undefined][], findings: Finding[] = []): { context: TemplateHoverContext; file: RenderedFile } {
  const texts: string[] = [];
  const lines: (LineSource | undefined)[] = [];
  for (const [name, grace] of shards) {
    const rows = shard(name, grace);
    texts.push(`---\n${rows.map(([text]) => text).join('\n')}\n`);
    lines.push(undefined, ...rows.map(([, line, kind]) => ({ template: TEMPLATE, origin: { line, kind } })));
  }
  const file: RenderedFile = { path: renderedPathOf(TEMPLATE), template: TEMPLATE, text: texts.join(''), lines, documents: shards.length };
  const analyzer = new Analyzer({ fs: { readText: () => undefined } });
  analyzer.setFile(file.path, file.text, 'yaml');
  const context: TemplateHoverContext = {
    analyzer,
    renderedFile: (template) => (template === TEMPLATE ? file : undefined),
    anatomyOf: (template) => (template === TEMPLATE ? anatomy : undefined),
    helperLine: () => undefined,
    valuesSources: (key) =>
      key === 'grace'
        ? [{ path: `${CHART}/values.yaml`, line: 2 }]
        : key === 'lifecycle'
          ? [{ path: `${CHART}/values.yaml`, line: 4 }, { path: '/repo/prod.yaml', line: 1 }, { set: 'lifecycle.preStop.sleep.seconds=5' }]
          : [],
    display: (path) => (path.startsWith(`${CHART}/`) ? path.slice(CHART.length + 1) : path),
    findings,
  };
  return { context, file };
}

const offsetOf = (needle: string, delta = 2) => TEXT.indexOf(needle) + delta;
const hover = (context: TemplateHoverContext, needle: string, delta?: number) => templateHoverAt(context, TEMPLATE, offsetOf(needle, delta), DEFAULT_SETTINGS);

describe('template positions', () => {
  it('finds the template line of an offset and the rendered lines it printed, one per object of a range', () => {
    const { file } = rendered([
      ['a', 60],
      ['b', 60],
    ]);
    assert.equal(templateLineAt(anatomy, 0), 1);
    assert.equal(templateLineAt(anatomy, offsetOf('terminationGracePeriodSeconds')), 10);
    assert.equal(templateLineAt(anatomy, TEXT.length), anatomy.lines.length);
    assert.deepEqual(renderedLinesOf(file, TEMPLATE, 10), [8, 24]);
    assert.deepEqual(renderedLinesOf(file, TEMPLATE, 15).length, 6);
    assert.deepEqual(renderedLinesOf(file, TEMPLATE, 1), []);
    assert.deepEqual(renderedLinesOf(file, '/other.yaml', 10), []);
  });

  it('hovers the directive when the cursor is in it, else the line without its indentation', () => {
    const directive = TEXT.indexOf('{{- toYaml');
    assert.deepEqual(templateLineRange(anatomy, 15, directive + 3), { start: directive, end: TEXT.indexOf('\n', directive) });
    const key = TEXT.indexOf('terminationGracePeriodSeconds');
    assert.deepEqual(templateLineRange(anatomy, 10, key), { start: key, end: TEXT.indexOf('\n', key) });
    assert.equal(templateLineRange(anatomy, 99, 0), undefined);
  });
});

describe('hover on a rendered template', () => {
  it('shows the timeline of each object a range printed, with where G and P come from', () => {
    const { context } = rendered([
      ['a', 60],
      ['b', 10],
    ]);
    const info = hover(context, 'terminationGracePeriodSeconds');
    assert.ok(info);
    const sections = info.markdown.split('\n\n---\n\n');
    assert.equal(sections.length, 2);
    assert.match(sections[0]!, /^\*\*Rendered `StatefulSet shard-a`\*\*/);
    assert.match(sections[0]!, /\*\*t=60\*\* SIGKILL \(terminationGracePeriodSeconds 60\)/);
    assert.match(sections[1]!, /^\*\*Rendered `StatefulSet shard-b`\*\*/);
    assert.match(sections[1]!, /⚠ only 5 s between SIGTERM and SIGKILL, but the app needs 15 s to drain/);
    assert.match(
      sections[0]!,
      /- G = 60 s: `terminationGracePeriodSeconds` written at `templates\/shards\.yaml:10`, from `\.Values\.grace` \(set in `values\.yaml:2`\)/,
    );
    assert.match(
      sections[0]!,
      /- P = 5 s: preStop of `app` printed by `\{\{- toYaml \$\.Values\.lifecycle \| nindent 12 \}\}` at `templates\/shards\.yaml:15`, from `\.Values\.lifecycle` \(set in `values\.yaml:4`, then `\/repo\/prod\.yaml:1`, then `--set lifecycle\.preStop\.sleep\.seconds=5`\)/,
    );
    assert.match(sections[0]!, /- R = 15 s: the `drainSeconds` setting/);
    const key = TEXT.indexOf('terminationGracePeriodSeconds');
    assert.deepEqual(info.range, { start: key, end: TEXT.indexOf('\n', key) });
  });

  it('shows identical timelines once, naming every object; an absent grace period is the Kubernetes default', () => {
    const { context } = rendered([
      ['a', undefined],
      ['b', undefined],
    ]);
    const info = hover(context, 'toYaml');
    assert.ok(info);
    assert.equal(info.markdown.split('\n\n---\n\n').length, 1);
    assert.match(info.markdown, /^\*\*Rendered `StatefulSet shard-a`, `StatefulSet shard-b`\*\*/);
    assert.match(info.markdown, /- G = 30 s: `terminationGracePeriodSeconds` is absent, the Kubernetes default/);
    assert.match(info.markdown, /\*\*t=30\*\* SIGKILL \(default terminationGracePeriodSeconds 30\)/);
    const directive = TEXT.indexOf('{{- toYaml');
    assert.deepEqual(info.range, { start: directive, end: TEXT.indexOf('\n', directive) });
  });

  it('shows nothing on lines that print no shutdown key, nor on control lines', () => {
    const { context } = rendered([['a', 60]]);
    assert.equal(hover(context, 'image:'), undefined);
    assert.equal(hover(context, 'kind:'), undefined);
    assert.equal(hover(context, '{{- range', 0), undefined);
    assert.equal(hover(context, '{{- end', 0), undefined);
  });

  it('shows the findings mapped onto the hovered line before the timeline', () => {
    const key = TEXT.indexOf('terminationGracePeriodSeconds');
    const finding: Finding = {
      ruleId: 'grace-period-shortfall',
      severity: 'warning',
      path: TEMPLATE,
      range: { start: key, end: key + 'terminationGracePeriodSeconds'.length },
      message: 'only 5 s left (in StatefulSet shard-b)',
    };
    const { context } = rendered(
      [
        ['a', 60],
        ['b', 10],
      ],
      [finding],
    );
    const info = hover(context, 'terminationGracePeriodSeconds');
    assert.ok(info);
    const [first, ...rest] = info.markdown.split('\n\n---\n\n');
    assert.match(first!, /`grace-period-shortfall`, warning/);
    assert.match(first!, /only 5 s left \(in StatefulSet shard-b\)/);
    assert.equal(rest.length, 2);
    assert.deepEqual(info.range, finding.range);
    assert.equal(hover(context, 'image:'), undefined);
  });

  it('shows nothing for a template whose chart did not render', () => {
    const { context } = rendered([['a', 60]]);
    assert.equal(
      templateHoverAt({ ...context, renderedFile: () => undefined }, TEMPLATE, offsetOf('terminationGracePeriodSeconds'), DEFAULT_SETTINGS),
      undefined,
    );
  });
});
