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
    fixable: true,
    needsCompleteObject: false,
  },
  checkKubernetes: check,
};
