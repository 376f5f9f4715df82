import type { YAMLMap } from 'yaml';
import type { YamlValue } from '../fix/yaml-edit';
import type { HpaFact } from '../model/facts/hpas';
import { readLabelSelector } from '../model/facts/pdbs';
import { REPLICATED_KINDS } from '../model/facts/workloads';
import { selectorMatches, type LabelSelector } from '../model/label-selector';
import type { PodSpecRef } from '../model/pod-spec';
import type { Fix, RuleFinding } from '../types';
import type { KubernetesContext, Rule } from './rule';
import { specReplicas } from './support/replicas-count';

/** Why the workload runs several pods: its own replica count, or an HPA's floor. */
type Reason = { readonly replicas: number } | { readonly hpa: HpaFact & { readonly minReplicas: number } };

/**
 * Flags replicated workloads that no PodDisruptionBudget protects from being
 * evicted all at once, and offers to append one.
 */
export const rule: Rule = {
  meta: {
    id: 'missing-pdb',
    defaultSeverity: 'warning',
    title: 'Replicated workload has no PodDisruptionBudget',
    summary: 'A workload with 2 or more replicas has no PodDisruptionBudget, so a node drain can evict all its pods at once.',
    fixable: true,
    needsCompleteObject: true,
  },
  checkKubernetes(context) {
    const { object, pod, index } = context;
    if (!REPLICATED_KINDS.has(object.kind) || !pod?.podLabels || labelsMayBeEmitted(pod)) return [];
    const reason = severalReplicas(context);
    if (!reason) return [];
    const { sure, maybe } = index.pdbsMatching(object.namespace, pod.podLabels);
    if (sure.length > 0 || maybe.length > 0) return [];
    const range = object.view.pairRange(object.kindPair);
    if (!range) return [];
    const name = object.name ?? object.kind;
    const count =
      'replicas' in reason ? `${reason.replicas} replicas` : `at least ${reason.hpa.minReplicas} replicas (its HorizontalPodAutoscaler's minReplicas)`;
    const finding: RuleFinding = {
      message: `${object.kind} ${name} runs ${count} but no PodDisruptionBudget selects its pods: a node drain can evict them all at once.`,
      range,
      related:
        'hpa' in reason ? [{ ...reason.hpa.source, message: `HorizontalPodAutoscaler keeps ${name} at minReplicas ${reason.hpa.minReplicas} or more` }] : [],
      fixes: appendPdbFix(context, pod),
    };
    return [finding];
  },
};

function severalReplicas(context: KubernetesContext): Reason | undefined {
  const { object, index } = context;
  const replicas = specReplicas(object);
  if (typeof replicas === 'number' && replicas >= 2) return { replicas };
  // replicas: 0 switches the HPA off.
  if (replicas === 0) return undefined;
  const hpa = index
    .hpasFor(object.kind, object.name, object.namespace)
    .find((h): h is HpaFact & { readonly minReplicas: number } => h.minReplicas !== undefined && h.minReplicas >= 2);
  return hpa ? { hpa } : undefined;
}

/** A label that a template line may add could be the one some PodDisruptionBudget selects. */
function labelsMayBeEmitted(pod: PodSpecRef): boolean {
  const { view, node } = pod.object;
  let template: YAMLMap<unknown, unknown> | undefined = node;
  for (const key of pod.path.slice(0, -1)) template = view.getMap(template, key);
  const labels = view.getMap(view.getMap(template, 'metadata'), 'labels');
  return labels !== undefined && view.mayHaveTemplatedKeys(labels);
}

function appendPdbFix(context: KubernetesContext, pod: PodSpecRef): Fix[] {
  const { object, editor } = context;
  const { view } = object;
  const metadata = view.getMap(object.node, 'metadata');
  const namespaceWritten = view.get(metadata, 'namespace') !== undefined;
  const selector = pdbSelector(context, pod);
  if (!object.name || (namespaceWritten && !object.namespace) || !selector) return [];
  const pdb: YamlValue = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: object.namespace ? { name: `${object.name}-pdb`, namespace: object.namespace } : { name: `${object.name}-pdb` },
    spec: { maxUnavailable: 1, selector },
  };
  return [{ title: `Add a PodDisruptionBudget for ${object.name} (maxUnavailable: 1)`, edits: [editor.appendDocument(pdb)], preferred: true }];
}

/**
 * The workload's own selector when it is literal and really selects its pods,
 * else the pod template's labels; undefined when neither gives a non-empty selector
 * (an empty one would cover every pod of the namespace).
 */
function pdbSelector(context: KubernetesContext, pod: PodSpecRef): YamlValue | undefined {
  const { view, node } = context.object;
  const labels = pod.podLabels;
  if (!labels) return undefined;
  const own = readLabelSelector(view, view.get(view.getMap(node, 'spec'), 'selector'));
  if (own && !isEmpty(own) && selectorMatches(own, labels)) return selectorValue(own);
  return Object.keys(labels).length > 0 ? { matchLabels: labels } : undefined;
}

function isEmpty(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

function selectorValue(selector: LabelSelector): YamlValue {
  const out: Record<string, YamlValue> = {};
  if (Object.keys(selector.matchLabels).length > 0) out.matchLabels = selector.matchLabels;
  if (selector.matchExpressions.length > 0) {
    out.matchExpressions = selector.matchExpressions.map(({ key, operator, values }): YamlValue =>
      values.length > 0 ? { key, operator, values } : { key, operator },
    );
  }
  return out;
}
