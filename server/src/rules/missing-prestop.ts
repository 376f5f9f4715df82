import type { ContainerRef } from '../model/pod-spec';
import { servingReason, type ServingReason } from '../model/serving';
import { effectiveGracePeriod, podDrainBudget, preStopDuration, preStopHookOf } from '../model/timeline';
import type { Fix, RuleFinding, TextEdit } from '../types';
import type { KubernetesContext, Rule } from './rule';
import { mergeInsertions, setGracePeriodEdit } from './support/grace-edits';
import { insertPreStopEdit, nativeSleepAvailable, preStopSleepHandler } from './support/prestop-edits';

/** A serving container without a preStop hook keeps getting traffic after SIGTERM. */
export const rule: Rule = {
  meta: {
    id: 'missing-prestop',
    defaultSeverity: 'warning',
    title: 'Serving container has no preStop delay',
    summary: 'A container that serves traffic has no preStop hook, so it gets SIGTERM while load balancers still send it requests.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes(ctx) {
    const pod = ctx.pod;
    if (!pod?.longRunning) return [];
    const out: RuleFinding[] = [];
    for (const container of pod.containers) {
      const reason = servingReason(container, ctx.index);
      if (!reason || preStopHookOf(container).kind !== 'none') continue;
      const range = anchorOf(ctx, container);
      if (!range) continue;
      const fix = addPreStopFix(ctx, container);
      out.push({
        message: `${describe(container)} serves traffic (${why(reason)}) but has no preStop hook: it gets SIGTERM while Services and load balancers still send it requests, which then fail.`,
        range,
        ...(reason.kind === 'service' ? { related: [{ ...reason.service.source, message: 'this Service routes traffic to the pods' }] } : {}),
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    return out;
  },
};

function describe(container: ContainerRef): string {
  return container.name === undefined ? 'This container' : `Container "${container.name}"`;
}

function why(reason: ServingReason): string {
  if (reason.kind === 'port') return 'it declares a containerPort';
  return reason.service.name === undefined ? 'a Service selects its pods' : `Service "${reason.service.name}" selects its pods`;
}

/** The `name` entry (key through value); a container without a name is anchored at its first key. */
function anchorOf(ctx: KubernetesContext, container: ContainerRef) {
  const { view } = ctx.object;
  if (container.namePair) return view.pairRange(container.namePair);
  return view.keyRange(container.node.items[0]);
}

/**
 * Inserts a preStop sleep and, in the same fix, raises the grace period so that
 * it covers the longest preStop of the pod plus its drain budget (G ≥ P + R).
 */
function addPreStopFix(ctx: KubernetesContext, container: ContainerRef): Fix | undefined {
  const { view } = ctx.object;
  const pod = container.pod;
  const sleep = ctx.settings.preStopSeconds;
  const grace = effectiveGracePeriod(pod);
  if (sleep <= 0 || !grace.known) return undefined;
  const native = nativeSleepAvailable(ctx.settings.kubernetesVersion);
  const hook = insertPreStopEdit(view, ctx.editor, container, preStopSleepHandler(sleep, native));
  if (!hook) return undefined;
  // Another container's hook that is not a plain sleep has an unknown length: count ours only.
  const existing = preStopDuration(pod);
  const longest = Math.max(existing.known ? existing.seconds : 0, sleep);
  const needed = longest + podDrainBudget(pod, ctx.settings.drainSeconds).seconds;
  const edits: TextEdit[] = [hook];
  let title = `Add a ${sleep} s preStop ${native ? 'sleep action' : 'exec sleep'}`;
  if (grace.seconds < needed) {
    const raise = setGracePeriodEdit(view, ctx.editor, pod, needed);
    if (!raise) return undefined;
    edits.push(raise);
    title += ` and set terminationGracePeriodSeconds to ${needed}`;
  }
  return { title, edits: mergeInsertions(edits, ctx.editor.style.eol), preferred: true };
}
