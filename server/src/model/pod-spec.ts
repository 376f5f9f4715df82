import type { Pair, YAMLMap } from 'yaml';
import type { K8sObject } from './k8s-object';

export type ContainerRole = 'regular' | 'init' | 'sidecar';

export interface ContainerRef {
  readonly pod: PodSpecRef;
  readonly node: YAMLMap<unknown, unknown>;
  readonly role: ContainerRole;
  readonly name: string | undefined;
  /** The `name` pair: the usual anchor for container findings. */
  readonly namePair: Pair<unknown, unknown> | undefined;
  readonly image: string | undefined;
}

export interface PodSpecRef {
  readonly object: K8sObject;
  readonly spec: YAMLMap<unknown, unknown>;
  /** Where the pod spec sits (`spec.template.spec`), for messages and misplaced-field checks. */
  readonly path: readonly string[];
  /** Whether pods run until told to stop (not Jobs, CronJobs or run-once Pods). */
  readonly longRunning: boolean;
  /** Labels of the pods (template labels; a Pod's own labels). Undefined when unknown. */
  readonly podLabels: Readonly<Record<string, string>> | undefined;
  readonly containers: readonly ContainerRef[];
  readonly initContainers: readonly ContainerRef[];
}

/** Every kind with a pod spec (RULES.md's vocabulary). */
export const POD_SPEC_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PodTemplate',
  'Rollout',
  'DeploymentConfig',
]);

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'DeploymentConfig']);

/** The path from the object root to its pod template (the map holding `metadata` and `spec`). */
export function podTemplatePath(object: Pick<K8sObject, 'kind' | 'apiVersion'>): readonly string[] | undefined {
  const { kind, apiVersion } = object;
  if (kind === 'Pod') return [];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  if (kind === 'PodTemplate') return ['template'];
  if (kind === 'Rollout' && apiVersion.startsWith('argoproj.io/')) return ['spec', 'template'];
  if (kind === 'DeploymentConfig' && !apiVersion.startsWith('apps.openshift.io/') && apiVersion !== 'v1') return undefined;
  if (TEMPLATE_KINDS.has(kind)) return ['spec', 'template'];
  return undefined;
}

function isLongRunning(object: K8sObject, spec: YAMLMap<unknown, unknown>): boolean {
  if (object.kind === 'Job' || object.kind === 'CronJob') return false;
  if (object.kind === 'Pod') {
    const policy = object.view.getString(spec, 'restartPolicy');
    return policy !== 'Never' && policy !== 'OnFailure';
  }
  return true;
}

/** The pod spec of a workload, or undefined for other kinds and for shapes we cannot read. */
export function podSpecOf(object: K8sObject): PodSpecRef | undefined {
  const templatePath = podTemplatePath(object);
  if (!templatePath) return undefined;
  const { view } = object;
  if (object.kind === 'Rollout' && view.get(view.getMap(object.node, 'spec'), 'workloadRef')) return undefined;
  let template: YAMLMap<unknown, unknown> | undefined = object.node;
  for (const key of templatePath) template = view.getMap(template, key);
  const spec = view.getMap(template, 'spec');
  if (!template || !spec) return undefined;
  const podLabels = labelsOf(object, template);
  const pod: { -readonly [K in keyof PodSpecRef]: PodSpecRef[K] } = {
    object,
    spec,
    path: [...templatePath, 'spec'],
    longRunning: isLongRunning(object, spec),
    podLabels,
    containers: [],
    initContainers: [],
  };
  pod.containers = containerList(pod, 'containers');
  pod.initContainers = containerList(pod, 'initContainers');
  return pod;
}

/** A pod template's labels: none written is an empty set; undefined when a template may write them. */
function labelsOf(object: K8sObject, template: YAMLMap<unknown, unknown>): Readonly<Record<string, string>> | undefined {
  const { view } = object;
  const metadata = view.field(template, 'metadata');
  if (metadata === 'unknown') return undefined;
  if (metadata === 'absent') return {};
  const labels = view.field(view.asMap(metadata.value), 'labels');
  if (labels === 'unknown') return undefined;
  if (labels === 'absent') return view.asMap(metadata.value) || metadata.value === null || view.deref(metadata.value) === undefined ? {} : undefined;
  return view.stringMap(labels.value);
}

function containerList(pod: PodSpecRef, key: 'containers' | 'initContainers'): ContainerRef[] {
  const { view } = pod.object;
  const seq = view.getSeq(pod.spec, key);
  if (!seq) return [];
  const out: ContainerRef[] = [];
  for (const item of seq.items) {
    const node = view.asMap(item);
    if (!node) continue;
    // A native sidecar is an init container with restartPolicy Always: it runs beside the app.
    const role: ContainerRole = key === 'containers' ? 'regular' : view.getString(node, 'restartPolicy') === 'Always' ? 'sidecar' : 'init';
    const namePair = view.pair(node, 'name');
    out.push({ pod, node, role, name: namePair && view.string(namePair.value), namePair, image: view.getString(node, 'image') });
  }
  return out;
}
