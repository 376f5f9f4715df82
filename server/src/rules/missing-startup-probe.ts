import { visit, type Node, type Pair } from 'yaml';
import type { KubernetesContext, Rule } from './rule';
import type { Fix, RuleFinding } from '../types';
import type { YamlEditor } from '../fix/yaml-edit';
import type { YamlView } from '../parse/yaml-file';
import { probeSurelyAbsent } from './support/probe-absence';
import { pairSpan, touchesSharedNode } from './support/probe-fixes';
import { handlerOf, probedContainers, probeOf, type ProbeRef } from './support/probe-handler';

/** The startup probe's period: frequent enough that the container goes live soon after it is up. */
const STARTUP_PERIOD = 5;

/** Whether a subtree defines an anchor (copying it would redefine the anchor) or uses an alias. */
function hasAnchorsOrAliases(node: unknown): boolean {
  let found = false;
  visit(node as Node, {
    Node(_key, child) {
      if (child.anchor) found = true;
      return found ? visit.BREAK : undefined;
    },
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

/** A pair written directly in the map (not pulled in by a `<<` merge key), or absent. */
function ownPair(view: YamlView, map: ProbeRef['map'], key: string): { pair: Pair<unknown, unknown> | undefined } | undefined {
  const pair = view.pair(map, key);
  return pair && !map.items.includes(pair) ? undefined : { pair };
}

/**
 * Adds a startupProbe after the liveness probe, with the liveness handler's own text
 * (comments kept) and its timeout, checking every `period` seconds for as many failures
 * as cover the old delay; then drops the delay from liveness. The first check runs at
 * start, so the last allowed failure comes after (failureThreshold − 1) × period ≥ delay.
 */
function startupFix(view: YamlView, editor: YamlEditor, liveness: ProbeRef, delayPair: Pair<unknown, unknown>, delay: number): Fix | undefined {
  const { container } = liveness;
  const handler = handlerOf(view, liveness.map);
  const timeout = ownPair(view, liveness.map, 'timeoutSeconds');
  if (!handler || !timeout || !liveness.map.items.includes(handler.pair) || !liveness.map.items.includes(delayPair)) return undefined;
  if (hasAnchorsOrAliases(handler.pair.value) || hasAnchorsOrAliases(timeout.pair?.value)) return undefined;
  const containerRange = view.range(container.node);
  const livenessSpan = pairSpan(view, editor, liveness.pair);
  const handlerKey = view.range(handler.pair.key);
  const column = editor.keyColumn(view, container.node);
  if (!containerRange || !livenessSpan || !handlerKey || column === undefined || touchesSharedNode(view, containerRange)) return undefined;
  const remove = editor.removePair(view, liveness.map, delayPair);
  if (!remove || touchesSharedNode(view, remove.range)) return undefined;
  // Keep the liveness probe's own nesting depth for the copied handler.
  const depth = editor.lines.positionAt(handlerKey.start).character - editor.lines.positionAt(livenessSpan.start).character;
  const handlerText = editor.pairText(view, handler.pair, column + depth);
  const timeoutText = timeout.pair ? editor.pairText(view, timeout.pair, column + depth) : '';
  if (depth <= 0 || handlerText === undefined || timeoutText === undefined) return undefined;
  const period = Math.min(STARTUP_PERIOD, view.getNumber(liveness.map, 'periodSeconds') ?? STARTUP_PERIOD);
  const failures = Math.ceil(delay / period) + 1;
  const { eol } = editor.style;
  const inner = ' '.repeat(column + depth);
  const text = `${' '.repeat(column)}startupProbe:${eol}${handlerText}${timeoutText}${inner}periodSeconds: ${period}${eol}${inner}failureThreshold: ${failures}${eol}`;
  const line = editor.lines.positionAt(livenessSpan.end).line;
  const at = line + 1 < editor.lines.lineCount ? editor.lines.lineStart(line + 1) : editor.text.length;
  // At the end of a file without a final newline, unless that last line is the one removed.
  const lead = at === editor.text.length && !editor.text.endsWith('\n') && remove.range.end !== at ? eol : '';
  return {
    title: `Add a startupProbe (every ${period} s, up to ${failures} failures) and drop initialDelaySeconds from the liveness probe`,
    edits: [remove, { range: { start: at, end: at }, newText: lead + text }],
    preferred: true,
  };
}

function check({ pod, settings, editor }: KubernetesContext): RuleFinding[] {
  if (!pod) return [];
  const { view } = pod.object;
  const out: RuleFinding[] = [];
  for (const container of probedContainers(pod)) {
    const liveness = probeOf(container, 'livenessProbe');
    const delayPair = liveness && view.pair(liveness.map, 'initialDelaySeconds');
    const delay = delayPair && view.number(delayPair.value);
    if (!liveness || !delayPair || delay === undefined || delay < settings.slowStartSeconds) continue;
    if (!probeSurelyAbsent(container, 'startupProbe')) continue;
    const range = view.pairRange(delayPair);
    if (!range) continue;
    const fix = startupFix(view, editor, liveness, delayPair, delay);
    out.push({
      message: `Liveness probe waits ${delay} s before its first check: every start and restart goes unwatched that long, and a start slower than that is killed; a startupProbe adapts to the real start time`,
      range,
      fixes: fix ? [fix] : [],
    });
  }
  return out;
}

/** Suggests a startupProbe in place of a long liveness `initialDelaySeconds`. */
export const rule: Rule = {
  meta: {
    id: 'missing-startup-probe',
    defaultSeverity: 'info',
    title: 'Slow start handled with a liveness delay instead of a startupProbe',
    summary: 'A liveness probe with a long initialDelaySeconds and no startupProbe.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes: check,
};
