import type { LabelSelector } from '../label-selector';
import { sameNamespace } from '../k8s-object';
import { selectorMatches } from '../label-selector';
import { POD_SPEC_KINDS, podSpecOf } from '../pod-spec';
import { Buckets, ByNamespace, bySource, listKind, shiftSource, type FactIndex, type FactSource } from './fact-kind';

/** Replica count as written: a number, absent (the API default is 1), or not a literal. */
export type ReplicaCount = number | 'absent' | 'unknown';

export interface WorkloadFact {
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly podLabels: Readonly<Record<string, string>> | undefined;
  readonly replicas: ReplicaCount;
  readonly source: FactSource;
}

/** Kinds whose `spec.replicas` can make them need a PodDisruptionBudget. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout']);

/** Workloads by namespace, and filed under each of their pod labels (`key=value`). */
export class WorkloadIndex implements FactIndex<WorkloadFact> {
  private readonly byNamespace = new ByNamespace<WorkloadFact>();
  private readonly byLabel = new Buckets<string, WorkloadFact>();

  add(_path: string, fact: WorkloadFact): void {
    this.byNamespace.add(fact);
    for (const [key, value] of Object.entries(fact.podLabels ?? {})) this.byLabel.add(`${key}=${value}`, fact);
  }

  remove(_path: string, fact: WorkloadFact): void {
    this.byNamespace.remove(fact);
    for (const [key, value] of Object.entries(fact.podLabels ?? {})) this.byLabel.remove(`${key}=${value}`, fact);
  }

  /** Workloads whose pods a PDB selector covers. */
  matching(namespace: string | undefined, selector: LabelSelector): WorkloadFact[] {
    const [key, value] = Object.entries(selector.matchLabels)[0] ?? [];
    const candidates = key === undefined ? this.byNamespace.in(namespace) : (this.byLabel.get(`${key}=${value}`) ?? []);
    return candidates
      .filter((w) => w.podLabels !== undefined && sameNamespace(w.namespace, namespace) && selectorMatches(selector, w.podLabels))
      .sort(bySource);
  }

  /** Whether some workload's pods might match (their labels are templated). */
  hasUnknownLabels(namespace: string | undefined): boolean {
    return this.byNamespace.in(namespace).some((w) => !w.podLabels);
  }
}

/** Objects with a pod template: their labels and replica count. */
export const WORKLOADS = listKind<'workloads', WorkloadFact, WorkloadIndex>({
  name: 'workloads',
  yaml: {
    objectKinds: POD_SPEC_KINDS,
    fromObject(object, { source }) {
      const pod = podSpecOf(object);
      if (!pod) return [];
      const replicasField = object.view.field(object.view.getMap(object.node, 'spec'), 'replicas');
      const replicas: ReplicaCount = typeof replicasField === 'string' ? replicasField : (object.view.number(replicasField.value) ?? 'unknown');
      return [{ kind: object.kind, name: object.name, namespace: object.namespace, podLabels: pod.podLabels, replicas, source }];
    },
    shift: shiftSource,
  },
  createIndex: () => new WorkloadIndex(),
});
