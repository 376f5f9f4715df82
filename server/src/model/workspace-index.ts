import type { RuleId } from '../../../shared/src/rule-ids';
import type { OffsetRange } from '../types';
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

/** `unknown`: templated selector, could select anything; `none`: selects no pods. */
export type ServiceSelector = Readonly<Record<string, string>> | 'none' | 'unknown';

export interface ServiceFact {
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  readonly selector: ServiceSelector;
  readonly source: FactSource;
}

/** An image that a build definition (skaffold artifact, compose service) builds from a Dockerfile. */
export interface ImageBuildFact {
  readonly image: string;
  readonly dockerfile: string;
  readonly source: FactSource;
}

/** What a Dockerfile's final stage runs as PID 1, as far as the rules need it across files. */
export interface DockerfileFact {
  readonly path: string;
  /** The final stage's base image (`scratch`, `gcr.io/distroless/static`, ...), undefined when unknown. */
  readonly finalBase: string | undefined;
  /** The final stage has no shell: `FROM scratch`, or a distroless/static base without a debug tag. */
  readonly minimal: boolean;
  /** The Dockerfile rule that flags the final stage, with the flagged instruction. */
  readonly signalProblem: { readonly ruleId: RuleId; readonly range: OffsetRange; readonly line: string } | undefined;
}

export interface FileFacts {
  readonly workloads: readonly WorkloadFact[];
  readonly pdbs: readonly PdbFact[];
  readonly hpas: readonly HpaFact[];
  readonly services: readonly ServiceFact[];
  readonly imageBuilds: readonly ImageBuildFact[];
  /** Files a kustomization lists as patches: fragments, not complete objects. */
  readonly kustomizePatches: readonly string[];
  readonly dockerfile: DockerfileFact | undefined;
}

export const EMPTY_FACTS: FileFacts = {
  workloads: [],
  pdbs: [],
  hpas: [],
  services: [],
  imageBuilds: [],
  kustomizePatches: [],
  dockerfile: undefined,
};

/**
 * The cross-file facts of a workspace, one entry per file, replaced file by
 * file. `generation` changes only when some file's facts really change, so
 * per-document results that depend on the index can be cached against it.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, { facts: FileFacts; key: string }>();
  private lookupCache: Lookup | undefined;
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

  /** Replaces a file's facts; returns whether anything changed. */
  update(path: string, facts: FileFacts): boolean {
    // Where a fact sits (its source range) moves with every keystroke above it but changes no
    // rule's verdict: such an update keeps the generation, so cached results stay valid.
    const key = JSON.stringify(facts, (name, value: unknown) => (name === 'source' ? undefined : value));
    const current = this.files.get(path);
    if (current?.key === key) {
      if (facts !== EMPTY_FACTS && current.facts !== facts) {
        this.files.set(path, { facts, key });
        this.lookupCache = undefined;
        this.revisionCounter++;
      }
      return false;
    }
    if (facts === EMPTY_FACTS || key === EMPTY_KEY) {
      if (!this.files.has(path)) return false;
      this.files.delete(path);
    } else {
      this.files.set(path, { facts, key });
    }
    this.lookupCache = undefined;
    this.generationCounter++;
    this.revisionCounter++;
    return true;
  }

  remove(path: string): boolean {
    return this.update(path, EMPTY_FACTS);
  }

  /** The facts grouped for the queries below, rebuilt on the first query after a change (not per query). */
  private get lookup(): Lookup {
    return (this.lookupCache ??= buildLookup(this.files));
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
      if (service.selector === 'none' || !sameNamespace(service.namespace, namespace)) continue;
      if (service.selector === 'unknown' || podLabels === undefined) maybe.push(service);
      else if (Object.keys(service.selector).length > 0 && mapSelectorMatches(service.selector, podLabels)) sure.push(service);
    }
    return { sure, maybe };
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
    return { sure, maybe };
  }

  /** Workloads whose pods a PDB selector covers. */
  workloadsMatching(namespace: string | undefined, selector: LabelSelector): WorkloadFact[] {
    const [key, value] = Object.entries(selector.matchLabels)[0] ?? [];
    const candidates = key === undefined ? this.lookup.workloads.in(namespace) : this.lookup.workloadsByLabel.get(`${key}=${value}`) ?? [];
    return candidates.filter((w) => w.podLabels !== undefined && sameNamespace(w.namespace, namespace) && selectorMatches(selector, w.podLabels));
  }

  /** Whether some workload's pods might match (their labels are templated). */
  hasWorkloadWithUnknownLabels(namespace: string | undefined): boolean {
    return this.lookup.workloads.in(namespace).some((w) => !w.podLabels);
  }

  /** HPAs that scale the named workload. */
  hpasFor(kind: string, name: string | undefined, namespace: string | undefined): HpaFact[] {
    if (name === undefined) return [];
    return (this.lookup.hpasByTarget.get(`${kind}\0${name}`) ?? []).filter((h) => sameNamespace(h.namespace, namespace));
  }

  dockerfile(path: string): DockerfileFact | undefined {
    return this.files.get(path)?.facts.dockerfile;
  }

  /**
   * The workspace Dockerfile that builds `image`: through a build definition
   * (skaffold, compose), else the one Dockerfile whose folder is named like the
   * image's last path segment. Undefined when unknown or ambiguous.
   */
  dockerfileForImage(image: string): { fact: DockerfileFact; via: FactSource | undefined } | undefined {
    const repo = imageRepository(image);
    const builds = this.lookup.buildsByRepository.get(repo) ?? [];
    const built = new Set(builds.map((b) => b.dockerfile));
    if (built.size > 1) return undefined;
    if (built.size === 1) {
      const fact = this.dockerfile([...built][0]!);
      return fact ? { fact, via: builds[builds.length - 1]!.source } : undefined;
    }
    const candidates = this.lookup.dockerfilesByFolder.get(repo.slice(repo.lastIndexOf('/') + 1)) ?? [];
    return candidates.length === 1 ? { fact: candidates[0]!, via: undefined } : undefined;
  }
}

/**
 * Selectors (of PDBs, Services) filed under their first `matchLabels` pair: only
 * pods carrying that label can match, so a query looks at a few candidates
 * instead of every selector in the workspace.
 */
class SelectorIndex<T> {
  private readonly byPair = new Map<string, T[]>();
  /** Selectors without a label pair (empty, expressions only, absent, templated): always candidates. */
  private readonly unkeyed: T[] = [];
  /** Position in the workspace, so candidates come back in file order whatever their bucket. */
  private readonly order = new Map<T, number>();

  add(fact: T, matchLabels: Readonly<Record<string, string>> | undefined): void {
    this.order.set(fact, this.order.size);
    const [key, value] = Object.entries(matchLabels ?? {})[0] ?? [];
    if (key === undefined) this.unkeyed.push(fact);
    else push(this.byPair, `${key}=${value}`, fact);
  }

  candidates(labels: Readonly<Record<string, string>> | undefined): T[] {
    if (labels === undefined) return [...this.order.keys()];
    const out = [...this.unkeyed];
    for (const [key, value] of Object.entries(labels)) out.push(...(this.byPair.get(`${key}=${value}`) ?? []));
    return out.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

/** Facts of one kind, by namespace; facts without a namespace are compatible with every namespace. */
class ByNamespace<T extends { readonly namespace: string | undefined }> {
  private readonly all: T[] = [];
  private readonly anyNamespace: T[] = [];
  private readonly byNamespace = new Map<string, T[]>();

  add(fact: T): void {
    this.all.push(fact);
    if (fact.namespace === undefined) this.anyNamespace.push(fact);
    else {
      const list = this.byNamespace.get(fact.namespace);
      if (list) list.push(fact);
      else this.byNamespace.set(fact.namespace, [fact]);
    }
  }

  /** The facts an object in `namespace` can meet. */
  in(namespace: string | undefined): readonly T[] {
    if (namespace === undefined) return this.all;
    const own = this.byNamespace.get(namespace);
    return own ? [...own, ...this.anyNamespace] : this.anyNamespace;
  }
}

interface Lookup {
  readonly fragments: ReadonlySet<string>;
  readonly workloads: ByNamespace<WorkloadFact>;
  /** Workloads filed under each of their pod labels (`key=value`). */
  readonly workloadsByLabel: ReadonlyMap<string, WorkloadFact[]>;
  readonly pdbs: SelectorIndex<PdbFact>;
  readonly services: SelectorIndex<ServiceFact>;
  readonly hpasByTarget: ReadonlyMap<string, HpaFact[]>;
  readonly buildsByRepository: ReadonlyMap<string, ImageBuildFact[]>;
  readonly dockerfilesByFolder: ReadonlyMap<string, DockerfileFact[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Groups every file's facts once, so that each query costs what it matches, not the workspace's size. */
function buildLookup(files: ReadonlyMap<string, { facts: FileFacts }>): Lookup {
  const fragments = new Set<string>();
  for (const { facts } of files.values()) for (const p of facts.kustomizePatches) fragments.add(p);
  const lookup = {
    fragments,
    workloads: new ByNamespace<WorkloadFact>(),
    workloadsByLabel: new Map<string, WorkloadFact[]>(),
    pdbs: new SelectorIndex<PdbFact>(),
    services: new SelectorIndex<ServiceFact>(),
    hpasByTarget: new Map<string, HpaFact[]>(),
    buildsByRepository: new Map<string, ImageBuildFact[]>(),
    dockerfilesByFolder: new Map<string, DockerfileFact[]>(),
  };
  for (const [path, { facts }] of files) {
    for (const build of facts.imageBuilds) push(lookup.buildsByRepository, imageRepository(build.image), build);
    if (facts.dockerfile) push(lookup.dockerfilesByFolder, basename(dirname(facts.dockerfile.path)), facts.dockerfile);
    // A kustomize patch is a fragment: its objects are not whole workloads, PDBs or Services.
    if (fragments.has(path)) continue;
    for (const w of facts.workloads) {
      lookup.workloads.add(w);
      for (const [key, value] of Object.entries(w.podLabels ?? {})) push(lookup.workloadsByLabel, `${key}=${value}`, w);
    }
    for (const p of facts.pdbs) lookup.pdbs.add(p, typeof p.selector === 'object' ? p.selector.matchLabels : undefined);
    for (const s of facts.services) lookup.services.add(s, typeof s.selector === 'object' ? s.selector : undefined);
    for (const h of facts.hpas) if (h.targetKind !== undefined && h.targetName !== undefined) push(lookup.hpasByTarget, `${h.targetKind}\0${h.targetName}`, h);
  }
  return lookup;
}

const EMPTY_KEY = JSON.stringify(EMPTY_FACTS, (name, value: unknown) => (name === 'source' ? undefined : value));

/** An image reference without tag or digest (`registry:5000/team/app:1.2@sha256:..` → `registry:5000/team/app`). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}
