import type { Pair } from 'yaml';
import { ruleDocUrl } from '../../../shared/src/rule-ids';
import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer } from '../analyzer';
import { podSpecOf, type PodSpecRef } from '../model/pod-spec';
import type { WorkspaceFs } from '../model/workspace-fs';
import { RULES } from '../rules/registry';
import { rulePageSection } from '../rules/rule-page';
import type { Finding, OffsetRange } from '../types';
import { objectsAround, touches } from './object-at';
import { pid1Hover } from './pid1-hover';
import { shutdownTimeline, timelineMarkdown } from './shutdown-timeline';

/** Hover content in Markdown, and the range it describes. */
export interface HoverInfo {
  readonly markdown: string;
  readonly range: OffsetRange;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

/** A finding as hover Markdown: rule title, message, why it matters, fixes, documentation link. */
export function findingMarkdown(finding: Finding): string {
  const meta = RULES.find((r) => r.meta.id === finding.ruleId)?.meta;
  const lines = [`**${meta?.title ?? finding.ruleId}** (\`${finding.ruleId}\`, ${finding.severity})`, '', finding.message];
  if (meta?.summary && meta.summary !== finding.message) lines.push('', meta.summary);
  const why = rulePageSection(finding.ruleId, 'Why it matters');
  if (why) lines.push('', why);
  const fixes = finding.fixes ?? [];
  if (fixes.length > 0) lines.push('', 'Fixes:', ...fixes.map((f) => `- ${f.title}${f.preferred ? ' (preferred)' : ''}`));
  lines.push('', `[Documentation](${ruleDocUrl(finding.ruleId)})`);
  return lines.join('\n');
}

/** The keys whose meaning is the shutdown sequence: their hover shows the pod's timeline. */
export function timelineKeys(pod: PodSpecRef): Array<Pair<unknown, unknown> | undefined> {
  const { view } = pod.object;
  const keys = [view.pair(pod.spec, 'terminationGracePeriodSeconds')];
  for (const container of [...pod.containers, ...pod.initContainers.filter((c) => c.role === 'sidecar')]) {
    const lifecycle = view.pair(container.node, 'lifecycle');
    keys.push(lifecycle, view.pair(view.asMap(lifecycle?.value), 'preStop'));
    for (const probe of PROBES) keys.push(view.pair(container.node, probe));
  }
  return keys;
}

function timelineHover(analyzer: Analyzer, path: string, offset: number, settings: AnalysisSettings): HoverInfo | undefined {
  const file = analyzer.yamlFile(path);
  if (!file) return undefined;
  for (const object of objectsAround(file, offset)) {
    if (!touches(object.view.range(object.node), offset)) continue;
    const pod = podSpecOf(object);
    if (!pod?.longRunning) continue;
    const key = timelineKeys(pod).find((pair) => touches(object.view.keyRange(pair), offset));
    const range = key && object.view.keyRange(key);
    if (range) return { markdown: timelineMarkdown(shutdownTimeline(pod, settings, analyzer.index, path)), range };
  }
  return undefined;
}

/**
 * What to show when hovering at `offset`: the findings there (title, message,
 * fixes); on the shutdown fields of a pod spec the pod's shutdown timeline; on a
 * Dockerfile's CMD, ENTRYPOINT and STOPSIGNAL what PID 1 is (`fs` reads its scripts).
 */
export function hoverAt(analyzer: Analyzer, path: string, offset: number, settings: AnalysisSettings, fs: WorkspaceFs): HoverInfo | undefined {
  const analysis = analyzer.analyze(path, settings);
  if (!analysis) return undefined;
  const parts: HoverInfo[] = analysis.findings.filter((f) => touches(f.range, offset)).map((f) => ({ markdown: findingMarkdown(f), range: f.range }));
  const context = timelineHover(analyzer, path, offset, settings) ?? pid1Hover(analyzer, path, offset, fs);
  if (context) parts.push(context);
  return joinHovers(parts);
}

/** Several hover parts as one, separated by rules, over the narrowest of their ranges. */
export function joinHovers(parts: readonly HoverInfo[]): HoverInfo | undefined {
  if (parts.length === 0) return undefined;
  // The narrowest range under the cursor, so the editor keeps the hover while the cursor stays on that word.
  const range = parts.map((p) => p.range).reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
  return { markdown: parts.map((p) => p.markdown).join('\n\n---\n\n'), range };
}
