import type { Node, Pair } from 'yaml';
import { parseDuration, parseShell, parseSleepDuration, programName, SHELLS } from '../parse/shell-words';
import type { ContainerRef, PodSpecRef } from './pod-spec';

/** Kubernetes' default `terminationGracePeriodSeconds`. */
export const DEFAULT_GRACE_PERIOD = 30;

export type GracePeriod = { readonly known: true; readonly seconds: number; readonly pair: Pair<unknown, unknown> | undefined } | { readonly known: false };

/** G: the pod's `terminationGracePeriodSeconds`, 30 when absent, unknown when not a literal number. */
export function effectiveGracePeriod(pod: PodSpecRef): GracePeriod {
  const { view } = pod.object;
  const pair = view.field(pod.spec, 'terminationGracePeriodSeconds');
  if (pair === 'unknown') return { known: false };
  if (pair === 'absent') return { known: true, seconds: DEFAULT_GRACE_PERIOD, pair: undefined };
  const seconds = view.number(pair.value);
  return seconds === undefined || seconds < 0 ? { known: false } : { known: true, seconds, pair };
}

export type PreStopHook =
  | { readonly kind: 'none' }
  | { readonly kind: 'sleep'; readonly seconds: number; readonly handler: Node; readonly native: boolean }
  | { readonly kind: 'other'; readonly handler: Node | undefined };

/** The container's `lifecycle.preStop` pair (the anchor for findings about the hook). */
export function preStopPairOf(container: ContainerRef): Pair<unknown, unknown> | undefined {
  const found = preStopField(container);
  return typeof found === 'string' ? undefined : found;
}

/** The `lifecycle.preStop` pair, or whether a template may emit the hook (`lifecycle: {{ toYaml ... }}`). */
function preStopField(container: ContainerRef): Pair<unknown, unknown> | 'absent' | 'unknown' {
  const { view } = container.pod.object;
  const lifecycle = view.field(container.node, 'lifecycle');
  if (typeof lifecycle === 'string') return lifecycle;
  const map = view.asMap(lifecycle.value);
  if (!map) return view.isTemplated(lifecycle.value) ? 'unknown' : 'absent';
  return view.field(map, 'preStop');
}

/** What one container's preStop hook does, as far as its duration goes. */
export function preStopHookOf(container: ContainerRef): PreStopHook {
  const { view } = container.pod.object;
  const preStopPair = preStopField(container);
  if (preStopPair === 'unknown') return { kind: 'other', handler: undefined };
  if (preStopPair === 'absent') return { kind: 'none' };
  const preStop = view.asMap(preStopPair.value);
  if (!preStop) return { kind: 'other', handler: view.deref(preStopPair.value) };
  const sleep = view.getMap(preStop, 'sleep');
  if (sleep) {
    const seconds = view.getNumber(sleep, 'seconds');
    return seconds === undefined ? { kind: 'other', handler: sleep } : { kind: 'sleep', seconds, handler: sleep, native: true };
  }
  const exec = view.getMap(preStop, 'exec');
  const command = view.strings(view.get(exec, 'command'));
  const seconds = command && sleepCommandSeconds(command);
  if (exec && seconds !== undefined) return { kind: 'sleep', seconds, handler: exec, native: false };
  return { kind: 'other', handler: exec ?? preStop };
}

/** `sleep N`, `/bin/sleep N`, or a shell running `sleep N ...` first: N in seconds. */
export function sleepCommandSeconds(argv: readonly string[]): number | undefined {
  const [command, ...args] = argv;
  const program = command && programName(command);
  if (program === 'sleep' && args.length === 1 && args[0] !== undefined) return parseSleepDuration(args[0]);
  if (program && SHELLS.has(program) && args[0] === '-c' && args[1] !== undefined) {
    const first = parseShell(args[1]).commands[0];
    if (!first || first.piped || first.background || first.nested) return undefined;
    const [sleep, duration, ...more] = first.words;
    if (sleep && duration && more.length === 0 && programName(sleep.value) === 'sleep' && !duration.expands) return parseSleepDuration(duration.value);
  }
  return undefined;
}

export type PreStopDuration =
  | { readonly known: true; readonly seconds: number; readonly container: ContainerRef | undefined }
  | { readonly known: false; readonly container: ContainerRef };

/** P: the longest preStop over the pod's containers (hooks run in parallel); unknown if any hook is not a sleep. */
export function preStopDuration(pod: PodSpecRef): PreStopDuration {
  let longest: { seconds: number; container: ContainerRef | undefined } = { seconds: 0, container: undefined };
  for (const container of [...pod.containers, ...pod.initContainers.filter((c) => c.role === 'sidecar')]) {
    const hook = preStopHookOf(container);
    if (hook.kind === 'other') return { known: false, container };
    if (hook.kind === 'sleep' && hook.seconds > longest.seconds) longest = { seconds: hook.seconds, container };
  }
  return { known: true, ...longest };
}

export interface DrainBudget {
  readonly seconds: number;
  /** Where a detected app timeout came from, or undefined for the `drainSeconds` setting. */
  readonly source: { readonly description: string; readonly node: Node } | undefined;
}

const TIMEOUT_FLAGS: ReadonlyArray<{ pattern: RegExp; app: string }> = [
  { pattern: /^--graceful-timeout$/, app: 'gunicorn --graceful-timeout' },
  { pattern: /^--timeout-graceful-shutdown$/, app: 'uvicorn --timeout-graceful-shutdown' },
  { pattern: /^--(?:[a-z0-9]+-)*(?:shutdown|drain)-timeout$/, app: '' },
  { pattern: /^--(?:[a-z0-9]+-)*graceful-shutdown-timeout$/, app: '' },
];

const TIMEOUT_ENV: ReadonlyArray<{ name: RegExp; app: string }> = [
  { name: /^SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE$/, app: 'Spring Boot shutdown phase timeout' },
  { name: /^GUNICORN_CMD_ARGS$/, app: 'GUNICORN_CMD_ARGS' },
];

/** R: the larger of the `drainSeconds` setting and a shutdown timeout the container's command or env declares. */
export function drainBudget(container: ContainerRef, drainSeconds: number): DrainBudget {
  let best: DrainBudget = { seconds: drainSeconds, source: undefined };
  const consider = (seconds: number | undefined, description: string, node: Node) => {
    if (seconds !== undefined && seconds > best.seconds) best = { seconds, source: { description, node } };
  };
  const { view } = container.pod.object;
  for (const key of ['command', 'args']) {
    const seq = view.getSeq(container.node, key);
    if (!seq) continue;
    const items = seq.items.map((item) => ({ node: view.deref(item), text: view.string(item) }));
    items.forEach(({ text, node }, i) => {
      if (!text || !node) return;
      // A `sh -c` script carries its flags inside one string.
      const words = text.includes(' ') ? parseShell(text).commands.flatMap((c) => c.words.map((w) => w.value)) : [text];
      words.forEach((word, k) => {
        const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
        const match = TIMEOUT_FLAGS.find((f) => f.pattern.test(flag));
        if (!match) return;
        const value = inline ?? (k + 1 < words.length ? words[k + 1] : items[i + 1]?.text);
        consider(value === undefined ? undefined : parseDuration(value), match.app || flag, node);
      });
    });
  }
  const env = view.getSeq(container.node, 'env');
  for (const item of env?.items ?? []) {
    const entry = view.asMap(item);
    const name = view.getString(entry, 'name');
    const valueNode = view.get(entry, 'value');
    const value = view.string(valueNode) ?? (view.number(valueNode) !== undefined ? String(view.number(valueNode)) : undefined);
    if (!name || value === undefined || !valueNode) continue;
    const match = TIMEOUT_ENV.find((e) => e.name.test(name));
    if (!match) continue;
    if (name === 'GUNICORN_CMD_ARGS') {
      const [, timeout] = /--graceful-timeout[= ](\S+)/.exec(value) ?? [];
      consider(timeout === undefined ? undefined : parseDuration(timeout), 'gunicorn --graceful-timeout (GUNICORN_CMD_ARGS)', valueNode);
    } else consider(parseDuration(value), match.app, valueNode);
  }
  return best;
}

/** R for the pod: the longest drain budget over its regular containers. */
export function podDrainBudget(pod: PodSpecRef, drainSeconds: number): DrainBudget & { container: ContainerRef | undefined } {
  let best: DrainBudget & { container: ContainerRef | undefined } = { seconds: drainSeconds, source: undefined, container: undefined };
  for (const container of pod.containers) {
    const budget = drainBudget(container, drainSeconds);
    if (budget.seconds > best.seconds) best = { ...budget, container };
  }
  return best;
}
