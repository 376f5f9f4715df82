import type { KubernetesContext, Rule } from './rule';
import type { RuleFinding } from '../types';
import { livenessPathFix, tcpSocketFix } from './support/probe-fixes';
import { handlerOf, handlerSignature, probedContainers, probeOf } from './support/probe-handler';

function check({ pod, settings, editor, path }: KubernetesContext): RuleFinding[] {
  if (!pod) return [];
  const { view } = pod.object;
  const out: RuleFinding[] = [];
  for (const container of probedContainers(pod)) {
    const liveness = probeOf(container, 'livenessProbe');
    const readiness = probeOf(container, 'readinessProbe');
    // A directive anywhere in either probe (a templated field, an included line) makes them unknown.
    if (!liveness || !readiness || view.isTemplated(liveness.map) || view.isTemplated(readiness.map)) continue;
    const handler = handlerOf(view, liveness.map);
    const readinessHandler = handlerOf(view, readiness.map);
    if (!handler || !readinessHandler) continue;
    const signature = handlerSignature(view, container, handler);
    if (signature === undefined || signature !== handlerSignature(view, container, readinessHandler)) continue;
    const range = view.keyRange(liveness.pair);
    const readinessRange = view.keyRange(readiness.pair);
    if (!range || !readinessRange) continue;
    // Pointing liveness at livenessPath changes nothing when readiness already uses it.
    const samePath = handler.kind === 'httpGet' && (view.getString(handler.map, 'path') ?? '/') === settings.livenessPath;
    const fixes = [
      tcpSocketFix(view, editor, liveness, handler),
      samePath ? undefined : livenessPathFix(view, editor, liveness, handler, settings.livenessPath),
    ].filter((f) => f !== undefined);
    out.push({
      message: `Liveness and readiness probes run the same ${handler.kind} check: when the app is only busy or not ready (a slow dependency, a full queue), the kubelet restarts it instead of just taking it out of its Services`,
      range,
      related: [{ path, range: readinessRange, message: 'the identical readiness probe' }],
      fixes,
    });
  }
  return out;
}

/** Flags a liveness probe that checks exactly what the readiness probe checks. */
export const rule: Rule = {
  meta: {
    id: 'liveness-equals-readiness',
    defaultSeverity: 'warning',
    title: 'Liveness probe repeats the readiness probe',
    summary: 'Liveness and readiness probes have identical handlers, so "not ready" also means "restart".',
    docs: `# liveness-equals-readiness

## Why it matters

Readiness and liveness answer different questions. A failing readiness probe takes the pod out of its Services'
endpoints: traffic stops, the pod keeps running and comes back when it recovers. A failing liveness probe makes the
kubelet kill the container (SIGTERM, the grace period, SIGKILL) and restart it. When both run the same check, every
moment of "not ready" (a warm-up, a slow dependency, a saturated worker pool, a pod draining during its own shutdown)
that lasts the liveness failure threshold turns into a restart, often in every replica at once, cutting off in-flight
requests and making an overload worse.

## What triggers it

A container (regular or native sidecar) whose \`livenessProbe\` and \`readinessProbe\` have identical handlers:

- \`httpGet\`: same path (absent means \`/\`), port, host, scheme (absent means \`HTTP\`) and headers (in any order);
- \`tcpSocket\`: same port and host;
- \`exec\`: same command;
- \`grpc\`: same port and service.

A named port and the number it resolves to through the container's \`ports\` count as the same port. Timing fields
(\`initialDelaySeconds\`, \`periodSeconds\`, \`timeoutSeconds\`, \`failureThreshold\`, ...) do not count: a longer
failure threshold on the same check still restarts a pod that is merely not ready. A probe written once with an anchor
(\`&probe\`) and reused with an alias (\`*probe\`) is identical too. Nothing is reported when any compared field comes
from a Helm template.

## How to fix

Give liveness a weaker check that fails only when the process is stuck. The preferred fix replaces the liveness handler
with a \`tcpSocket\` check on the application's port. Alternatively point the liveness \`httpGet\` at \`livenessPath\`
(default \`/livez\`), an endpoint that checks nothing but the process; your application has to serve it. No fix is
offered for a probe shared through a YAML alias or written in flow style.

## Example

Before:

\`\`\`yaml
readinessProbe:
  httpGet:
    path: /healthz
    port: 8080
livenessProbe:
  httpGet:
    path: /healthz
    port: 8080
\`\`\`

After:

\`\`\`yaml
readinessProbe:
  httpGet:
    path: /healthz
    port: 8080
livenessProbe:
  tcpSocket:
    port: 8080
\`\`\`
`,
    fixable: true,
    needsCompleteObject: false,
  },
  checkKubernetes: check,
};
