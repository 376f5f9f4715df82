import { sameNamespace } from '../k8s-object';
import { Buckets, bySource, listKind, shiftSource, type FactIndex, type FactSource } from './fact-kind';

export interface HpaFact {
  readonly namespace: string | undefined;
  readonly targetKind: string | undefined;
  readonly targetName: string | undefined;
  /** Undefined when templated; Kubernetes' default is 1. */
  readonly minReplicas: number | undefined;
  readonly source: FactSource;
}

/** HPAs filed under their target (`kind\0name`); those with a templated target are never found. */
export class HpaIndex implements FactIndex<HpaFact> {
  private readonly byTarget = new Buckets<string, HpaFact>();

  add(_path: string, fact: HpaFact): void {
    if (fact.targetKind !== undefined && fact.targetName !== undefined) this.byTarget.add(`${fact.targetKind}\0${fact.targetName}`, fact);
  }

  remove(_path: string, fact: HpaFact): void {
    if (fact.targetKind !== undefined && fact.targetName !== undefined) this.byTarget.remove(`${fact.targetKind}\0${fact.targetName}`, fact);
  }

  /** HPAs that scale the named workload. */
  for(kind: string, name: string | undefined, namespace: string | undefined): HpaFact[] {
    if (name === undefined) return [];
    return (this.byTarget.get(`${kind}\0${name}`) ?? []).filter((h) => sameNamespace(h.namespace, namespace)).sort(bySource);
  }
}

/** HorizontalPodAutoscalers: what they scale and their floor. */
export const HPAS = listKind<'hpas', HpaFact, HpaIndex>({
  name: 'hpas',
  yaml: {
    objectKinds: ['HorizontalPodAutoscaler'],
    fromObject(object, { source }) {
      if (object.kind !== 'HorizontalPodAutoscaler') return [];
      const { view } = object;
      const spec = view.getMap(object.node, 'spec');
      const target = view.getMap(spec, 'scaleTargetRef');
      const minNode = view.get(spec, 'minReplicas');
      return [
        {
          namespace: object.namespace,
          targetKind: view.getString(target, 'kind'),
          targetName: view.getString(target, 'name'),
          minReplicas: minNode === undefined ? (spec && view.mayHaveTemplatedKeys(spec) ? undefined : 1) : view.number(minNode),
          source,
        },
      ];
    },
    shift: shiftSource,
  },
  createIndex: () => new HpaIndex(),
});
