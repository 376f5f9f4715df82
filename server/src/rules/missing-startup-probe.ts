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
    docs: `# missing-startup-probe

## Why it matters

A long \`initialDelaySeconds\` on the liveness probe is a guess at the start time, paid on every start. A container that
starts faster sits unwatched until the delay is over: if it hangs during that time nobody restarts it. A container that
starts slower than the guess (a cold cache, a slow node, a migration) is killed by the liveness probe before it is up,
and restarted into the same situation: a crash loop during a rollout, while the old pods are already being terminated.
A \`startupProbe\` replaces the guess with a check: liveness (and readiness) wait until it succeeds, and it fails the
container only after \`failureThreshold × periodSeconds\`.

## What triggers it

A \`livenessProbe\` (of a regular container or a native sidecar) whose \`initialDelaySeconds\` is a literal number at
least \`slowStartSeconds\` (default 30), in a container with no \`startupProbe\`.

It does not trigger for shorter delays, for a templated delay, when a Helm directive on its own line inside the
container may emit a startupProbe, for init containers (which cannot have probes), or on a kustomize patch, which is
only a fragment of the object.

## How to fix

Add a startupProbe with the liveness probe's handler (and its \`timeoutSeconds\`), checking every 5 seconds (or the
liveness period when shorter) with a \`failureThreshold\` that covers the old delay (the first check runs at start, so
\`(failureThreshold − 1) × periodSeconds ≥ initialDelaySeconds\`), and remove \`initialDelaySeconds\` from the liveness
probe. The fix copies the handler's text, comments included. No fix is offered for flow-style probes, for probes
shared through YAML anchors, or when the delay shares its line with another field.

## Example

Before:

\`\`\`yaml
livenessProbe:
  httpGet:
    path: /livez
    port: 8080
  initialDelaySeconds: 60
\`\`\`

After:

\`\`\`yaml
livenessProbe:
  httpGet:
    path: /livez
    port: 8080
startupProbe:
  httpGet:
    path: /livez
    port: 8080
  periodSeconds: 5
  failureThreshold: 13
\`\`\`
`,
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes: check,
};
