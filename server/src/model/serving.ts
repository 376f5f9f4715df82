import type { ContainerRef } from './pod-spec';
import type { ServiceFact, WorkspaceIndex } from './workspace-index';

export type ServingReason =
  | { readonly kind: 'port' }
  | { readonly kind: 'service'; readonly service: ServiceFact };

/**
 * Why a container serves traffic, or undefined when it does not (or we cannot be
 * sure). Serving: a regular container of a long-running workload that declares a
 * `containerPort`, or the single regular container of pods a Service selects.
 */
export function servingReason(container: ContainerRef, index: WorkspaceIndex): ServingReason | undefined {
  const { pod } = container;
  if (!pod.longRunning || container.role !== 'regular') return undefined;
  const { view } = pod.object;
  const ports = view.getSeq(container.node, 'ports');
  if (ports && !view.isTemplated(ports)) {
    for (const item of ports.items) if (view.number(view.get(view.asMap(item), 'containerPort')) !== undefined) return { kind: 'port' };
  }
  if (pod.containers.length !== 1 || !pod.podLabels) return undefined;
  const service = index.servicesSelecting(pod.object.namespace, pod.podLabels).sure[0];
  return service ? { kind: 'service', service } : undefined;
}

/** The first declared `containerPort` (number) and its name, for fixes that add probes. */
export function firstContainerPort(container: ContainerRef): { port: number; name: string | undefined } | undefined {
  const { view } = container.pod.object;
  for (const item of view.getSeq(container.node, 'ports')?.items ?? []) {
    const port = view.asMap(item);
    const number = view.getNumber(port, 'containerPort');
    if (number !== undefined) return { port: number, name: view.getString(port, 'name') };
  }
  return undefined;
}
