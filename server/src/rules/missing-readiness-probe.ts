import type { KubernetesContext, Rule } from './rule';
import type { Fix, RuleFinding } from '../types';
import type { YamlValue } from '../fix/yaml-edit';
import type { ContainerRef } from '../model/pod-spec';
import { servingReason, whyServing, type ServingReason } from '../model/serving';
import { probeSurelyAbsent } from './support/probe-absence';
import { touchesSharedNode } from './support/probe-fixes';
import { httpGetSignature, probeSignature, tcpSocketSignature } from './support/probe-handler';

/**
 * The readiness probes we can add. The port stays a number even when it has a name:
 * it is what the user sees in `ports` and it needs no lookup to read. The tcpSocket
 * probe is preferred: it cannot fail on an endpoint the app does not serve. Neither is
 * offered when it would run the liveness probe's very check (that is liveness-equals-readiness's finding).
 */
function readinessFixes(context: KubernetesContext, container: ContainerRef, port: number): Fix[] {
  const { view } = container.pod.object;
  const containerRange = view.range(container.node);
  if (!containerRange || touchesSharedNode(view, containerRange)) return [];
  const { readinessPath } = context.settings;
  const liveness = probeSignature(view, container, 'livenessProbe');
  const insert = (probe: YamlValue, signature: string) =>
    signature === liveness ? undefined : context.editor.insertIntoMap(view, container.node, { readinessProbe: probe });
  const tcp = insert({ tcpSocket: { port } }, tcpSocketSignature(container, port, ''));
  const http = insert({ httpGet: { path: readinessPath, port } }, httpGetSignature(container, readinessPath, port));
  const fixes: Fix[] = [];
  if (tcp) fixes.push({ title: `Add a tcpSocket readinessProbe on port ${port}`, edits: [tcp], preferred: true });
  if (http) fixes.push({ title: `Add an httpGet readinessProbe of ${readinessPath} on port ${port}`, edits: [http], ...(!tcp && { preferred: true }) });
  return fixes;
}

function describe(container: ContainerRef, reason: ServingReason): string {
  const name = container.name === undefined ? 'Container' : `Container "${container.name}"`;
  return `${name} serves traffic (${whyServing(reason)}) but has no readinessProbe: it gets traffic before it can answer, and a rolling update counts it available at once and stops old pods too early`;
}

function check(context: KubernetesContext): RuleFinding[] {
  const { pod, index, path } = context;
  if (!pod) return [];
  const { view } = pod.object;
  const out: RuleFinding[] = [];
  for (const container of pod.containers) {
    const reason = servingReason(container, index, path);
    if (!reason || !probeSurelyAbsent(container, 'readinessProbe')) continue;
    const range = container.namePair ? view.pairRange(container.namePair) : view.keyRange(container.node.items[0]);
    if (!range) continue;
    // The traffic port the probe should check, when known as a number.
    const port = reason.kind === 'port' ? reason.port.number : reason.port;
    const related = reason.kind === 'service' ? [{ ...reason.service.source, message: 'the Service that sends it traffic' }] : undefined;
    out.push({
      message: describe(container, reason),
      range,
      ...(related && { related }),
      fixes: port === undefined ? [] : readinessFixes(context, container, port),
    });
  }
  return out;
}

/** Flags serving containers without a readiness probe. */
export const rule: Rule = {
  meta: {
    id: 'missing-readiness-probe',
    defaultSeverity: 'warning',
    title: 'Serving container has no readiness probe',
    summary: 'A container that serves traffic has no readinessProbe, so it is sent traffic (and counted available) before it can answer.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes: check,
};
