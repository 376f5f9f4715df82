import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer } from '../analyzer';
import { renderedLineIndex, type RenderedFile } from '../helm/rendered-output';
import type { TemplateAnatomy } from '../helm/template-lines';
import { renderedLinesOf, templateLineAt, templateLineRange } from '../helm/template-positions';
import type { ValuesKeySource } from '../helm/values-origin';
import { podSpecOf, type PodSpecRef } from '../model/pod-spec';
import { DEFAULT_GRACE_PERIOD, effectiveGracePeriod, podDrainBudget, preStopDuration, preStopPairOf } from '../model/timeline';
import { type LineIndex } from '../parse/line-index';
import type { Finding, RelatedLocation } from '../types';
import { findingMarkdown, joinHovers, timelineKeys, type HoverInfo } from './hover';
import { objectsAround, touches } from './object-at';
import { shutdownTimeline, timelineMarkdown } from './shutdown-timeline';

/** What a hover on a rendered chart's template reads: the analyser holds the render, not the template. */
export interface TemplateHoverContext {
  readonly analyzer: Analyzer;
  /** The rendered file of a template (its virtual path's), when its chart rendered. */
  readonly renderedFile: (template: string) => RenderedFile | undefined;
  readonly anatomyOf: (template: string) => TemplateAnatomy | undefined;
  /** Where the chart's values files and `--set` pairs give a values key. */
  readonly valuesSources: (key: string) => readonly ValuesKeySource[];
  /** Where an included helper wrote a rendered line, when that is sure (see helm/helper-lines.ts). */
  readonly helperLine: (template: string, helper: string, renderedLine: string) => RelatedLocation | undefined;
  /** A path as people read it in the hover (relative to the chart). */
  readonly display: (path: string) => string;
  /** The template's findings, mapped from the render. */
  readonly findings: readonly Finding[];
}

/** How long a directive may be before the hover shortens it. */
const DIRECTIVE_SHOWN = 60;

/**
 * The hover on a rendered chart's template: the findings there, and on a line that prints a pod's
 * shutdown keys (`terminationGracePeriodSeconds`, `lifecycle`, `preStop`, probes, or a directive
 * printing them) the shutdown timeline of each rendered object, with where G, P and R come from.
 */
export function templateHoverAt(context: TemplateHoverContext, template: string, offset: number, settings: AnalysisSettings): HoverInfo | undefined {
  const parts: HoverInfo[] = context.findings.filter((f) => touches(f.range, offset)).map((f) => ({ markdown: findingMarkdown(f), range: f.range }));
  const anatomy = context.anatomyOf(template);
  const file = context.renderedFile(template);
  if (anatomy && file) {
    const line = templateLineAt(anatomy, offset);
    const range = templateLineRange(anatomy, line, offset);
    const markdown = range && timelinesOf(context, file, template, line, settings);
    if (range && markdown) parts.push({ markdown, range });
  }
  return joinHovers(parts);
}

/** The timelines of the rendered pods whose shutdown keys a template line printed; identical ones once, naming every object. */
function timelinesOf(context: TemplateHoverContext, file: RenderedFile, template: string, line: number, settings: AnalysisSettings): string | undefined {
  const yaml = context.analyzer.yamlFile(file.path);
  const printed = renderedLinesOf(file, template, line);
  if (!yaml || printed.length === 0) return undefined;
  const lines = renderedLineIndex(file);
  const printedSet = new Set(printed);
  const pods = new Map<unknown, PodSpecRef>();
  for (const r of printed) {
    for (const object of objectsAround(yaml, lines.lineStart(r))) {
      const pod = podSpecOf(object);
      if (!pod?.longRunning || pods.has(object.node)) continue;
      const keyLines = timelineKeys(pod).flatMap((pair) => {
        const range = object.view.keyRange(pair);
        return range ? [lines.positionAt(range.start).line] : [];
      });
      if (keyLines.some((l) => printedSet.has(l))) pods.set(object.node, pod);
    }
  }
  const byMarkdown = new Map<string, string[]>();
  for (const pod of pods.values()) {
    const markdown = `${timelineMarkdown(shutdownTimeline(pod, settings, context.analyzer.index, file.path))}\n\n${sourcesMarkdown(context, file, lines, pod, settings)}`;
    byMarkdown.set(markdown, [...(byMarkdown.get(markdown) ?? []), `${pod.object.kind} ${pod.object.name ?? '(unnamed)'}`]);
  }
  if (byMarkdown.size === 0) return undefined;
  return [...byMarkdown].map(([markdown, objects]) => `**Rendered ${objects.map((o) => `\`${o}\``).join(', ')}**\n\n${markdown}`).join('\n\n---\n\n');
}

/** Where the rendered pod's G, P and R come from: a template line, a values key, a default or a setting. */
function sourcesMarkdown(context: TemplateHoverContext, file: RenderedFile, lines: LineIndex, pod: PodSpecRef, settings: AnalysisSettings): string {
  const { view } = pod.object;
  const from = (node: unknown) => {
    const range = view.range(node);
    return range ? originOf(context, file, lines, lines.positionAt(range.start).line) : 'the rendered output';
  };
  const out: string[] = [];
  const grace = effectiveGracePeriod(pod);
  const gracePair = view.pair(pod.spec, 'terminationGracePeriodSeconds');
  if (grace.known && !grace.pair) out.push(`G = ${DEFAULT_GRACE_PERIOD} s: \`terminationGracePeriodSeconds\` is absent, the Kubernetes default`);
  else if (gracePair) out.push(`G = ${grace.known ? `${grace.seconds} s` : '?'}: \`terminationGracePeriodSeconds\` ${from(gracePair.key)}`);
  const preStop = preStopDuration(pod);
  const hook = preStop.container && preStopPairOf(preStop.container);
  const P = preStop.known ? `${preStop.seconds} s` : '?';
  if (hook && preStop.container) out.push(`P = ${P}: preStop of \`${preStop.container.name ?? 'a container'}\` ${from(hook.key)}`);
  else if (preStop.known) out.push('P = 0 s: no container has a preStop hook');
  const drain = podDrainBudget(pod, settings.drainSeconds);
  out.push(
    drain.source
      ? `R = ${drain.seconds} s: ${drain.source.description} ${from(drain.source.node)}`
      : `R = ${drain.seconds} s: the \`drainSeconds\` setting (no longer shutdown timeout found in the containers)`,
  );
  return ['**Where the values come from**', '', ...out.map((o) => `- ${o}`)].join('\n');
}

/** Where a rendered line came from, in words: its template line, the directive that printed it, the values key or helper it reads. */
function originOf(context: TemplateHoverContext, file: RenderedFile, lines: LineIndex, renderedLine: number): string {
  const source = file.lines[renderedLine];
  const anatomy = source && context.anatomyOf(source.template);
  const info = source && anatomy?.lines[source.origin.line - 1];
  if (!source || !anatomy || !info) return 'in the rendered output';
  const where = `\`${context.display(source.template)}:${source.origin.line}\``;
  if (source.origin.kind === 'object') return `from ${where} (the object's first line: the exact line is not known)`;
  const parts: string[] = [];
  if (source.origin.kind === 'literal') parts.push(`written at ${where}`);
  else {
    const directive = info.directive ? anatomy.text.slice(info.directive.start, info.directive.end) : undefined;
    const shown = directive && directive.length > DIRECTIVE_SHOWN ? `${directive.slice(0, DIRECTIVE_SHOWN - 1)}…` : directive;
    parts.push(shown ? `printed by \`${shown}\` at ${where}` : `printed at ${where}`);
  }
  if (info.valuesKey) parts.push(`from ${valuesKeyText(context, info.valuesKey)}`);
  else if (info.helper && source.origin.kind === 'directive') {
    const written = context.helperLine(source.template, info.helper, lines.lineText(renderedLine));
    const helper = written && context.anatomyOf(written.path);
    const at = written && helper ? `, written at \`${context.display(written.path)}:${templateLineAt(helper, written.range.start)}\`` : '';
    parts.push(`from \`include "${info.helper}"\`${at}`);
  }
  return parts.join(', ');
}

/** `.Values.x` with the places that set it (`values.yaml:17`, a user's values file, `--set`). */
function valuesKeyText(context: TemplateHoverContext, key: string): string {
  const sources = context.valuesSources(key).map((s) => ('set' in s ? `\`--set ${s.set}\`` : `\`${context.display(s.path)}:${s.line}\``));
  return `\`.Values.${key}\`${sources.length > 0 ? ` (set in ${sources.join(', then ')})` : ''}`;
}
