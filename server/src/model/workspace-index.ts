import type { LabelSelector } from './label-selector';
import type { AnyFactKind, FactIndex, FactSource, Kustomizations } from './facts/fact-kind';
import { DOCKERFILE, type DockerfileFact } from './facts/dockerfiles';
import { HPAS, type HpaFact } from './facts/hpas';
import { IMAGE_BUILDS } from './facts/image-builds';
import { KUSTOMIZE_LABELS } from './facts/kustomize-labels';
import { KUSTOMIZE_PATCHES } from './facts/kustomize-patches';
import { PDBS, type PdbFact } from './facts/pdbs';
import { SERVICES, type ServiceFact } from './facts/services';
import { WORKLOADS, type WorkloadFact } from './facts/workloads';

/**
 * Every kind of cross-file fact, each one module (`facts/<kind>.ts`) saying how it is read, keyed,
 * moved, indexed and queried. Adding one: write its module, list it here, query it below.
 */
export const FACT_KINDS = [WORKLOADS, PDBS, HPAS, SERVICES, IMAGE_BUILDS, KUSTOMIZE_PATCHES, KUSTOMIZE_LABELS, DOCKERFILE] as const;

type Kind = (typeof FACT_KINDS)[number];

/** A file's facts: one field per kind, named by the kind. */
export type FileFacts = { readonly [K in Kind as K['name']]: K['empty'] };

const ALL_KINDS: readonly AnyFactKind[] = FACT_KINDS;

/** A file's value of one kind. */
function valueOf(facts: FileFacts, kind: AnyFactKind): unknown {
  return (facts as Readonly<Record<string, unknown>>)[kind.name];
}

export const EMPTY_FACTS = Object.fromEntries(FACT_KINDS.map((kind) => [kind.name, kind.empty])) as unknown as FileFacts;

/**
 * What a file's facts say, without where they sit (each kind's `key`): equal ({@link sameKey}) exactly when
 * the facts are, but for their positions. A list, not one string: a chart's would be 200 KB, joined and
 * compared again on every keystroke, where comparing its parts finds them the very same strings.
 */
export type FactsKey = readonly string[];

export function factsKey(facts: FileFacts): FactsKey {
  return ALL_KINDS.map((kind) =>
    kind
      .facts(valueOf(facts, kind))
      .map((fact) => kind.key(fact))
      .join('\n'),
  );
}

function sameKey(a: FactsKey, b: FactsKey): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function isEmptyFacts(facts: FileFacts): boolean {
  return ALL_KINDS.every((kind) => kind.facts(valueOf(facts, kind)).length === 0);
}

let indexes = 0;

/**
 * The cross-file facts of a workspace, one entry per file, replaced file by
 * file. `generation` changes only when some file's facts really change, so
 * per-document results that depend on the index can be cached against it.
 */
export class WorkspaceIndex {
  /** Tells indexes apart (a what-if copy from its original): caches keyed by `generation` name it too. */
  readonly id = ++indexes;
  private readonly files = new Map<string, { facts: FileFacts; key: FactsKey }>();
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
  update(path: string, facts: FileFacts, key: FactsKey = factsKey(facts)): boolean {
    const current = this.files.get(path);
    if (current && sameKey(current.key, key)) {
      if (facts !== EMPTY_FACTS && current.facts !== facts) {
        this.files.set(path, { facts, key });
        this.lookupCache?.move(path, facts);
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
   * file's facts, not the workspace's. A change in the kinds that shape the lookup (what
   * kustomizations list as patches or label) changes which files count and how, so the
   * lookup is then rebuilt.
   */
  private replace(path: string, old: FileFacts | undefined, facts: FileFacts | undefined, key: FactsKey): void {
    if (facts) this.files.set(path, { facts, key });
    else this.files.delete(path);
    const lookup = this.lookupCache;
    if (!lookup) return;
    const shapes = (f: FileFacts | undefined) => f !== undefined && ALL_KINDS.some((kind) => kind.shapesLookup && kind.facts(valueOf(f, kind)).length > 0);
    if (shapes(old) || shapes(facts)) {
      this.lookupCache = undefined;
      return;
    }
    lookup.set(path, facts);
  }

  remove(path: string): boolean {
    return this.update(path, EMPTY_FACTS);
  }

  /**
   * The index as it would be with `path`'s facts replaced, for a what-if analysis: this
   * index itself when they are the same in substance, else a copy (this one is left alone).
   */
  withFile(path: string, facts: FileFacts, key: FactsKey = factsKey(facts)): WorkspaceIndex {
    const current = this.files.get(path);
    if (current ? sameKey(current.key, key) : isEmptyFacts(facts)) return this;
    const copy = new WorkspaceIndex();
    for (const [p, entry] of this.files) copy.files.set(p, entry);
    copy.update(path, facts, key);
    return copy;
  }

  /** The facts grouped for the queries below: built on first use, then patched file by file. */
  private get lookup(): FactLookup {
    this.lookupCache ??= new FactLookup(this.files);
    return this.lookupCache;
  }

  // ---- Queries: each answered by its kind's index (`facts/<kind>.ts`). ----

  /** Labels that kustomizations add to the selectors and pod labels of objects in this file. */
  kustomizeLabelsOf(path: string): Readonly<Record<string, string>> {
    return this.lookup.of(KUSTOMIZE_LABELS).addedTo(path);
  }

  /** Whether a kustomization in the workspace uses this file as a patch. */
  isFragment(path: string): boolean {
    return this.lookup.of(KUSTOMIZE_PATCHES).has(path);
  }

  /** Services in a compatible namespace whose selector selects these pod labels (or might: templated). */
  servicesSelecting(namespace: string | undefined, podLabels: Readonly<Record<string, string>> | undefined): { sure: ServiceFact[]; maybe: ServiceFact[] } {
    const { sure, maybe } = this.lookup.of(SERVICES).selecting(namespace, podLabels);
    return { sure: this.lookup.current(sure), maybe: this.lookup.current(maybe) };
  }

  /**
   * Whether any Service could live in this namespace, whatever it selects: when none does, the
   * workspace holds manifests without their Services and a declared port is all we know.
   */
  hasServiceIn(namespace: string | undefined): boolean {
    return this.lookup.of(SERVICES).hasAnyIn(namespace);
  }

  /** PDBs that cover pods with these labels; `maybe` holds templated ones that could. */
  pdbsMatching(namespace: string | undefined, podLabels: Readonly<Record<string, string>>): { sure: PdbFact[]; maybe: PdbFact[] } {
    const { sure, maybe } = this.lookup.of(PDBS).matching(namespace, podLabels);
    return { sure: this.lookup.current(sure), maybe: this.lookup.current(maybe) };
  }

  /** Workloads whose pods a PDB selector covers. */
  workloadsMatching(namespace: string | undefined, selector: LabelSelector): WorkloadFact[] {
    return this.lookup.current(this.lookup.of(WORKLOADS).matching(namespace, selector));
  }

  /** Whether some workload's pods might match (their labels are templated). */
  hasWorkloadWithUnknownLabels(namespace: string | undefined): boolean {
    return this.lookup.of(WORKLOADS).hasUnknownLabels(namespace);
  }

  /** HPAs that scale the named workload. */
  hpasFor(kind: string, name: string | undefined, namespace: string | undefined): HpaFact[] {
    return this.lookup.current(this.lookup.of(HPAS).for(kind, name, namespace));
  }

  dockerfile(path: string): DockerfileFact | undefined {
    return this.files.get(path)?.facts.dockerfile;
  }

  /** The build contexts that build definitions give this Dockerfile, in workspace order; empty when none names it. */
  buildContextsFor(dockerfile: string): string[] {
    return this.lookup.of(IMAGE_BUILDS).contextsFor(dockerfile);
  }

  /**
   * The workspace Dockerfile that builds `image`: through a build definition
   * (skaffold, compose), else the one Dockerfile whose folder is named like the
   * image's last path segment. Undefined when unknown or ambiguous.
   */
  dockerfileForImage(image: string): { fact: DockerfileFact; via: FactSource | undefined } | undefined {
    return this.lookup.of(IMAGE_BUILDS).dockerfileFor(image, this.lookup.of(DOCKERFILE), (path) => this.dockerfile(path));
  }
}

/**
 * Kinds whose facts the lookup keeps where they were when a file's facts merely move (an edit above
 * them), answering queries with the facts as they are now: a keystroke at the top of a chart then
 * costs a map entry per fact, not re-filing each under its labels and namespace. Their queries return
 * the facts themselves (mapped by `FactLookup.current`), sorted by position, which a move does not reorder.
 */
const MOVABLE: ReadonlySet<AnyFactKind> = new Set<AnyFactKind>([WORKLOADS, PDBS, HPAS, SERVICES]);

/** Every file's facts grouped, one index per kind, so that each query costs what it matches, not the workspace's size. */
class FactLookup {
  private readonly indexes = new Map<AnyFactKind, FactIndex<unknown>>();
  private readonly kustomizations: Kustomizations = {
    isFragment: (path) => this.of(KUSTOMIZE_PATCHES).has(path),
    labelsAddedTo: (path) => this.of(KUSTOMIZE_LABELS).addedTo(path),
  };
  /** The facts each file has in the indexes (of movable kinds, maybe where they were before a move). */
  private readonly held = new Map<string, FileFacts>();
  /** A fact held where it was before a move → the fact as it is now. */
  private readonly moved = new Map<unknown, unknown>();

  constructor(files: ReadonlyMap<string, { facts: FileFacts }>) {
    for (const kind of ALL_KINDS) this.indexes.set(kind, kind.createIndex(this.kustomizations));
    // The kinds that shape the lookup first, from every file: the others are indexed through them.
    for (const [path, { facts }] of files) this.add(path, facts, true);
    for (const [path, { facts }] of files) this.add(path, facts, false);
    for (const [path, { facts }] of files) this.held.set(path, facts);
  }

  /** The index of one kind, typed as that kind makes it. */
  of<Index>(kind: { readonly createIndex: (kustomizations: Kustomizations) => Index }): Index {
    return this.indexes.get(kind as unknown as AnyFactKind) as Index;
  }

  /** Facts of movable kinds as they are now. */
  current<T>(facts: readonly T[]): T[] {
    return facts.map((fact) => (this.moved.get(fact) ?? fact) as T);
  }

  /**
   * Replaces a file's facts (the kinds that shape the lookup unchanged; undefined: none): only the
   * facts that are not the very same objects are re-filed, so a keystroke costs the facts it touched.
   */
  set(path: string, facts: FileFacts | undefined): void {
    const held = this.held.get(path) ?? EMPTY_FACTS;
    this.eachKind(path, (kind, index) => {
      const before = kind.facts(valueOf(held, kind));
      const after = kind.facts(valueOf(facts ?? EMPTY_FACTS, kind));
      if (before === after) return;
      const kept = new Set(after);
      const had = new Set(before);
      for (const fact of before) {
        this.moved.delete(fact);
        if (!kept.has(fact)) index.remove(path, fact);
      }
      for (const fact of after) if (!had.has(fact)) index.add(path, fact);
    });
    if (facts) this.held.set(path, facts);
    else this.held.delete(path);
  }

  /**
   * A file's facts moved without changing in substance (the same facts in the same order, as the
   * index's key says): movable kinds stay filed as they are and map to the moved facts; others are re-filed.
   */
  move(path: string, facts: FileFacts): void {
    const held = this.held.get(path) ?? EMPTY_FACTS;
    const kept: Record<string, unknown> = { ...facts };
    for (const kind of MOVABLE) {
      const before = kind.facts(valueOf(held, kind));
      const after = kind.facts(valueOf(facts, kind));
      before.forEach((fact, i) => {
        if (after[i] === fact) this.moved.delete(fact);
        else this.moved.set(fact, after[i]);
      });
      kept[kind.name] = valueOf(held, kind);
    }
    this.set(path, kept as FileFacts);
  }

  private eachKind(path: string, each: (kind: AnyFactKind, index: FactIndex<unknown>) => void): void {
    // A kustomize patch is a fragment: its objects are not whole workloads, PDBs or Services.
    const fragment = this.kustomizations.isFragment(path);
    for (const kind of ALL_KINDS) {
      const index = this.indexes.get(kind);
      if (!kind.shapesLookup && !(fragment && !kind.inFragments) && index) each(kind, index);
    }
  }

  /** Files a file's facts of the kinds that shape the lookup (`shaping`), or of the others. */
  private add(path: string, facts: FileFacts, shaping: boolean): void {
    const fragment = this.kustomizations.isFragment(path);
    for (const kind of ALL_KINDS) {
      if (kind.shapesLookup !== shaping || (fragment && !kind.inFragments)) continue;
      const index = this.indexes.get(kind);
      for (const fact of kind.facts(valueOf(facts, kind))) index?.add(path, fact);
    }
  }
}
