import type { YAMLMap } from 'yaml';
import { skippable, YamlView, type YamlDocument, type YamlFile } from '../parse/yaml-file';
import { objectsOf, type K8sObject } from './k8s-object';
import type { LabelSelector, SelectorRequirement } from './label-selector';
import { POD_SPEC_KINDS, podSpecOf } from './pod-spec';
import { basename, dirname, joinPath } from './workspace-fs';
import { factsKey, type FactSource, type FileFacts, type HpaFact, type ImageBuildFact, type KustomizeLabels, type PdbFact, type PdbSelector, type ReplicaCount, type ServiceFact, type ServiceTarget, type WorkloadFact } from './workspace-index';

/** Kinds that carry cross-file facts; documents of other kinds are not parsed for facts. */
export const FACT_KINDS: ReadonlySet<string> = new Set([...POD_SPEC_KINDS, 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Service', 'Kustomization', 'Component', 'Config']);

/** Kinds whose `spec.replicas` can make them need a PodDisruptionBudget. */
export const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout']);

type DocumentFacts = Omit<FileFacts, 'dockerfile'>;

/** Facts per parsed document, reused (shifted) while the document's text is unchanged. */
const documentCache = new WeakMap<object, { readonly path: string; readonly start: number; readonly facts: DocumentFacts; readonly key: string }>();

/**
 * Extracts the cross-file facts of one YAML file. Pure: depends only on the text
 * and the path. Each document's facts are cached, so an edit re-reads only the
 * document it touches.
 */
export function yamlFacts(path: string, file: YamlFile): { facts: FileFacts; key: string } {
  const keys: string[] = [];
  const all: { [K in keyof DocumentFacts]: Array<DocumentFacts[K][number]> } = { workloads: [], pdbs: [], hpas: [], services: [], imageBuilds: [], kustomizePatches: [], kustomizeLabels: [] };
  for (const document of file.documents) {
    if (skippable(document, FACT_KINDS) || document.errors.length > 0) continue;
    let cached = documentCache.get(document.chunk);
    if (!cached || cached.path !== path) {
      const facts = documentFacts(path, document);
      cached = { path, start: document.start, facts, key: factsKey(facts) };
      documentCache.set(document.chunk, cached);
    }
    if (cached.key !== EMPTY_DOCUMENT_KEY) keys.push(cached.key);
    const facts = cached.start === document.start ? cached.facts : shiftFacts(cached.facts, document.start - cached.start);
    for (const key of Object.keys(all) as Array<keyof DocumentFacts>) (all[key] as unknown[]).push(...facts[key]);
  }
  return { facts: { ...all, dockerfile: undefined }, key: keys.join('\n') };
}

const EMPTY_DOCUMENT_KEY = factsKey({ workloads: [], pdbs: [], hpas: [], services: [], imageBuilds: [], kustomizePatches: [], kustomizeLabels: [] });

function shiftFacts(facts: DocumentFacts, delta: number): DocumentFacts {
  const move = <T extends { readonly source: FactSource }>(fact: T): T => ({ ...fact, source: { ...fact.source, range: { start: fact.source.range.start + delta, end: fact.source.range.end + delta } } });
  return {
    workloads: facts.workloads.map(move),
    pdbs: facts.pdbs.map(move),
    hpas: facts.hpas.map(move),
    services: facts.services.map(move),
    imageBuilds: facts.imageBuilds.map(move),
    kustomizePatches: facts.kustomizePatches,
    kustomizeLabels: facts.kustomizeLabels,
  };
}

function documentFacts(path: string, document: YamlDocument): DocumentFacts {
  const workloads: WorkloadFact[] = [];
  const pdbs: PdbFact[] = [];
  const hpas: HpaFact[] = [];
  const services: ServiceFact[] = [];
  const imageBuilds: ImageBuildFact[] = [];
  const kustomizePatches: string[] = [];
  const kustomizeLabels: KustomizeLabels[] = [];
  const folder = dirname(path);
  const objects = objectsOf(document);
  if (objects.length === 0) {
    const view = new YamlView(document);
    // kustomize accepts a kustomization.yaml without apiVersion and kind.
    if (KUSTOMIZATION_FILE.test(basename(path))) {
      kustomizePatches.push(...kustomizationPatches(view, view.asMap(view.root), folder));
      kustomizeLabels.push(...kustomizationLabels(view, view.asMap(view.root), folder));
    }
    else imageBuilds.push(...composeBuilds(view, folder, path));
  }
  for (const object of objects) {
    const kindRange = object.view.range(object.kindPair.key);
    if (!kindRange) continue;
    const source: FactSource = { path, range: kindRange };
    const spec = object.view.getMap(object.node, 'spec');
    if (object.kind === 'Kustomization' || (object.kind === 'Component' && object.apiVersion.startsWith('kustomize'))) {
      kustomizePatches.push(...kustomizationPatches(object.view, object.node, folder));
      kustomizeLabels.push(...kustomizationLabels(object.view, object.node, folder));
    } else if (object.apiVersion.startsWith('skaffold/') && object.kind === 'Config') {
      imageBuilds.push(...skaffoldBuilds(object, folder, source));
    } else if (object.kind === 'PodDisruptionBudget') {
      pdbs.push({ name: object.name, namespace: object.namespace, selector: pdbSelector(object, spec), source });
    } else if (object.kind === 'HorizontalPodAutoscaler') {
      const target = object.view.getMap(spec, 'scaleTargetRef');
      const minNode = object.view.get(spec, 'minReplicas');
      hpas.push({
        namespace: object.namespace,
        targetKind: object.view.getString(target, 'kind'),
        targetName: object.view.getString(target, 'name'),
        minReplicas: minNode === undefined ? (spec && object.view.mayHaveTemplatedKeys(spec) ? undefined : 1) : object.view.number(minNode),
        source,
      });
    } else if (object.kind === 'Service' && object.apiVersion === 'v1') {
      services.push({ name: object.name, namespace: object.namespace, selector: serviceSelector(object, spec), targets: serviceTargets(object, spec), source });
    } else {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const replicasField = object.view.field(spec, 'replicas');
      const replicas: ReplicaCount = typeof replicasField === 'string' ? replicasField : object.view.number(replicasField.value) ?? 'unknown';
      workloads.push({ kind: object.kind, name: object.name, namespace: object.namespace, podLabels: pod.podLabels, replicas, source });
    }
  }
  return { workloads, pdbs, hpas, services, imageBuilds, kustomizePatches, kustomizeLabels };
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

function pdbSelector(object: K8sObject, spec: YAMLMap<unknown, unknown> | undefined): PdbSelector {
  const { view } = object;
  // `spec:` left empty by the mask: a template line writes it.
  if (!spec) return view.document.templated && view.pair(object.node, 'spec') ? 'unknown' : 'absent';
  const field = view.field(spec, 'selector');
  if (typeof field === 'string') return field;
  return readLabelSelector(view, field.value) ?? 'unknown';
}

function serviceSelector(object: K8sObject, spec: YAMLMap<unknown, unknown> | undefined): ServiceFact['selector'] {
  const { view } = object;
  if (view.getString(spec, 'type') === 'ExternalName') return 'none';
  const field = view.field(spec, 'selector');
  if (field === 'unknown') return 'unknown';
  // No selector selects nothing, unless kustomize writes its commonLabels into it: kept as an empty map.
  if (field === 'absent') return {};
  return view.stringMap(field.value) ?? 'unknown';
}

const KUSTOMIZATION_FILE = /^(?:kustomization\.ya?ml|Kustomization)$/;

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

function kustomizationPatches(view: YamlView, root: YAMLMap<unknown, unknown> | undefined, folder: string): string[] {
  const out: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
    const seq = view.getSeq(root, key);
    for (const item of seq?.items ?? []) {
      const file = view.string(item) ?? view.getString(view.asMap(item), 'path');
      // Inline patches are YAML text, not file names.
      if (file && !file.includes('\n') && !file.includes(':')) out.push(joinPath(folder, file));
    }
  }
  return out;
}

/**
 * The labels a kustomization writes into its resources' selectors and pod templates: `commonLabels`,
 * and `labels` entries with `includeSelectors: true`. Resources are files or folders (bases).
 */
function kustomizationLabels(view: YamlView, root: YAMLMap<unknown, unknown> | undefined, folder: string): KustomizeLabels[] {
  const labels: Record<string, string> = { ...view.stringMap(view.get(root, 'commonLabels')) };
  for (const item of view.getSeq(root, 'labels')?.items ?? []) {
    const entry = view.asMap(item);
    const includeSelectors = view.get(entry, 'includeSelectors') as { readonly value?: unknown } | undefined;
    if (includeSelectors?.value === true) Object.assign(labels, view.stringMap(view.get(entry, 'pairs')));
  }
  const resources = (view.strings(view.get(root, 'resources')) ?? []).filter((r) => !/^[a-z]+:\/\//.test(r) && !r.includes('?')).map((r) => joinPath(folder, r).replace(/\/$/, ''));
  return Object.keys(labels).length > 0 && resources.length > 0 ? [{ resources, labels }] : [];
}

function skaffoldBuilds(object: K8sObject, folder: string, source: FactSource): ImageBuildFact[] {
  const { view } = object;
  const out: ImageBuildFact[] = [];
  const artifacts = view.getSeq(view.getMap(object.node, 'build'), 'artifacts');
  for (const item of artifacts?.items ?? []) {
    const artifact = view.asMap(item);
    const imageNode = view.get(artifact, 'image');
    const image = view.string(imageNode);
    const range = view.range(imageNode);
    if (!image || !range) continue;
    const context = view.getString(artifact, 'context') ?? '.';
    const dockerfile = view.getString(view.getMap(artifact, 'docker'), 'dockerfile') ?? 'Dockerfile';
    out.push({ image, dockerfile: joinPath(joinPath(folder, context), dockerfile), context: joinPath(folder, context), source: { path: source.path, range } });
  }
  return out;
}

/** Compose files: `services.X.build` (context or {context, dockerfile}) with `services.X.image`. */
function composeBuilds(view: YamlView, folder: string, path: string): ImageBuildFact[] {
  const root = view.asMap(view.root);
  const services = view.getMap(root, 'services');
  if (!services) return [];
  const out: ImageBuildFact[] = [];
  for (const item of services.items) {
    const service = view.asMap(item.value);
    const imageNode = view.get(service, 'image');
    const image = view.string(imageNode);
    const range = view.range(imageNode);
    const build = view.get(service, 'build');
    if (!image || !range || build === undefined) continue;
    const buildMap = view.asMap(build);
    const context = buildMap ? view.getString(buildMap, 'context') ?? '.' : view.string(build);
    if (context === undefined || /^[a-z]+:\/\//.test(context)) continue;
    const dockerfile = (buildMap && view.getString(buildMap, 'dockerfile')) ?? 'Dockerfile';
    out.push({ image, dockerfile: joinPath(joinPath(folder, context), dockerfile), context: joinPath(folder, context), source: { path, range } });
  }
  return out;
}
