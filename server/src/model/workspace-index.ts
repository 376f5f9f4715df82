import type { RuleId } from '../../../shared/src/rule-ids';
import type { OffsetRange } from '../types';
import type { BaseShells } from './image-shell';
import { sameNamespace } from './k8s-object';
import { mapSelectorMatches, selectorMatches, type LabelSelector } from './label-selector';
import { basename, dirname } from './workspace-fs';

/** Where a fact came from, for related information in findings. */
export interface FactSource {
  readonly path: string;
  readonly range: OffsetRange;
}

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

/** `absent`: selects nothing; `unknown`: templated, could select anything. */
export type PdbSelector = LabelSelector | 'absent' | 'unknown';

export interface PdbFact {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly selector: PdbSelector;
  readonly source: FactSource;
}

export interface HpaFact {
  readonly namespace: string | undefined;
  readonly targetKind: string | undefined;
  readonly targetName: string | undefined;
  /** Undefined when templated; Kubernetes' default is 1. */
  readonly minReplicas: number | undefined;
  readonly source: FactSource;
}

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

/** An image that a build definition (skaffold artifact, compose service) builds from a Dockerfile. */
export interface ImageBuildFact {
  readonly image: string;
  readonly dockerfile: string;
  /** The build context (compose `build.context`, skaffold `context`): where `COPY` sources are read from. */
  readonly context: string;
  readonly source: FactSource;
}

/** What a Dockerfile's final stage runs as PID 1, as far as the rules need it across files. */
export interface DockerfileFact {
  readonly path: string;
  /** The final stage's base image (`scratch`, `gcr.io/distroless/static`, ...), undefined when unknown. */
  readonly finalBase: string | undefined;
  /** The final stage has no shell: `FROM scratch`, or a distroless/static base without a debug tag. */
  readonly minimal: boolean;
  /** The shells of the final stage's base (what `sh` is in containers of this image). */
  readonly shells: BaseShells;
  /** The Dockerfile rule that flags the final stage, with the flagged instruction. */
  readonly signalProblem: { readonly ruleId: RuleId; readonly range: OffsetRange; readonly line: string } | undefined;
}

/** `commonLabels` (or `labels` with `includeSelectors`) of a kustomization, and the files or folders it lists. */
export interface KustomizeLabels {
  readonly resources: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface FileFacts {
  readonly workloads: readonly WorkloadFact[];
  readonly pdbs: readonly PdbFact[];
  readonly hpas: readonly HpaFact[];
  readonly services: readonly ServiceFact[];
  readonly imageBuilds: readonly ImageBuildFact[];
  /** Files a kustomization lists as patches: fragments, not complete objects. */
  readonly kustomizePatches: readonly string[];
  /** Labels a kustomization adds to the selectors and pod templates of its resources (`commonLabels`). */
  readonly kustomizeLabels: readonly KustomizeLabels[];
  readonly dockerfile: DockerfileFact | undefined;
}

export const EMPTY_FACTS: FileFacts = {
  workloads: [],
  pdbs: [],
  hpas: [],
  services: [],
  imageBuilds: [],
  kustomizePatches: [],
  kustomizeLabels: [],
  dockerfile: undefined,
};

let indexes = 0;

/**
 * The cross-file facts of a workspace, one entry per file, replaced file by
 * file. `generation` changes only when some file's facts really change, so
 * per-document results that depend on the index can be cached against it.
 */
export class WorkspaceIndex {
  /** Tells indexes apart (a what-if copy from its original): caches keyed by `generation` name it too. */
  readonly id = ++indexes;
  private readonly files = new Map<string, { facts: FileFacts; key: string }>();
  private lookupCache: FactLookup | undefined;
  private generationCounter = 0;
  private revisionCounter = 0;

  /** Changes when a fact changes in substance: cached verdicts depend on it. */
  get generation(): number {
    return this.generationCounter;
  }

  /** Changes with every stored update, moved source ranges included: cached related locations depend on it. */
  get revision(): number {
    return this.revisionCounter;
  }

  /**
   * Replaces a file's facts; returns whether anything changed. `key` must be equal exactly
   * when the facts are equal but for their source ranges (`factsKey`, or a caller's cheaper
   * equivalent built from cached parts).
   */
  update(path: string, facts: FileFacts, key: string = factsKey(facts)): boolean {
    const current = this.files.get(path);
    if (current?.key === key) {
      if (facts !== EMPTY_FACTS && current.facts !== facts) {
        this.replace(path, current.facts, facts, key);
        this.revisionCounter++;
      }
      return false;
    }
    const empty = isEmptyFacts(facts);
    if (empty && !current) return false;
    this.replace(path, current?.facts, empty ? undefined : facts, key);
    this.generationCounter++;
    this.revisionCounter++;
    return true;
  }

  /**
   * Swaps a file's facts, patching the lookup in place: an edit costs the size of the
   * file's facts, not the workspace's. A change in what kustomizations list as patches
   * or label changes which files count and how, so the lookup is then rebuilt.
   */
  private replace(path: string, old: FileFacts | undefined, facts: FileFacts | undefined, key: string): void {
    if (facts) this.files.set(path, { facts, key });
    else this.files.delete(path);
    const lookup = this.lookupCache;
    if (!lookup) return;
    const kustomizes = (f: FileFacts | undefined) => (f?.kustomizePatches.length ?? 0) + (f?.kustomizeLabels.length ?? 0) > 0;
    if (kustomizes(old) || kustomizes(facts)) {
      this.lookupCache = undefined;
      return;
    }
    if (old) lookup.remove(path, old);
    if (facts) lookup.add(path, facts);
  }

  remove(path: string): boolean {
    return this.update(path, EMPTY_FACTS);
  }

  /**
   * The index as it would be with `path`'s facts replaced, for a what-if analysis: this
   * index itself when they are the same in substance, else a copy (this one is left alone).
   */
  withFile(path: string, facts: FileFacts, key: string = factsKey(facts)): WorkspaceIndex {
    const current = this.files.get(path);
    if (current ? current.key === key : isEmptyFacts(facts)) return this;
    const copy = new WorkspaceIndex();
    for (const [p, entry] of this.files) copy.files.set(p, entry);
    copy.update(path, facts, key);
    return copy;
  }

  /** The facts grouped for the queries below: built on first use, then patched file by file. */
  private get lookup(): FactLookup {
    if (!this.lookupCache) {
      const lookup = new FactLookup(this.files);
      for (const [path, { facts }] of this.files) lookup.add(path, facts);
      this.lookupCache = lookup;
    }
    return this.lookupCache;
  }

  /** Labels that kustomizations add to the selectors and pod labels of objects in this file. */
  kustomizeLabelsOf(path: string): Readonly<Record<string, string>> {
    return this.lookup.labelsAddedTo(path);
  }

  /** Whether a kustomization in the workspace uses this file as a patch. */
  isFragment(path: string): boolean {
    return this.lookup.fragments.has(path);
  }

  /** Services in a compatible namespace whose selector selects these pod labels (or might: templated). */
  servicesSelecting(namespace: string | undefined, podLabels: Readonly<Record<string, string>> | undefined): { sure: ServiceFact[]; maybe: ServiceFact[] } {
    const sure: ServiceFact[] = [];
    const maybe: ServiceFact[] = [];
    for (const service of this.lookup.services.candidates(podLabels)) {
      const { selector } = service;
      if (selector === 'none' || (selector !== 'unknown' && Object.keys(selector).length === 0) || !sameNamespace(service.namespace, namespace)) continue;
      if (selector === 'unknown' || podLabels === undefined) maybe.push(service);
      else if (mapSelectorMatches(selector, podLabels)) sure.push(service);
    }
    return { sure: sure.sort(bySource), maybe: maybe.sort(bySource) };
  }

  /**
   * Whether any Service could live in this namespace, whatever it selects: when none does, the
   * workspace holds manifests without their Services and a declared port is all we know.
   */
  hasServiceIn(namespace: string | undefined): boolean {
    return this.lookup.servicesByNamespace.has(namespace);
  }

  /** PDBs that cover pods with these labels; `maybe` holds templated ones that could. */
  pdbsMatching(namespace: string | undefined, podLabels: Readonly<Record<string, string>>): { sure: PdbFact[]; maybe: PdbFact[] } {
    const sure: PdbFact[] = [];
    const maybe: PdbFact[] = [];
    for (const pdb of this.lookup.pdbs.candidates(podLabels)) {
      if (pdb.selector === 'absent' || !sameNamespace(pdb.namespace, namespace)) continue;
      if (pdb.selector === 'unknown') maybe.push(pdb);
      else if (selectorMatches(pdb.selector, podLabels)) sure.push(pdb);
    }
    return { sure: sure.sort(bySource), maybe: maybe.sort(bySource) };
  }

  /** Workloads whose pods a PDB selector covers. */
  workloadsMatching(namespace: string | undefined, selector: LabelSelector): WorkloadFact[] {
    const [key, value] = Object.entries(selector.matchLabels)[0] ?? [];
    const candidates = key === undefined ? this.lookup.workloads.in(namespace) : this.lookup.workloadsByLabel.get(`${key}=${value}`) ?? [];
    return candidates.filter((w) => w.podLabels !== undefined && sameNamespace(w.namespace, namespace) && selectorMatches(selector, w.podLabels)).sort(bySource);
  }

  /** Whether some workload's pods might match (their labels are templated). */
  hasWorkloadWithUnknownLabels(namespace: string | undefined): boolean {
    return this.lookup.workloads.in(namespace).some((w) => !w.podLabels);
  }

  /** HPAs that scale the named workload. */
  hpasFor(kind: string, name: string | undefined, namespace: string | undefined): HpaFact[] {
    if (name === undefined) return [];
    return (this.lookup.hpasByTarget.get(`${kind}\0${name}`) ?? []).filter((h) => sameNamespace(h.namespace, namespace)).sort(bySource);
  }

  dockerfile(path: string): DockerfileFact | undefined {
    return this.files.get(path)?.facts.dockerfile;
  }

  /** The build contexts that build definitions give this Dockerfile, in workspace order; empty when none names it. */
  buildContextsFor(dockerfile: string): string[] {
    return [...new Set((this.lookup.buildsByDockerfile.get(dockerfile) ?? []).slice().sort(bySource).map((b) => b.context))];
  }

  /**
   * The workspace Dockerfile that builds `image`: through a build definition
   * (skaffold, compose), else the one Dockerfile whose folder is named like the
   * image's last path segment. Undefined when unknown or ambiguous.
   */
  dockerfileForImage(image: string): { fact: DockerfileFact; via: FactSource | undefined } | undefined {
    const repo = imageRepository(image);
    const builds = [...(this.lookup.buildsByRepository.get(repo) ?? [])].sort(bySource);
    const built = new Set(builds.map((b) => b.dockerfile));
    if (built.size > 1) return undefined;
    if (built.size === 1) {
      const [path] = built;
      const fact = path === undefined ? undefined : this.dockerfile(path);
      const last = builds[builds.length - 1];
      return fact && last ? { fact, via: last.source } : undefined;
    }
    const [only, ...others] = this.lookup.dockerfilesByFolder.get(repo.slice(repo.lastIndexOf('/') + 1)) ?? [];
    return only && others.length === 0 ? { fact: only, via: undefined } : undefined;
  }
}

/** Workspace order: by file, then by position in the file, whatever order the facts were added in. */
function bySource(a: { readonly source: FactSource }, b: { readonly source: FactSource }): number {
  return a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : a.source.range.start - b.source.range.start;
}

/** A map of sets: adding and removing one value costs the same whatever the bucket's size. */
class Buckets<K, V> {
  private readonly map = new Map<K, Set<V>>();

  get(key: K): readonly V[] | undefined {
    const set = this.map.get(key);
    return set && [...set];
  }

  add(key: K, value: V): void {
    const set = this.map.get(key);
    if (set) set.add(value);
    else this.map.set(key, new Set([value]));
  }

  remove(key: K, value: V): void {
    const set = this.map.get(key);
    if (!set) return;
    set.delete(value);
    if (set.size === 0) this.map.delete(key);
  }
}

/**
 * Selectors (of PDBs, Services) filed under their first `matchLabels` pair: only
 * pods carrying that label can match, so a query looks at a few candidates
 * instead of every selector in the workspace.
 */
class SelectorIndex<T> {
  private readonly byPair = new Buckets<string, T>();
  /** Selectors without a label pair (empty, expressions only, absent, templated): always candidates. */
  private readonly unkeyed = new Set<T>();
  private readonly all = new Set<T>();

  private static pairOf(matchLabels: Readonly<Record<string, string>> | undefined): string | undefined {
    const [key, value] = Object.entries(matchLabels ?? {})[0] ?? [];
    return key === undefined ? undefined : `${key}=${value}`;
  }

  add(fact: T, matchLabels: Readonly<Record<string, string>> | undefined): void {
    this.all.add(fact);
    const pair = SelectorIndex.pairOf(matchLabels);
    if (pair === undefined) this.unkeyed.add(fact);
    else this.byPair.add(pair, fact);
  }

  remove(fact: T, matchLabels: Readonly<Record<string, string>> | undefined): void {
    this.all.delete(fact);
    const pair = SelectorIndex.pairOf(matchLabels);
    if (pair === undefined) this.unkeyed.delete(fact);
    else this.byPair.remove(pair, fact);
  }

  candidates(labels: Readonly<Record<string, string>> | undefined): T[] {
    if (labels === undefined) return [...this.all];
    const out = [...this.unkeyed];
    for (const [key, value] of Object.entries(labels)) out.push(...(this.byPair.get(`${key}=${value}`) ?? []));
    return out;
  }
}

/** Facts of one kind, by namespace; facts without a namespace are compatible with every namespace. */
class ByNamespace<T extends { readonly namespace: string | undefined }> {
  private readonly all = new Set<T>();
  private readonly anyNamespace = new Set<T>();
  private readonly byNamespace = new Map<string, Set<T>>();

  add(fact: T): void {
    this.all.add(fact);
    if (fact.namespace === undefined) this.anyNamespace.add(fact);
    else {
      const set = this.byNamespace.get(fact.namespace);
      if (set) set.add(fact);
      else this.byNamespace.set(fact.namespace, new Set([fact]));
    }
  }

  remove(fact: T): void {
    this.all.delete(fact);
    if (fact.namespace === undefined) this.anyNamespace.delete(fact);
    else this.byNamespace.get(fact.namespace)?.delete(fact);
  }

  /** Whether an object in `namespace` can meet any fact, without listing them. */
  has(namespace: string | undefined): boolean {
    if (namespace === undefined) return this.all.size > 0;
    return this.anyNamespace.size > 0 || (this.byNamespace.get(namespace)?.size ?? 0) > 0;
  }

  /** The facts an object in `namespace` can meet. */
  in(namespace: string | undefined): T[] {
    if (namespace === undefined) return [...this.all];
    return [...(this.byNamespace.get(namespace) ?? []), ...this.anyNamespace];
  }
}

/** Every file's facts grouped so that each query costs what it matches, not the workspace's size. */
class FactLookup {
  readonly fragments = new Set<string>();
  readonly workloads = new ByNamespace<WorkloadFact>();
  /** Workloads filed under each of their pod labels (`key=value`). */
  readonly workloadsByLabel = new Buckets<string, WorkloadFact>();
  readonly pdbs = new SelectorIndex<PdbFact>();
  readonly services = new SelectorIndex<ServiceFact>();
  readonly servicesByNamespace = new ByNamespace<ServiceFact>();
  readonly hpasByTarget = new Buckets<string, HpaFact>();
  readonly buildsByRepository = new Buckets<string, ImageBuildFact>();
  readonly buildsByDockerfile = new Buckets<string, ImageBuildFact>();
  readonly dockerfilesByFolder = new Buckets<string, DockerfileFact>();

  private readonly kustomizeLabels: KustomizeLabels[] = [];

  constructor(files: ReadonlyMap<string, { facts: FileFacts }>) {
    for (const { facts } of files.values()) {
      for (const p of facts.kustomizePatches) this.fragments.add(p);
      this.kustomizeLabels.push(...facts.kustomizeLabels);
    }
  }

  /** The same object for the same fact, so that removing a fact finds what adding it stored. */
  private readonly labelled = new WeakMap<ServiceFact, ServiceFact>();

  /** kustomize writes its commonLabels into a Service's selector, creating one when absent. */
  private withKustomizeLabels(fact: ServiceFact, added: Readonly<Record<string, string>>): ServiceFact {
    if (typeof fact.selector !== 'object' || Object.keys(added).length === 0) return fact;
    let labelled = this.labelled.get(fact);
    if (!labelled) this.labelled.set(fact, (labelled = { ...fact, selector: { ...fact.selector, ...added } }));
    return labelled;
  }

  /** Labels kustomize adds to this file's objects: from kustomizations listing the file or a folder above it. */
  labelsAddedTo(path: string): Readonly<Record<string, string>> {
    let out: Record<string, string> = {};
    for (const { resources, labels } of this.kustomizeLabels) {
      if (resources.some((r) => path === r || path.startsWith(`${r}/`))) out = { ...out, ...labels };
    }
    return out;
  }

  add(path: string, facts: FileFacts): void {
    this.apply(path, facts, 'add');
  }

  remove(path: string, facts: FileFacts): void {
    this.apply(path, facts, 'remove');
  }

  private apply(path: string, facts: FileFacts, how: 'add' | 'remove'): void {
    for (const build of facts.imageBuilds) {
      this.buildsByRepository[how](imageRepository(build.image), build);
      this.buildsByDockerfile[how](build.dockerfile, build);
    }
    if (facts.dockerfile) this.dockerfilesByFolder[how](basename(dirname(facts.dockerfile.path)), facts.dockerfile);
    // A kustomize patch is a fragment: its objects are not whole workloads, PDBs or Services.
    if (this.fragments.has(path)) return;
    for (const w of facts.workloads) {
      this.workloads[how](w);
      for (const [key, value] of Object.entries(w.podLabels ?? {})) this.workloadsByLabel[how](`${key}=${value}`, w);
    }
    for (const p of facts.pdbs) this.pdbs[how](p, typeof p.selector === 'object' ? p.selector.matchLabels : undefined);
    const added = facts.services.length > 0 ? this.labelsAddedTo(path) : {};
    for (const fact of facts.services) {
      const s = this.withKustomizeLabels(fact, added);
      this.services[how](s, typeof s.selector === 'object' ? s.selector : undefined);
      this.servicesByNamespace[how](s);
    }
    for (const h of facts.hpas) if (h.targetKind !== undefined && h.targetName !== undefined) this.hpasByTarget[how](`${h.targetKind}\0${h.targetName}`, h);
  }
}

/**
 * What facts say, without where they sit: a source range moves with every keystroke above
 * it but changes no rule's verdict, so such an update keeps the generation and cached results.
 */
export function factsKey(facts: object): string {
  return JSON.stringify(facts, (name, value: unknown) => (name === 'source' ? undefined : value));
}

function isEmptyFacts(facts: FileFacts): boolean {
  return !facts.dockerfile && facts.workloads.length + facts.pdbs.length + facts.hpas.length + facts.services.length + facts.imageBuilds.length + facts.kustomizePatches.length + facts.kustomizeLabels.length === 0;
}

/** An image reference without tag or digest (`registry:5000/team/app:1.2@sha256:..` → `registry:5000/team/app`). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@', 1)[0] ?? image;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}
