import type { HpaFact } from '../../model/facts/hpas';
import type { ReplicaCount, WorkloadFact } from '../../model/facts/workloads';
import type { K8sObject } from '../../model/k8s-object';
import type { WorkspaceIndex } from '../../model/workspace-index';
import type { RelatedLocation } from '../../types';

/** `spec.replicas` of an object as written: `unknown` when templated, of the wrong type, or possibly emitted by a template line. */
export function specReplicas(object: K8sObject): ReplicaCount {
  const { view } = object;
  const field = view.field(view.getMap(object.node, 'spec'), 'replicas');
  if (field === 'absent' || field === 'unknown') return field;
  const count = view.number(field.value);
  return count !== undefined && isCount(count) ? count : 'unknown';
}

/** The fewest pods a workload keeps running, and the HPAs that decide it. */
export interface ReplicaFloor {
  readonly count: number;
  readonly hpas: readonly HpaFact[];
}

/** Kinds whose pod count is `spec.replicas` (1 when absent) and that an HPA can scale. */
const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout']);

/**
 * The fewest pods a workload runs in steady state. An HPA that targets it owns
 * the replica count (it never goes below `minReplicas`), except that
 * `replicas: 0` switches the HPA off. A bare Pod is one pod. Undefined when
 * unknown: templated counts, or kinds whose pod count depends on the cluster
 * (DaemonSet: one per node) or on completions (Job).
 */
export function replicaFloor(index: WorkspaceIndex, workload: Pick<WorkloadFact, 'kind' | 'name' | 'namespace' | 'replicas'>): ReplicaFloor | undefined {
  if (workload.kind === 'Pod') return { count: 1, hpas: [] };
  if (!SCALABLE_KINDS.has(workload.kind)) return undefined;
  const { replicas } = workload;
  if (typeof replicas === 'number' && !isCount(replicas)) return undefined;
  if (replicas === 0) return { count: 0, hpas: [] };
  const hpas = index.hpasFor(workload.kind, workload.name, workload.namespace);
  if (hpas.length > 0) {
    const mins = hpas.map((h) => h.minReplicas);
    if (!mins.every((m): m is number => m !== undefined && isCount(m))) return undefined;
    return { count: Math.min(...mins), hpas };
  }
  if (replicas === 'unknown') return undefined;
  return { count: replicas === 'absent' ? 1 : replicas, hpas: [] };
}

/** `replicaFloor` of the object being checked, from its own `spec.replicas`. */
export function ownReplicaFloor(object: K8sObject, index: WorkspaceIndex): ReplicaFloor | undefined {
  return replicaFloor(index, { kind: object.kind, name: object.name, namespace: object.namespace, replicas: specReplicas(object) });
}

/** Related information pointing at the HPAs that set a floor. */
export function hpaLocations(floor: ReplicaFloor): RelatedLocation[] {
  return floor.hpas.map((h) => ({ ...h.source, message: `HorizontalPodAutoscaler keeps at least ${floor.count} replicas (minReplicas)` }));
}

/**
 * Kubernetes' `GetScaledValueFromIntOrPercent`: an integer as is, or a percentage
 * of `total` rounded up or down. Undefined for values the API would reject.
 */
export function scaledIntOrPercent(value: number | string, total: number, rounding: 'up' | 'down'): number | undefined {
  if (typeof value === 'number') return isCount(value) ? value : undefined;
  const percent = parsePercent(value);
  if (percent === undefined) return undefined;
  const exact = (percent * total) / 100;
  return rounding === 'up' ? Math.ceil(exact) : Math.floor(exact);
}

/** The number in `"25%"`; undefined for anything else. */
export function parsePercent(value: string): number | undefined {
  const match = /^(\d+)%$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}
