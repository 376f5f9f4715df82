import { isAlias, isScalar, type Pair, type YAMLMap } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../model/pod-spec';
import type { RuleFinding, TextEdit } from '../types';
import type { KubernetesContext, Rule } from './rule';
import { isWritableMap } from './support/grace-edits';

const GRACE = 'terminationGracePeriodSeconds';
const HOOKS = new Set(['preStop', 'postStart']);
const PROBES = new Set(['livenessProbe', 'readinessProbe', 'startupProbe']);

/** Where a misplaced field goes: into a map, possibly under a `lifecycle` key that may have to be created. */
type Destination = { readonly kind: 'map'; readonly map: YAMLMap<unknown, unknown> } | { readonly kind: 'lifecycle'; readonly container: ContainerRef };

interface Misplacement {
  readonly pair: Pair<unknown, unknown>;
  readonly key: string;
  /** The map that holds the pair. */
  readonly from: YAMLMap<unknown, unknown>;
  /** When moving the field would leave `from` empty: the pair (in `parent`) to remove instead. */
  readonly emptied?: { readonly parent: YAMLMap<unknown, unknown>; readonly pair: Pair<unknown, unknown> };
  readonly where: string;
  readonly belongs: string;
  /** Undefined when the move is not certain (no fix). */
  readonly destination: Destination | undefined;
}

/**
 * Shutdown fields written at a level where Kubernetes does not read them.
 * Runs on kustomize patches too (`needsCompleteObject: false`): misplacement is a
 * property of what is written, which a fragment shows as well as a full object.
 */
export const rule: Rule = {
  meta: {
    id: 'misplaced-shutdown-field',
    defaultSeverity: 'error',
    title: 'Shutdown field at the wrong level',
    summary: 'terminationGracePeriodSeconds, lifecycle, preStop or a probe is written where Kubernetes ignores or rejects it.',
    fixable: true,
    needsCompleteObject: false,
  },
  checkKubernetes(ctx) {
    const pod = ctx.pod;
    if (!pod) return [];
    const found = [
      ...aboveThePodSpec(ctx, pod),
      ...inThePodSpec(ctx, pod),
      ...pod.containers.flatMap((c) => inContainer(ctx, c)),
      ...pod.initContainers.flatMap((c) => inContainer(ctx, c)),
    ];
    // Two fields competing for one destination: moving either is a guess.
    const targets = new Map<string, number>();
    for (const m of found) if (m.destination) targets.set(targetKey(ctx, m.key, m.destination), (targets.get(targetKey(ctx, m.key, m.destination)) ?? 0) + 1);
    const { view } = ctx.object;
    const out: RuleFinding[] = [];
    for (const m of found) {
      const range = view.keyRange(m.pair);
      if (!range) continue;
      const edits = m.destination && targets.get(targetKey(ctx, m.key, m.destination)) === 1 ? moveEdits(ctx, m, m.destination) : undefined;
      out.push({
        message: `${m.key} has no effect in ${m.where}: Kubernetes drops or rejects it there, so ${consequence(m.key)}. It belongs in ${m.belongs}.`,
        range,
        ...(edits ? { fixes: [{ title: `Move ${m.key} to ${m.belongs}`, edits, preferred: true }] } : {}),
      });
    }
    return out;
  },
};

function consequence(key: string): string {
  if (key === GRACE) return 'the pod keeps the grace period of its pod spec (30 s by default)';
  if (key === 'lifecycle') return 'its hooks never run';
  if (HOOKS.has(key)) return 'the hook never runs';
  return 'the kubelet never runs this probe';
}

function describe(container: ContainerRef): string {
  const list = container.role === 'regular' ? 'container' : 'init container';
  return container.name === undefined ? `a ${list}` : `${list} "${container.name}"`;
}

function podSpecPath(pod: PodSpecRef): string {
  return `the pod spec (${pod.path.join('.')})`;
}

/** Direct pairs of a map with a literal key among `keys` (merge keys are not followed: the field is written elsewhere). */
function pairsNamed(map: YAMLMap<unknown, unknown>, keys: (key: string) => boolean): Array<{ pair: Pair<unknown, unknown>; key: string }> {
  const out: Array<{ pair: Pair<unknown, unknown>; key: string }> = [];
  for (const pair of map.items) if (isScalar(pair.key) && typeof pair.key.value === 'string' && keys(pair.key.value)) out.push({ pair, key: pair.key.value });
  return out;
}

/** The single regular container a pod-level field can only have meant, unless the object is a fragment. */
function onlyContainer(ctx: KubernetesContext, pod: PodSpecRef): ContainerRef | undefined {
  return pod.containers.length === 1 && !ctx.index.isFragment(ctx.path) ? pod.containers[0] : undefined;
}

/** The destination of a container-level field (`lifecycle`, a probe, a hook) when the container has none yet. */
function containerDestination(ctx: KubernetesContext, container: ContainerRef | undefined, key: string): Destination | undefined {
  if (!container) return undefined;
  const { view } = ctx.object;
  if (!HOOKS.has(key)) return view.pair(container.node, key) ? undefined : { kind: 'map', map: container.node };
  const lifecyclePair = view.pair(container.node, 'lifecycle');
  if (!lifecyclePair) return { kind: 'lifecycle', container };
  const lifecycle = view.asMap(lifecyclePair.value);
  if (!lifecycle || !container.node.items.includes(lifecyclePair) || view.pair(lifecycle, key)) return undefined;
  return { kind: 'map', map: lifecycle };
}

function graceDestination(ctx: KubernetesContext, pod: PodSpecRef): Destination | undefined {
  return ctx.object.view.pair(pod.spec, GRACE) ? undefined : { kind: 'map', map: pod.spec };
}

/** The object's root and the maps between it and the pod spec: a workload's `spec`, the pod template's root, ... */
function aboveThePodSpec(ctx: KubernetesContext, pod: PodSpecRef): Misplacement[] {
  const { view } = ctx.object;
  const out: Misplacement[] = [];
  const levels: Array<{ map: YAMLMap<unknown, unknown>; where: string }> = [
    { map: ctx.object.node, where: `the top level of the ${ctx.object.kind}, beside its metadata` },
  ];
  let map: YAMLMap<unknown, unknown> | undefined = ctx.object.node;
  for (const [depth, key] of pod.path.slice(0, -1).entries()) {
    map = view.getMap(map, key);
    if (!map) break;
    const path = pod.path.slice(0, depth + 1).join('.');
    const where =
      key === 'template' ? `the pod template (${path}), beside its metadata and spec` : path === 'spec' ? `the ${ctx.object.kind}'s own spec` : path;
    levels.push({ map, where });
  }
  for (const { map, where } of levels) {
    for (const { pair, key } of pairsNamed(map, (k) => k === GRACE || k === 'lifecycle' || HOOKS.has(k) || PROBES.has(k))) {
      const container = onlyContainer(ctx, pod);
      out.push(
        key === GRACE
          ? { pair, key, from: map, where, belongs: podSpecPath(pod), destination: graceDestination(ctx, pod) }
          : { pair, key, from: map, where, belongs: containerBelongs(key), destination: containerDestination(ctx, container, key) },
      );
    }
  }
  return out;
}

function containerBelongs(key: string): string {
  return HOOKS.has(key) ? "the container's lifecycle" : 'the container';
}

function inThePodSpec(ctx: KubernetesContext, pod: PodSpecRef): Misplacement[] {
  const where = podSpecPath(pod);
  const container = onlyContainer(ctx, pod);
  return pairsNamed(pod.spec, (k) => k === 'lifecycle' || HOOKS.has(k) || PROBES.has(k)).map(({ pair, key }) => ({
    pair,
    key,
    from: pod.spec,
    where,
    belongs: containerBelongs(key),
    destination: containerDestination(ctx, container, key),
  }));
}

function inContainer(ctx: KubernetesContext, container: ContainerRef): Misplacement[] {
  const { view } = ctx.object;
  const pod = container.pod;
  const where = describe(container);
  const out: Misplacement[] = pairsNamed(container.node, (k) => k === GRACE || HOOKS.has(k)).map(({ pair, key }) =>
    key === GRACE
      ? { pair, key, from: container.node, where, belongs: podSpecPath(pod), destination: graceDestination(ctx, pod) }
      : { pair, key, from: container.node, where, belongs: `the lifecycle of ${where}`, destination: containerDestination(ctx, container, key) },
  );
  const lifecyclePair = view.pair(container.node, 'lifecycle');
  const lifecycle = lifecyclePair && view.asMap(lifecyclePair.value);
  if (!lifecycle || !container.node.items.includes(lifecyclePair)) return out;
  const inLifecycle = pairsNamed(lifecycle, (k) => k === GRACE || PROBES.has(k));
  for (const { pair, key } of inLifecycle) {
    // Moving the only entry out would leave `lifecycle:` empty: take the whole key.
    const emptied = lifecycle.items.length === 1 ? { parent: container.node, pair: lifecyclePair } : undefined;
    out.push({
      pair,
      key,
      from: lifecycle,
      ...(emptied ? { emptied } : {}),
      where: `the lifecycle of ${where}`,
      belongs: key === GRACE ? podSpecPath(pod) : where,
      destination: key === GRACE ? graceDestination(ctx, pod) : view.pair(container.node, key) ? undefined : { kind: 'map', map: container.node },
    });
  }
  return out;
}

function targetKey(ctx: KubernetesContext, key: string, d: Destination): string {
  const map = d.kind === 'map' ? d.map : d.container.node;
  return `${ctx.object.view.range(map)?.start}:${d.kind}:${key}`;
}

/** Removes the pair and re-inserts its text, re-indented, at the end of the destination map. */
function moveEdits(ctx: KubernetesContext, m: Misplacement, destination: Destination): TextEdit[] | undefined {
  const { view } = ctx.object;
  const { editor } = ctx;
  if (view.isTemplated(m.pair.key) || view.isTemplated(m.pair.value)) return undefined;
  // An anchored or aliased value may be referenced from elsewhere in the file; moving its text could break that.
  const value = m.pair.value as { anchor?: string } | null;
  if (isAlias(m.pair.value) || value?.anchor || m.from.anchor) return undefined;
  const removal = m.emptied ? editor.removePair(view, m.emptied.parent, m.emptied.pair) : editor.removePair(view, m.from, m.pair);
  const target = destination.kind === 'map' ? destination.map : destination.container.node;
  if (!removal || !isWritableMap(target)) return undefined;
  const column = editor.keyColumn(view, target);
  if (column === undefined) return undefined;
  const eol = editor.style.eol;
  const body =
    destination.kind === 'map'
      ? editor.pairText(view, m.pair, column)
      : prefixed(`${' '.repeat(column)}lifecycle:${eol}`, editor.pairText(view, m.pair, column + editor.style.indent));
  const at = afterLastPair(ctx, target);
  if (body === undefined || at === undefined) return undefined;
  const lead = at === editor.text.length && editor.text.length > 0 && !editor.text.endsWith('\n') ? eol : '';
  // The new place borders the old one: one replacement, which every editor applies the same way.
  if (at === removal.range.start || at === removal.range.end) return [{ range: removal.range, newText: lead + body }];
  return [removal, { range: { start: at, end: at }, newText: lead + body }].sort((a, b) => a.range.start - b.range.start);
}

function prefixed(prefix: string, text: string | undefined): string | undefined {
  return text === undefined ? undefined : prefix + text;
}

/** The start of the line after a map's last entry, where new entries of the map go. */
function afterLastPair(ctx: KubernetesContext, map: YAMLMap<unknown, unknown>): number | undefined {
  const { editor } = ctx;
  const last = map.items[map.items.length - 1];
  const end = last && editor.endOfPair(ctx.object.view, last);
  if (end === undefined) return undefined;
  const line = editor.lines.positionAt(end - 1).line;
  return line + 1 < editor.lines.lineCount ? editor.lines.lineStart(line + 1) : editor.text.length;
}
