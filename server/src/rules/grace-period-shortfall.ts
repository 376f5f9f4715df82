import type { Severity } from '../../../shared/src/settings';
import type { ContainerRef } from '../model/pod-spec';
import { effectiveGracePeriod, podDrainBudget, preStopDuration, preStopHookOf, preStopPairOf, type DrainBudget } from '../model/timeline';
import type { RelatedLocation } from '../types';
import type { Rule } from './rule';
import { podSpecPair, setGracePeriodEdit } from './support/grace-edits';

/** The preStop hook and the app's drain do not fit in the grace period. */
export const rule: Rule = {
  meta: {
    id: 'grace-period-shortfall',
    defaultSeverity: 'warning',
    title: 'Grace period too short for preStop plus drain',
    summary: 'terminationGracePeriodSeconds does not cover the preStop hook plus the time the app needs to drain, so SIGKILL comes first.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes(ctx) {
    const pod = ctx.pod;
    if (!pod?.longRunning) return [];
    const grace = effectiveGracePeriod(pod);
    const preStop = preStopDuration(pod);
    // With G = 0 the kubelet skips preStop hooks, so a hook of unknown length changes nothing.
    if (!grace.known || (!preStop.known && grace.seconds !== 0)) return [];
    const drain = podDrainBudget(pod, ctx.settings.drainSeconds);
    const [g, p, r] = [grace.seconds, preStop.known ? preStop.seconds : 0, drain.seconds];
    const verdict = judge(g, p, r, grace.pair === undefined, preStop.container, drain);
    if (!verdict) return [];
    const { view } = ctx.object;
    const hookPair = preStop.container && preStopPairOf(preStop.container);
    const range = view.keyRange(grace.pair) ?? view.keyRange(hookPair) ?? view.keyRange(podSpecPair(view, pod));
    if (!range) return [];
    const related: RelatedLocation[] = [];
    const hookRange = view.keyRange(hookPair);
    if (hookRange && grace.pair && preStop.known && preStop.container) {
      related.push({ path: ctx.path, range: hookRange, message: `the preStop hook of ${describe(preStop.container)} sleeps ${p} s of the grace period` });
    }
    const timeoutRange = drain.source && view.range(drain.source.node);
    if (drain.source && timeoutRange)
      related.push({ path: ctx.path, range: timeoutRange, message: `${drain.source.description}: the app drains for up to ${r} s` });
    const edit = preStop.known ? setGracePeriodEdit(view, ctx.editor, pod, p + r) : undefined;
    const title = `Set terminationGracePeriodSeconds to ${p + r} (${p} s preStop + ${r} s drain)`;
    return [
      {
        message: verdict.message,
        severity: verdict.severity,
        range,
        ...(related.length > 0 ? { related } : {}),
        ...(edit ? { fixes: [{ title, edits: [edit], preferred: true }] } : {}),
      },
    ];
  },
};

function describe(container: ContainerRef): string {
  return container.name === undefined ? 'a container' : `container "${container.name}"`;
}

/** Where R came from, as the message names it. */
function drainSource(drain: DrainBudget & { container: ContainerRef | undefined }): string {
  if (!drain.source) return 'drainSeconds';
  return drain.container ? `${drain.source.description} in ${describe(drain.container)}` : drain.source.description;
}

/** The verdict on one pod's timeline (G, P, R), or undefined when it fits. */
function judge(
  g: number,
  p: number,
  r: number,
  defaulted: boolean,
  hookContainer: ContainerRef | undefined,
  drain: DrainBudget & { container: ContainerRef | undefined },
): { severity: Severity; message: string } | undefined {
  const needs = `it needs ${p > 0 ? `${p} s of preStop + ` : ''}${r} s to drain (${drainSource(drain)})`;
  if (g === 0) {
    return {
      severity: 'error',
      message: `terminationGracePeriodSeconds is 0: the kubelet skips preStop hooks and kills the containers at once, leaving no time to drain; ${needs}.`,
    };
  }
  const period = `the ${g} s grace period${defaulted ? ' (the default)' : ''}`;
  if (p >= g) {
    const rejected = hookContainer && p > g && isNativeSleep(hookContainer) ? ' The API server also rejects a sleep action longer than the grace period.' : '';
    return {
      severity: 'error',
      message: `preStop sleeps ${p} s, which uses up ${period}: the app gets SIGTERM only when it is over and SIGKILL 2 s later; ${needs}.${rejected}`,
    };
  }
  if (g - p >= r) return undefined;
  const lead =
    p > 0 ? `preStop sleeps ${p} s of ${period}, leaving ${g - p} s for the app to drain` : `With no preStop hook, ${period} leaves the app ${g} s to drain`;
  return { severity: 'warning', message: `${lead}; it needs ${r} s (${drainSource(drain)}), so SIGKILL cuts the drain short.` };
}

function isNativeSleep(container: ContainerRef): boolean {
  const hook = preStopHookOf(container);
  return hook.kind === 'sleep' && hook.native;
}
