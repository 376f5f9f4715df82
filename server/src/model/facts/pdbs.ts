import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';
import { sameNamespace, type K8sObject } from '../k8s-object';
import { selectorMatches, type LabelSelector, type SelectorRequirement } from '../label-selector';
import { bySource, listKind, SelectorIndex, shiftSource, type FactIndex, type FactSource } from './fact-kind';

/** `absent`: selects nothing; `unknown`: templated, could select anything. */
export type PdbSelector = LabelSelector | 'absent' | 'unknown';

export interface PdbFact {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly selector: PdbSelector;
  readonly source: FactSource;
}

/** PDBs filed under their selector's first label pair. */
export class PdbIndex implements FactIndex<PdbFact> {
  private readonly selectors = new SelectorIndex<PdbFact>();

  add(_path: string, fact: PdbFact): void {
    this.selectors.add(fact, typeof fact.selector === 'object' ? fact.selector.matchLabels : undefined);
  }

  remove(_path: string, fact: PdbFact): void {
    this.selectors.remove(fact, typeof fact.selector === 'object' ? fact.selector.matchLabels : undefined);
  }

  /** PDBs that cover pods with these labels; `maybe` holds templated ones that could. */
  matching(namespace: string | undefined, podLabels: Readonly<Record<string, string>>): { sure: PdbFact[]; maybe: PdbFact[] } {
    const sure: PdbFact[] = [];
    const maybe: PdbFact[] = [];
    for (const pdb of this.selectors.candidates(podLabels)) {
      if (pdb.selector === 'absent' || !sameNamespace(pdb.namespace, namespace)) continue;
      if (pdb.selector === 'unknown') maybe.push(pdb);
      else if (selectorMatches(pdb.selector, podLabels)) sure.push(pdb);
    }
    return { sure: sure.sort(bySource), maybe: maybe.sort(bySource) };
  }
}

/** PodDisruptionBudgets and what they select. */
export const PDBS = listKind<'pdbs', PdbFact, PdbIndex>({
  name: 'pdbs',
  yaml: {
    objectKinds: ['PodDisruptionBudget'],
    fromObject(object, { source }) {
      if (object.kind !== 'PodDisruptionBudget') return [];
      return [{ name: object.name, namespace: object.namespace, selector: pdbSelector(object, object.view.getMap(object.node, 'spec')), source }];
    },
    shift: shiftSource,
  },
  createIndex: () => new PdbIndex(),
});

function pdbSelector(object: K8sObject, spec: YAMLMap<unknown, unknown> | undefined): PdbSelector {
  const { view } = object;
  // `spec:` left empty by the mask: a template line writes it.
  if (!spec) return view.document.templated && view.pair(object.node, 'spec') ? 'unknown' : 'absent';
  const field = view.field(spec, 'selector');
  if (typeof field === 'string') return field;
  return readLabelSelector(view, field.value) ?? 'unknown';
}

/** A label selector as written; undefined when any part is not literal. */
export function readLabelSelector(view: YamlView, node: unknown): LabelSelector | undefined {
  const map = view.asMap(node);
  if (!map) return undefined;
  const labelsNode = view.get(map, 'matchLabels');
  const matchLabels = labelsNode === undefined ? {} : view.stringMap(labelsNode);
  if (!matchLabels) return undefined;
  const expressionsNode = view.get(map, 'matchExpressions');
  const matchExpressions: SelectorRequirement[] = [];
  if (expressionsNode !== undefined) {
    const seq = view.asSeq(expressionsNode);
    if (!seq) return undefined;
    for (const item of seq.items) {
      const expr = view.asMap(item);
      const key = view.getString(expr, 'key');
      const operator = view.getString(expr, 'operator');
      const valuesNode = view.get(expr, 'values');
      const values = valuesNode === undefined ? [] : view.strings(valuesNode);
      if (!key || !values || (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist')) return undefined;
      matchExpressions.push({ key, operator, values });
    }
  }
  return { matchLabels, matchExpressions };
}
