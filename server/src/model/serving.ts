import type { YAMLMap } from 'yaml';
import type { ServiceFact, ServiceTarget } from './facts/services';
import type { ContainerRef, PodSpecRef } from './pod-spec';
import type { WorkspaceIndex } from './workspace-index';

/** A `ports` entry of a container, as far as it is written literally. */
export interface DeclaredPort {
  readonly container: ContainerRef;
  readonly node: YAMLMap<unknown, unknown>;
  /** `containerPort`; undefined when templated. */
  readonly number: number | undefined;
  /** `name`: absent (undefined), a literal, or `unknown` when templated. */
  readonly name: string | undefined | { readonly unknown: true };
}

/**
 * Why a container receives traffic: a Service sends it some (`port` is the container port
 * number when known), or the workspace has no Service for its namespace and it declares
 * a traffic port.
 */
export type ServingReason =
  { readonly kind: 'service'; readonly service: ServiceFact; readonly port: number | undefined } | { readonly kind: 'port'; readonly port: DeclaredPort };

// RULES.md's *Traffic port*: names that mark a port as scraped, probed or profiled, not served.
const NON_TRAFFIC_NAMES: ReadonlySet<string> = new Set([
  'metrics',
  'prometheus',
  'prom',
  'monitoring',
  'health',
  'healthz',
  'probe',
  'probes',
  'pprof',
  'debug',
  'profiler',
]);

const UNKNOWN_NAME = { unknown: true } as const;

/** Whether a port with this name carries traffic; an unnamed port does. Undefined when the name is templated. */
export function isTrafficPort(port: Pick<DeclaredPort, 'name'>): boolean | undefined {
  if (typeof port.name === 'object') return undefined;
  if (port.name === undefined) return true;
  const name = port.name.toLowerCase();
  return !NON_TRAFFIC_NAMES.has(name) && !name.endsWith('metrics');
}

/** A container's `ports` entries (none when a template writes the list). */
export function declaredPorts(container: ContainerRef): readonly DeclaredPort[] {
  const { view } = container.pod.object;
  const ports: DeclaredPort[] = [];
  for (const item of view.getSeq(container.node, 'ports')?.items ?? []) {
    const node = view.asMap(item);
    const numberField = view.field(node, 'containerPort');
    // An entry without containerPort is invalid: the API server rejects the pod.
    if (!node || numberField === 'absent') continue;
    const nameField = view.field(node, 'name');
    const number = numberField === 'unknown' ? undefined : view.number(numberField.value);
    const name = nameField === 'absent' ? undefined : nameField === 'unknown' ? UNKNOWN_NAME : (view.string(nameField.value) ?? UNKNOWN_NAME);
    ports.push({ container, node, number, name });
  }
  return ports;
}

/**
 * The declared port a Service port's target names in the pod, or undefined when no container
 * declares it (the app may listen on a port it does not declare) or the target is templated.
 */
function resolveTarget(pod: PodSpecRef, target: ServiceTarget): DeclaredPort | undefined {
  if (target === null) return undefined;
  // Native sidecars share the pod's network and may declare the port a Service targets.
  for (const container of [...pod.containers, ...pod.initContainers.filter((c) => c.role === 'sidecar')]) {
    const found = declaredPorts(container).find((p) => (typeof target === 'number' ? p.number === target : p.name === target));
    if (found) return found;
  }
  return undefined;
}

/** Each container's last answer: a container lives as long as its analysis pass, so the memo goes with it. */
const servingMemo = new WeakMap<
  ContainerRef,
  { readonly index: WorkspaceIndex; readonly revision: number; readonly path: string; readonly reason: ServingReason | undefined }
>();

/**
 * Why a container serves traffic (RULES.md's *Serving container*), or undefined when it does not
 * or we cannot be sure: a regular container of a long-running workload that (a) a Service in its
 * namespace selects and targets on a traffic port of it (an unresolvable target counts for the
 * pod's only regular container), or (b) declares a traffic port while the workspace holds no
 * Service that could share its namespace (`path` is the pod's file, for the labels kustomize adds). Controllers, node agents and exporters that no Service
 * selects, while Services exist for their namespace, receive no routed traffic.
 */
export function servingReason(container: ContainerRef, index: WorkspaceIndex, path: string): ServingReason | undefined {
  // Asked by several rules of one pass (missing-prestop, missing-readiness-probe) about the same container:
  // answered once per index state. A revision names moved facts too, whose ranges the reason carries.
  const memo = servingMemo.get(container);
  if (memo && memo.index === index && memo.revision === index.revision && memo.path === path) return memo.reason;
  const reason = findServingReason(container, index, path);
  servingMemo.set(container, { index, revision: index.revision, path, reason });
  return reason;
}

function findServingReason(container: ContainerRef, index: WorkspaceIndex, path: string): ServingReason | undefined {
  const { pod } = container;
  if (!pod.longRunning || container.role !== 'regular') return undefined;
  const namespace = pod.object.namespace;
  if (pod.podLabels) {
    // kustomize writes its commonLabels into the pod template too.
    const labels = { ...pod.podLabels, ...index.kustomizeLabelsOf(path) };
    // A Service that targets a declared port of this container is the better reason to name.
    let unresolved: ServingReason | undefined;
    for (const service of index.servicesSelecting(namespace, labels).sure) {
      for (const target of service.targets) {
        const port = resolveTarget(pod, target);
        if (port?.container.node === container.node && isTrafficPort(port) === true) return { kind: 'service', service, port: port.number };
        if (!port && pod.containers.length === 1) unresolved ??= { kind: 'service', service, port: typeof target === 'number' ? target : undefined };
      }
    }
    if (unresolved) return unresolved;
  }
  if (index.hasServiceIn(namespace)) return undefined;
  // A templated number may sit in a block that a template switches off: only literal ports count here.
  const port = declaredPorts(container).find((p) => p.number !== undefined && isTrafficPort(p) === true);
  return port && { kind: 'port', port };
}

/** Why, in words: `Service "web" sends it traffic on port 8080`, `it declares port 8080 and ...`. */
export function whyServing(reason: ServingReason): string {
  if (reason.kind === 'port') {
    return `it declares port ${reason.port.number} and no Service in the workspace says otherwise`;
  }
  const name = reason.service.name === undefined ? 'a Service' : `Service "${reason.service.name}"`;
  return reason.port === undefined ? `${name} sends its pods traffic` : `${name} sends it traffic on port ${reason.port}`;
}

/** Whether any container of the pod serves traffic: the shutdown timeline warns about a missing preStop only then. */
export function podServesTraffic(pod: PodSpecRef, index: WorkspaceIndex, path: string): boolean {
  return pod.containers.some((c) => servingReason(c, index, path) !== undefined);
}

/**
 * The port the app itself serves, for fixes that add probes: the first declared traffic port
 * (a probe on a metrics or debug port checks a side listener, not the app), else the first declared port.
 */
export function appPort(container: ContainerRef): { port: number; name: string | undefined } | undefined {
  const numbered = declaredPorts(container).flatMap((p) =>
    p.number === undefined ? [] : [{ port: p.number, name: typeof p.name === 'string' ? p.name : undefined, traffic: isTrafficPort(p) }],
  );
  const chosen = numbered.find((p) => p.traffic === true) ?? numbered[0];
  return chosen && { port: chosen.port, name: chosen.name };
}
