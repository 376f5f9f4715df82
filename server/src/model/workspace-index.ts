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
  private fragmentCache: Set<string> | undefined;
  private generationCounter = 0;

  get generation(): number {
    return this.generationCounter;
  }

  /** Replaces a file's facts; returns whether anything changed. */
  update(path: string, facts: FileFacts): boolean {
    // Where a fact sits (its source range) moves with every keystroke above it but changes no
    // rule's verdict: such an update keeps the generation, so cached results stay valid.
    const key = JSON.stringify(facts, (name, value: unknown) => (name === 'source' ? undefined : value));
    const current = this.files.get(path);
    if (current?.key === key) {
      if (facts !== EMPTY_FACTS) this.files.set(path, { facts, key });
      return false;
    }
    if (facts === EMPTY_FACTS || key === EMPTY_KEY) {
      if (!this.files.has(path)) return false;
      this.files.delete(path);
    } else {
      this.files.set(path, { facts, key });
    }
    this.fragmentCache = undefined;
    this.generationCounter++;
    return true;
  }

  remove(path: string): boolean {
    return this.update(path, EMPTY_FACTS);
  }

  /** Whether a kustomization in the workspace uses this file as a patch. */
  isFragment(path: string): boolean {
    if (!this.fragmentCache) {
      this.fragmentCache = new Set();
      for (const { facts } of this.files.values()) for (const p of facts.kustomizePatches) this.fragmentCache.add(p);
    }
    return this.fragmentCache.has(path);
  }

  private *all<K extends 'workloads' | 'pdbs' | 'hpas' | 'services' | 'imageBuilds'>(key: K): Generator<FileFacts[K][number]> {
    for (const [path, { facts }] of this.files) {
      if (key !== 'imageBuilds' && this.isFragment(path)) continue;
      yield* facts[key] as Iterable<FileFacts[K][number]>;
    }
  }

  /** Services in a compatible namespace whose selector selects these pod labels (or might: templated). */
  servicesSelecting(namespace: string | undefined, podLabels: Readonly<Record<string, string>> | undefined): { sure: ServiceFact[]; maybe: ServiceFact[] } {
    const sure: ServiceFact[] = [];
    const maybe: ServiceFact[] = [];
    for (const service of this.all('services')) {
      if (!sameNamespace(service.namespace, namespace) || service.selector === 'none') continue;
      if (service.selector === 'unknown' || podLabels === undefined) maybe.push(service);
      else if (Object.keys(service.selector).length > 0 && mapSelectorMatches(service.selector, podLabels)) sure.push(service);
    }
    return { sure, maybe };
  }

  /** PDBs that cover pods with these labels; `maybe` holds templated ones that could. */
  pdbsMatching(namespace: string | undefined, podLabels: Readonly<Record<string, string>>): { sure: PdbFact[]; maybe: PdbFact[] } {
    const sure: PdbFact[] = [];
    const maybe: PdbFact[] = [];
    for (const pdb of this.all('pdbs')) {
      if (!sameNamespace(pdb.namespace, namespace) || pdb.selector === 'absent') continue;
      if (pdb.selector === 'unknown') maybe.push(pdb);
      else if (selectorMatches(pdb.selector, podLabels)) sure.push(pdb);
    }
    return { sure, maybe };
  }

  /** Workloads whose pods a PDB selector covers. */
  workloadsMatching(namespace: string | undefined, selector: LabelSelector): WorkloadFact[] {
    const out: WorkloadFact[] = [];
    for (const workload of this.all('workloads')) {
      if (!sameNamespace(workload.namespace, namespace)) continue;
      if (workload.podLabels && selectorMatches(selector, workload.podLabels)) out.push(workload);
    }
    return out;
  }

  /** Whether some workload's pods might match (their labels are templated). */
  hasWorkloadWithUnknownLabels(namespace: string | undefined): boolean {
    for (const workload of this.all('workloads')) if (!workload.podLabels && sameNamespace(workload.namespace, namespace)) return true;
    return false;
  }

  /** HPAs that scale the named workload. */
  hpasFor(kind: string, name: string | undefined, namespace: string | undefined): HpaFact[] {
    const out: HpaFact[] = [];
    for (const hpa of this.all('hpas')) {
      if (!sameNamespace(hpa.namespace, namespace)) continue;
      if (hpa.targetKind === kind && hpa.targetName !== undefined && hpa.targetName === name) out.push(hpa);
    }
    return out;
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
    const built = new Set<string>();
    let via: FactSource | undefined;
    for (const build of this.all('imageBuilds')) {
      if (imageRepository(build.image) === repo) {
        built.add(build.dockerfile);
        via = build.source;
      }
    }
    if (built.size > 1) return undefined;
    if (built.size === 1) {
      const fact = this.dockerfile([...built][0]!);
      return fact ? { fact, via } : undefined;
    }
    const segment = repo.slice(repo.lastIndexOf('/') + 1);
    const candidates: DockerfileFact[] = [];
    for (const { facts } of this.files.values()) {
      const fact = facts.dockerfile;
      if (fact && basename(dirname(fact.path)) === segment) candidates.push(fact);
    }
    return candidates.length === 1 ? { fact: candidates[0]!, via: undefined } : undefined;
  }
}

const EMPTY_KEY = JSON.stringify(EMPTY_FACTS, (name, value: unknown) => (name === 'source' ? undefined : value));

/** An image reference without tag or digest (`registry:5000/team/app:1.2@sha256:..` → `registry:5000/team/app`). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? noDigest : noDigest.slice(0, colon);
}
