import type { KubernetesContext, Rule } from './rule';
import type { Fix, RuleFinding } from '../types';
import type { YamlValue } from '../fix/yaml-edit';
import type { ContainerRef } from '../model/pod-spec';
import { firstContainerPort, servingReason, type ServingReason } from '../model/serving';
import { probeSurelyAbsent } from './support/probe-absence';
import { touchesSharedNode } from './support/probe-fixes';

/**
 * The readiness probes we can add. The port stays a number even when it has a name:
 * it is what the user sees in `ports` and it needs no lookup to read. The tcpSocket
 * probe is preferred: it cannot fail on an endpoint the app does not serve.
 */
function readinessFixes(context: KubernetesContext, container: ContainerRef, port: number): Fix[] {
  const { view } = container.pod.object;
  const containerRange = view.range(container.node);
  if (!containerRange || touchesSharedNode(view, containerRange)) return [];
  const insert = (probe: YamlValue) => context.editor.insertIntoMap(view, container.node, { readinessProbe: probe });
  const tcp = insert({ tcpSocket: { port } });
  const http = insert({ httpGet: { path: context.settings.readinessPath, port } });
  const fixes: Fix[] = [];
  if (tcp) fixes.push({ title: `Add a tcpSocket readinessProbe on port ${port}`, edits: [tcp], preferred: true });
  if (http) fixes.push({ title: `Add an httpGet readinessProbe of ${context.settings.readinessPath} on port ${port}`, edits: [http] });
  return fixes;
}

function describe(container: ContainerRef, reason: ServingReason, port: number | undefined): string {
  const name = container.name === undefined ? 'Container' : `Container "${container.name}"`;
  const service = reason.kind === 'service' ? (reason.service.name === undefined ? 'a Service' : `Service "${reason.service.name}"`) : undefined;
  const serves = service ? `receives traffic from ${service}` : port === undefined ? 'declares a port' : `serves on port ${port}`;
  return `${name} ${serves} but has no readinessProbe: it gets traffic before it can answer, and a rolling update counts it available at once and stops old pods too early`;
}

function check(context: KubernetesContext): RuleFinding[] {
  const { pod, index } = context;
  if (!pod) return [];
  const { view } = pod.object;
  const out: RuleFinding[] = [];
  for (const container of pod.containers) {
    const reason = servingReason(container, index);
    if (!reason || !probeSurelyAbsent(container, 'readinessProbe')) continue;
    const range = container.namePair ? view.pairRange(container.namePair) : view.keyRange(container.node.items[0]);
    if (!range) continue;
    // Serving through a Service only: the port it sends traffic to, when written as a number.
    const port = reason.kind === 'port' ? firstContainerPort(container)?.port : reason.service.targetPorts[0];
    const related = reason.kind === 'service' ? [{ ...reason.service.source, message: 'the Service that sends it traffic' }] : undefined;
    out.push({
      message: describe(container, reason, port),
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
