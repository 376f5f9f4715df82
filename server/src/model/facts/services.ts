import type { YAMLMap } from 'yaml';
import { sameNamespace, type K8sObject } from '../k8s-object';
import { mapSelectorMatches } from '../label-selector';
import { ByNamespace, bySource, listKind, SelectorIndex, shiftSource, type FactIndex, type FactSource, type Kustomizations } from './fact-kind';

/** `unknown`: templated selector, could select anything; `none`: selects no pods (ExternalName); an empty map selects none either. */
export type ServiceSelector = Readonly<Record<string, string>> | 'none' | 'unknown';

/** A Service port's target in the pod: a port number, a port name, or null when unknown. */
export type ServiceTarget = number | string | null;

export interface ServiceFact {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly selector: ServiceSelector;
  /**
   * Where each of its ports sends traffic in the pod (`targetPort`, else `port`): a container port
   * number, a container port name, or null when templated or malformed.
   */
  readonly targets: readonly ServiceTarget[];
  readonly source: FactSource;
}

/** Services filed under their selector's first label pair (as kustomize writes it), and by namespace. */
export class ServiceIndex implements FactIndex<ServiceFact> {
  private readonly selectors = new SelectorIndex<ServiceFact>();
  private readonly byNamespace = new ByNamespace<ServiceFact>();
  /** The same object for the same fact, so that removing a fact finds what adding it stored. */
  private readonly labelled = new WeakMap<ServiceFact, ServiceFact>();

  constructor(private readonly kustomizations: Kustomizations) {}

  add(path: string, fact: ServiceFact): void {
    const s = this.withKustomizeLabels(path, fact);
    this.selectors.add(s, typeof s.selector === 'object' ? s.selector : undefined);
    this.byNamespace.add(s);
  }

  remove(path: string, fact: ServiceFact): void {
    const s = this.withKustomizeLabels(path, fact);
    this.selectors.remove(s, typeof s.selector === 'object' ? s.selector : undefined);
    this.byNamespace.remove(s);
  }

  /** kustomize writes its commonLabels into a Service's selector, creating one when absent. */
  private withKustomizeLabels(path: string, fact: ServiceFact): ServiceFact {
    if (typeof fact.selector !== 'object') return fact;
    const added = this.kustomizations.labelsAddedTo(path);
    if (Object.keys(added).length === 0) return fact;
    let labelled = this.labelled.get(fact);
    if (!labelled) this.labelled.set(fact, (labelled = { ...fact, selector: { ...fact.selector, ...added } }));
    return labelled;
  }

  /** Services in a compatible namespace whose selector selects these pod labels (or might: templated). */
  selecting(namespace: string | undefined, podLabels: Readonly<Record<string, string>> | undefined): { sure: ServiceFact[]; maybe: ServiceFact[] } {
    const sure: ServiceFact[] = [];
    const maybe: ServiceFact[] = [];
    for (const service of this.selectors.candidates(podLabels)) {
      const { selector } = service;
      if (selector === 'none' || (selector !== 'unknown' && Object.keys(selector).length === 0) || !sameNamespace(service.namespace, namespace)) continue;
      if (selector === 'unknown' || podLabels === undefined) maybe.push(service);
      else if (mapSelectorMatches(selector, podLabels)) sure.push(service);
    }
    return { sure: sure.sort(bySource), maybe: maybe.sort(bySource) };
  }

  /** Whether any Service could live in this namespace, whatever it selects. */
  hasAnyIn(namespace: string | undefined): boolean {
    return this.byNamespace.has(namespace);
  }
}

/** v1 Services: what they select and where their ports send traffic. */
export const SERVICES = listKind<'services', ServiceFact, ServiceIndex>({
  name: 'services',
  yaml: {
    objectKinds: ['Service'],
    fromObject(object, { source }) {
      if (object.kind !== 'Service' || object.apiVersion !== 'v1') return [];
      const spec = object.view.getMap(object.node, 'spec');
      return [{ name: object.name, namespace: object.namespace, selector: serviceSelector(object, spec), targets: serviceTargets(object, spec), source }];
    },
    shift: shiftSource,
  },
  createIndex: (kustomizations) => new ServiceIndex(kustomizations),
});

function serviceSelector(object: K8sObject, spec: YAMLMap<unknown, unknown> | undefined): ServiceSelector {
  const { view } = object;
  if (view.getString(spec, 'type') === 'ExternalName') return 'none';
  const field = view.field(spec, 'selector');
  if (field === 'unknown') return 'unknown';
  // No selector selects nothing, unless kustomize writes its commonLabels into it: kept as an empty map.
  if (field === 'absent') return {};
  return view.stringMap(field.value) ?? 'unknown';
}

/** Each port's target (`targetPort`, which defaults to `port`); ports a template writes give one unknown target. */
function serviceTargets(object: K8sObject, spec: YAMLMap<unknown, unknown> | undefined): ServiceTarget[] {
  const { view } = object;
  const field = view.field(spec, 'ports');
  if (field === 'absent') return [];
  const seq = field === 'unknown' ? undefined : view.asSeq(field.value);
  if (!seq) return [null];
  return seq.items.map((item) => {
    const port = view.asMap(item);
    if (!port || view.mayHaveTemplatedKeys(port)) return null;
    const target = view.field(port, 'targetPort');
    if (target === 'unknown') return null;
    return (target === 'absent' ? view.getNumber(port, 'port') : view.intOrString(target.value)) ?? null;
  });
}
