import { isScalar, type Pair } from 'yaml';
import { readLabelSelector } from '../model/facts/pdbs';
import type { WorkloadFact } from '../model/facts/workloads';
import type { K8sObject } from '../model/k8s-object';
import type { Fix, RelatedLocation, RuleFinding, TextEdit } from '../types';
import type { KubernetesContext, Rule } from './rule';
import { hpaLocations, parsePercent, replicaFloor, scaledIntOrPercent, type ReplicaFloor } from './support/replicas-count';

/** Flags PodDisruptionBudgets that allow no eviction at all, and offers `maxUnavailable: 1`. */
export const rule: Rule = {
  meta: {
    id: 'pdb-blocks-eviction',
    defaultSeverity: 'warning',
    title: 'PodDisruptionBudget never allows an eviction',
    summary: 'A PodDisruptionBudget with maxUnavailable 0, minAvailable 100%, or minAvailable at the replica count blocks every node drain.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes(context) {
    const { object } = context;
    if (object.kind !== 'PodDisruptionBudget') return [];
    const { view } = object;
    const spec = view.getMap(object.node, 'spec');
    // A field written with no value is absent (null is absent).
    const written = (key: string) => {
      const pair = view.pair(spec, key);
      return pair && !view.isNull(pair) ? pair : undefined;
    };
    const minPair = written('minAvailable');
    const maxPair = written('maxUnavailable');
    if (minPair && maxPair) return [];
    if (maxPair) return maxUnavailableFindings(object, maxPair);
    if (minPair) return minAvailableFindings(context, minPair);
    return [];
  },
};

function maxUnavailableFindings(object: K8sObject, pair: Pair<unknown, unknown>): RuleFinding[] {
  const value = object.view.intOrString(pair.value);
  if (value !== 0 && (typeof value !== 'string' || parsePercent(value) !== 0)) return [];
  return findings(
    object,
    pair,
    `${budget(object)} has maxUnavailable: ${String(value)}, so it never allows an eviction: node drains wait on its pods forever.`,
    [],
  );
}

function minAvailableFindings(context: KubernetesContext, pair: Pair<unknown, unknown>): RuleFinding[] {
  const { object, index } = context;
  const { view } = object;
  const value = view.intOrString(pair.value);
  if (value === undefined) return [];
  const percent = typeof value === 'string' ? parsePercent(value) : undefined;
  if (percent !== undefined && percent >= 100) {
    return findings(object, pair, `${budget(object)} has minAvailable: ${value}, so it never allows an eviction: node drains wait on its pods forever.`, []);
  }
  const selector = readLabelSelector(view, view.get(view.getMap(object.node, 'spec'), 'selector'));
  if (!selector || index.hasWorkloadWithUnknownLabels(object.namespace)) return [];
  // policy/v1beta1 read an empty selector as selecting nothing; policy/v1 as selecting every pod.
  if (object.apiVersion !== 'policy/v1' && Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0) return [];
  const matched = index.workloadsMatching(object.namespace, selector);
  const floors = matched.map((w) => replicaFloor(index, w));
  if (matched.length === 0 || !floors.every((f): f is ReplicaFloor => f !== undefined)) return [];
  // The disruption controller counts every pod the budget selects, across workloads.
  const pods = floors.reduce((sum, f) => sum + f.count, 0);
  const required = scaledIntOrPercent(value, pods, 'up');
  if (pods === 0 || required === undefined || required < pods) return [];
  const related = matched.flatMap((w, i) => {
    const floor = floors[i];
    return floor ? workloadLocations(w, floor) : [];
  });
  return findings(
    object,
    pair,
    `${budget(object)} has minAvailable: ${value} but selects only ${pods} ${pods === 1 ? 'pod' : 'pods'}, so it never allows an eviction: node drains wait on its pods forever.`,
    related,
  );
}

function workloadLocations(workload: WorkloadFact, floor: ReplicaFloor): RelatedLocation[] {
  const name = workload.name ?? '';
  if (floor.hpas.length === 0)
    return [{ ...workload.source, message: `${workload.kind} ${name} runs ${floor.count} ${floor.count === 1 ? 'pod' : 'replicas'}` }];
  return [{ ...workload.source, message: `${workload.kind} ${name} is scaled by a HorizontalPodAutoscaler` }, ...hpaLocations(floor)];
}

function budget(object: K8sObject): string {
  return object.name ? `PodDisruptionBudget ${object.name}` : 'This PodDisruptionBudget';
}

/** The finding on the offending field (none when the field has no range, which a parsed pair always has). */
function findings(object: K8sObject, pair: Pair<unknown, unknown>, message: string, related: RelatedLocation[]): RuleFinding[] {
  const range = object.view.pairRange(pair);
  return range ? [{ message, range, related, fixes: maxUnavailableOneFix(object, pair) }] : [];
}

/** `maxUnavailable: 1` in place of the offending field (a budget may not carry both fields). */
function maxUnavailableOneFix(object: K8sObject, pair: Pair<unknown, unknown>): Fix[] {
  const { view } = object;
  const keyRange = view.range(pair.key);
  const valueRange = view.range(pair.value);
  if (!keyRange || !valueRange || !isScalar(pair.value) || !isScalar(pair.key)) return [];
  // An integer, unquoted: the string "1" is not a valid int-or-percent.
  const edits: TextEdit[] = [{ range: valueRange, newText: '1' }];
  if (pair.key.value !== 'maxUnavailable') edits.push({ range: keyRange, newText: 'maxUnavailable' });
  return [{ title: 'Set maxUnavailable: 1', edits, preferred: true }];
}
