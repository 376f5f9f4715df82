import { skippable, YamlView, type YamlDocument, type YamlFile } from '../parse/yaml-file';
import type { AnyFactKind, YamlExtraction } from './facts/fact-kind';
import { objectsOf } from './k8s-object';
import { dirname } from './workspace-fs';
import { EMPTY_FACTS, FACT_KINDS, type FileFacts } from './workspace-index';

/** The kinds read from YAML, with how. */
const YAML_KINDS = (FACT_KINDS as readonly AnyFactKind[]).flatMap((kind) => (kind.yaml ? [{ kind, yaml: kind.yaml }] : []));

/** Object kinds that carry cross-file facts; documents of other kinds are not parsed for facts. */
export const FACT_OBJECT_KINDS: ReadonlySet<string> = new Set(YAML_KINDS.flatMap(({ yaml }) => [...yaml.objectKinds]));

/** One document's facts, per kind (in `YAML_KINDS` order). */
type DocumentFacts = ReadonlyArray<readonly unknown[]>;

/** Facts per parsed document, reused (shifted) while the document's text is unchanged. */
const documentCache = new WeakMap<object, { readonly path: string; readonly start: number; readonly facts: DocumentFacts; readonly key: string }>();

/**
 * Extracts the cross-file facts of one YAML file. Pure: depends only on the text
 * and the path. Each document's facts are cached, so an edit re-reads only the
 * document it touches.
 */
export function yamlFacts(path: string, file: YamlFile): { facts: FileFacts; key: string } {
  const keys: string[] = [];
  const all = YAML_KINDS.map((): unknown[] => []);
  for (const document of file.documents) {
    if (skippable(document, FACT_OBJECT_KINDS) || document.hasErrors) continue;
    let cached = documentCache.get(document.chunk);
    if (!cached || cached.path !== path) {
      const facts = documentFacts(path, document);
      cached = { path, start: document.start, facts, key: documentKey(facts) };
      documentCache.set(document.chunk, cached);
    }
    if (cached.key !== '') keys.push(cached.key);
    const delta = document.start - cached.start;
    cached.facts.forEach((facts, i) => {
      const { yaml } = YAML_KINDS[i] ?? {};
      if (yaml) all[i]?.push(...(delta === 0 ? facts : facts.map((fact) => yaml.shift(fact, delta))));
    });
  }
  const facts: Record<string, unknown> = { ...EMPTY_FACTS };
  YAML_KINDS.forEach(({ kind }, i) => (facts[kind.name] = all[i]));
  return { facts: facts as FileFacts, key: keys.join('\n') };
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
