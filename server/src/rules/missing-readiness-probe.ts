import type { KubernetesContext, Rule } from './rule';
import type { Fix, RuleFinding } from '../types';
import type { YamlValue } from '../fix/yaml-edit';
import type { ContainerRef } from '../model/pod-spec';
import { servingReason, whyServing, type ServingReason } from '../model/serving';
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
    docs: `# missing-readiness-probe

## Why it matters

Graceful shutdown has a mirror image: graceful startup. During a rolling update the new pod must be ready before an old
pod is told to stop. Without a readiness probe a container counts as ready the moment it starts: its Services send it
requests while it is still loading, and the Deployment controller considers it available at once, so it moves on and
terminates the old pods while the new ones cannot answer yet. Every rollout then drops requests, however well the old
pods drain. A readiness probe also takes a pod out of rotation while it is overloaded, without restarting it.

## What triggers it

A serving container with no \`readinessProbe\`: a regular container of a long-running workload (not a Job, CronJob or
run-once Pod) that declares a \`containerPort\`, or the single regular container of pods that a Service in the same
namespace selects.

It does not trigger for init containers, native sidecars, Jobs and CronJobs, containers without ports that no Service
selects, or when a Helm directive on its own line inside the container (\`{{- include "app.probes" . | nindent 10 }}\`)
may emit the probe. It is not reported on a kustomize patch, which is only a fragment of the object.

## How to fix

Add a readiness probe. The preferred fix adds a \`tcpSocket\` probe on the first container port: it cannot fail on a
missing endpoint. An \`httpGet\` of \`readinessPath\` (default \`/readyz\`) is better when your application serves such an
endpoint that reports whether it can take traffic (dependencies reachable, caches warm). The fixes write the port as a
number. When the container declares no port (it serves only through a Service), the fixes use the Service's
\`targetPort\` (or its \`port\`) when it is a number; a named \`targetPort\` gets no fix, since only the container's ports
could say which number it names.

## Example

Before:

\`\`\`yaml
containers:
  - name: web
    image: web:1.4
    ports:
      - containerPort: 8080
\`\`\`

After:

\`\`\`yaml
containers:
  - name: web
    image: web:1.4
    ports:
      - containerPort: 8080
    readinessProbe:
      tcpSocket:
        port: 8080
\`\`\`
`,
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes: check,
};
