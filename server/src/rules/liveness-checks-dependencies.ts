import type { KubernetesContext, Rule } from './rule';
import type { RuleFinding } from '../types';
import type { YamlView } from '../parse/yaml-file';
import type { ContainerRef } from '../model/pod-spec';
import { remoteCallIn } from './support/probe-exec-target';
import { livenessPathFix, tcpSocketFix } from './support/probe-fixes';
import { handlerHost, handlerOf, handlerSignature, hostLocality, probedContainers, probeOf, probeSignature, type ProbeHandler } from './support/probe-handler';

/** Path words that name readiness or a dependency rather than the process itself. */
const DEPENDENCY_WORDS = new Set([
  'ready',
  'readyz',
  'readiness',
  'deps',
  'dependencies',
  'dependency',
  'db',
  'database',
  'databases',
  'redis',
  'postgres',
  'postgresql',
  'mysql',
  'mongo',
  'mongodb',
  'kafka',
  'rabbitmq',
  'amqp',
  'elasticsearch',
  'cassandra',
  'memcached',
  'upstream',
  'upstreams',
  'downstream',
]);

/** Spring Boot's actuator health endpoints, keeping what precedes them (a context path). */
const SPRING_HEALTH = /^(.*\/)?actuator\/health(?:\/[^/]*)?$/i;

/** Why a handler reaches beyond its own process, and whether only its path is to blame. */
interface Reach {
  readonly message: string;
  readonly path?: { readonly replacement: string | undefined };
}

const RESTART_STORM = 'when a dependency is slow or down, the kubelet restarts this healthy container, in every replica at once';

function reachOf(view: YamlView, handler: ProbeHandler, livenessPath: string): Reach | undefined {
  if (handler.kind === 'exec') {
    const command = view.strings(view.get(handler.map, 'command'));
    const call = command && remoteCallIn(command);
    return call && { message: `Liveness probe runs ${call.client} against "${call.host}", another host: ${RESTART_STORM}` };
  }
  if (handler.kind === 'grpc') return undefined;
  const host = handlerHost(view, handler);
  const locality = host && hostLocality(host.host);
  if (host && locality === 'remote') return { message: `Liveness probe checks host "${host.host}", not this container: ${RESTART_STORM}` };
  if (locality !== 'local' || handler.kind !== 'httpGet') return undefined;
  const path = view.getString(handler.map, 'path');
  const problem = path === undefined ? undefined : pathProblem(path);
  if (path === undefined || !problem) return undefined;
  const spring = SPRING_HEALTH.exec(trimSlashes(path));
  const replacement = spring ? `/${spring[1] ?? ''}actuator/health/liveness` : livenessPath;
  // A configured livenessPath that is itself flagged would not fix anything.
  return { message: `Liveness probe path "${path}" ${problem}`, path: { replacement: pathProblem(replacement) ? undefined : replacement } };
}

/** The path without query, fragment, and leading or trailing slashes. */
function trimSlashes(path: string): string {
  return (path.split(/[?#]/, 1)[0] ?? path).replace(/\/+$/, '').replace(/^\/+/, '');
}

/** What is wrong with a liveness path, or undefined when it names nothing beyond the process. */
function pathProblem(path: string): string | undefined {
  const segments = trimSlashes(path).toLowerCase().split('/');
  if (segments.length >= 2 && segments[segments.length - 2] === 'actuator' && segments[segments.length - 1] === 'health') {
    return `is Spring Boot's aggregate health, which includes readiness and every dependency's health indicator: ${RESTART_STORM}`;
  }
  for (const segment of segments) {
    const word = segment.split(/[-_.]/).find((w) => DEPENDENCY_WORDS.has(w));
    if (word) return `names "${word}", a readiness or dependency check: ${RESTART_STORM}`;
  }
  return undefined;
}

function check({ pod, settings, editor }: KubernetesContext): RuleFinding[] {
  if (!pod) return [];
  const { view } = pod.object;
  const out: RuleFinding[] = [];
  for (const container of probedContainers(pod)) {
    const probe = probeOf(container, 'livenessProbe');
    const handler = probe && handlerOf(view, probe.map);
    const reach = handler && reachOf(view, handler, settings.livenessPath);
    const range = handler && view.keyRange(handler.pair);
    if (!probe || !handler || !reach || !range) continue;
    // A fix must not make liveness repeat readiness: that is liveness-equals-readiness's finding.
    const readiness = probeSignature(view, container, 'readinessProbe');
    const replacement = reach.path?.replacement;
    const pathFix =
      replacement === undefined || (readiness !== undefined && handlerSignature(view, container, handler, replacement) === readiness)
        ? undefined
        : livenessPathFix(view, editor, probe, handler, replacement);
    const fixes = [tcpSocketFix(view, editor, probe, handler, readiness), pathFix].filter((f) => f !== undefined);
    out.push({ message: reach.message, range, fixes });
  }
  return out;
}

/** Flags liveness probes whose failure says more about a dependency than about the container itself. */
export const rule: Rule = {
  meta: {
    id: 'liveness-checks-dependencies',
    defaultSeverity: 'warning',
    title: 'Liveness probe checks a dependency',
    summary: 'A liveness probe reaches beyond its own process (another host, a database client, a readiness or dependency endpoint).',
    fixable: true,
    needsCompleteObject: false,
  },
  checkKubernetes: check,
};
