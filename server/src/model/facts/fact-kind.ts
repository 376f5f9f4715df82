import type { YamlView } from '../../parse/yaml-file';
import type { OffsetRange } from '../../types';
import type { K8sObject } from '../k8s-object';

/** Where a fact came from, for related information in findings. */
export interface FactSource {
  readonly path: string;
  readonly range: OffsetRange;
}

/** Where an object's facts are read: its file, the file's folder, and the object's `kind` key as the source. */
export interface ObjectAt {
  readonly path: string;
  readonly folder: string;
  readonly source: FactSource;
}

/** What the workspace's kustomizations do to other files' facts, for the kinds whose indexing depends on it. */
export interface Kustomizations {
  /** A kustomize patch: a fragment, not a complete object. */
  isFragment(path: string): boolean;
  /** Labels kustomize writes into this file's selectors and pod templates. */
  labelsAddedTo(path: string): Readonly<Record<string, string>>;
}

/** A fact kind's part of the lookup: patched fact by fact, so an edit costs the size of the file's facts. */
export interface FactIndex<Fact> {
  add(path: string, fact: Fact): void;
  /** Called with the very object `add` was given. */
  remove(path: string, fact: Fact): void;
}

/** How a fact kind is read from YAML documents. */
export interface YamlExtraction<Fact> {
  /** The `kind`s of objects it is read from: documents of other kinds are not parsed for facts. */
  readonly objectKinds: Iterable<string>;
  fromObject(object: K8sObject, at: ObjectAt): readonly Fact[];
  /** Facts of a document without Kubernetes objects (compose files, a kustomization without `kind`). */
  fromBareDocument?(view: YamlView, path: string, folder: string): readonly Fact[];
  /** The fact as read from the same document `delta` characters further down: only ranges move. */
  shift(fact: Fact, delta: number): Fact;
}

/**
 * One kind of cross-file fact: everything the workspace index needs to know about it. The
 * index holds, per file, one `Value` per kind (a list of facts, or one fact for a file that is
 * one thing, like a Dockerfile); `name` is its field in `FileFacts`.
 */
export interface FactKind<Name extends string, Value, Fact, Index extends FactIndex<Fact>> {
  readonly name: Name;
  /** A file without such facts. */
  readonly empty: Value;
  /** The facts a file's value holds, one by one. */
  facts(value: Value): readonly Fact[];
  /** Equal exactly when two facts say the same thing wherever they sit: the index's generation changes only with it. */
  key(fact: Fact): string;
  /** Absent for facts the analyzer derives from other files (Dockerfiles). */
  readonly yaml?: YamlExtraction<Fact>;
  /** Whether its facts count in files that kustomizations use as patches. */
  readonly inFragments: boolean;
  /** It decides how other facts count (which files are patches, which labels kustomize adds): a change rebuilds the lookup. */
  readonly shapesLookup: boolean;
  /** An empty index for its queries, given what kustomizations do once every file is indexed. */
  createIndex(kustomizations: Kustomizations): Index;
}

/** A kind read from YAML as a list of facts, keyed by what they say: every kind but the Dockerfile's. */
export function listKind<Name extends string, Fact, Index extends FactIndex<Fact>>(kind: {
  readonly name: Name;
  readonly yaml: YamlExtraction<Fact>;
  /** Kinds whose facts describe whole objects default to false: a patch holds fragments of objects. */
  readonly inFragments?: boolean;
  readonly shapesLookup?: boolean;
  createIndex(kustomizations: Kustomizations): Index;
}): FactKind<Name, readonly Fact[], Fact, Index> {
  return { empty: [], facts: (value) => value, key: keyWithoutSource, inFragments: false, shapesLookup: false, ...kind };
}

/** Any kind, for the generic machinery (methods take their parameters bivariantly, so every kind fits). */
export type AnyFactKind = FactKind<string, unknown, unknown, FactIndex<unknown>>;

/**
 * What a fact says, without where it sits: a source range moves with every keystroke above it
 * but changes no rule's verdict, so such an update keeps the generation and cached results.
 */
export function keyWithoutSource(fact: unknown): string {
  return JSON.stringify(fact, (name, value: unknown) => (name === 'source' ? undefined : value));
}

/** The fact with its source range moved by `delta`. */
export function shiftSource<T extends { readonly source: FactSource }>(fact: T, delta: number): T {
  return { ...fact, source: { ...fact.source, range: { start: fact.source.range.start + delta, end: fact.source.range.end + delta } } };
}

/** Workspace order: by file, then by position in the file, whatever order the facts were added in. */
export function bySource(a: { readonly source: FactSource }, b: { readonly source: FactSource }): number {
  return a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : a.source.range.start - b.source.range.start;
}

/** A map of sets: adding and removing one value costs the same whatever the bucket's size. */
export class Buckets<K, V> {
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
export class SelectorIndex<T> {
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
export class ByNamespace<T extends { readonly namespace: string | undefined }> {
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
