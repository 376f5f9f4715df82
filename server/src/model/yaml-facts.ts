import { skippable, YamlView, type YamlDocument, type YamlFile } from '../parse/yaml-file';
import type { AnyFactKind, YamlExtraction } from './facts/fact-kind';
import { objectsOf } from './k8s-object';
import { dirname } from './workspace-fs';
import { EMPTY_FACTS, FACT_KINDS, type FactsKey, type FileFacts } from './workspace-index';

/** The kinds read from YAML, with how. */
const YAML_KINDS = (FACT_KINDS as readonly AnyFactKind[]).flatMap((kind) => (kind.yaml ? [{ kind, yaml: kind.yaml }] : []));

/** Object kinds that carry cross-file facts; documents of other kinds are not parsed for facts. */
export const FACT_OBJECT_KINDS: ReadonlySet<string> = new Set(YAML_KINDS.flatMap(({ yaml }) => [...yaml.objectKinds]));

/** One document's facts, per kind (in `YAML_KINDS` order). */
type DocumentFacts = ReadonlyArray<readonly unknown[]>;

/**
 * What a parsed document gives the index: nothing (a kind no fact reads, a syntax error), or its facts
 * at `start`, with only the kinds it has facts of, so that a keystroke walks a chart's 1,800 documents cheaply.
 */
type CachedFacts =
  | { readonly skipped: true }
  | {
      readonly skipped: false;
      readonly path: string;
      readonly start: number;
      readonly present: ReadonlyArray<{ readonly kind: number; readonly facts: readonly unknown[]; readonly shift: (fact: unknown, delta: number) => unknown }>;
      readonly key: string;
    };

const SKIPPED: CachedFacts = { skipped: true };

/** Facts per parsed document, reused (shifted) while the document's text is unchanged. */
const documentCache = new WeakMap<object, CachedFacts>();

/**
 * Extracts the cross-file facts of one YAML file. Pure: depends only on the text
 * and the path. Each document's facts are cached, so an edit re-reads only the
 * document it touches.
 */
export function yamlFacts(path: string, file: YamlFile): { facts: FileFacts; key: FactsKey } {
  const keys: string[] = [];
  const all = YAML_KINDS.map((): unknown[] => []);
  for (const document of file.documents) {
    let cached = documentCache.get(document.chunk);
    if (!cached || (!cached.skipped && cached.path !== path)) {
      cached = skippable(document, FACT_OBJECT_KINDS) || document.hasErrors ? SKIPPED : readFacts(path, document);
      documentCache.set(document.chunk, cached);
    }
    if (cached.skipped) continue;
    if (cached.key !== '') keys.push(cached.key);
    const delta = document.start - cached.start;
    for (const { kind, facts, shift } of cached.present) {
      const into = all[kind];
      if (into && delta === 0) for (const fact of facts) into.push(fact);
      else if (into) for (const fact of facts) into.push(shift(fact, delta));
    }
  }
  const facts: Record<string, unknown> = { ...EMPTY_FACTS };
  YAML_KINDS.forEach(({ kind }, i) => (facts[kind.name] = all[i]));
  return { facts: facts as FileFacts, key: keys };
}

function readFacts(path: string, document: YamlDocument): CachedFacts {
  const facts = documentFacts(path, document);
  const present = facts.flatMap((list, kind) => {
    const yaml = YAML_KINDS[kind]?.yaml;
    return yaml && list.length > 0 ? [{ kind, facts: list, shift: (fact: unknown, delta: number) => yaml.shift(fact, delta) }] : [];
  });
  return { skipped: false, path, start: document.start, present, key: documentKey(facts) };
}

/** Each kind's facts by their keys; empty when the document has none. */
function documentKey(facts: DocumentFacts): string {
  if (facts.every((f) => f.length === 0)) return '';
  return JSON.stringify(facts.map((f, i) => f.map((fact) => YAML_KINDS[i]?.kind.key(fact))));
}

function documentFacts(path: string, document: YamlDocument): DocumentFacts {
  const folder = dirname(path);
  const objects = objectsOf(document);
  const out = YAML_KINDS.map((): unknown[] => []);
  const read = (extract: (yaml: YamlExtraction<unknown>) => readonly unknown[] | undefined) =>
    YAML_KINDS.forEach(({ yaml }, i) => out[i]?.push(...(extract(yaml) ?? [])));
  if (objects.length === 0) {
    const view = new YamlView(document);
    read((yaml) => yaml.fromBareDocument?.(view, path, folder));
  }
  for (const object of objects) {
    const kindRange = object.view.range(object.kindPair.key);
    if (!kindRange) continue;
    const at = { path, folder, source: { path, range: kindRange } };
    read((yaml) => yaml.fromObject(object, at));
  }
  return out;
}
