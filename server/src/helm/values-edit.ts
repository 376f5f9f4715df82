import { isDeepStrictEqual } from 'node:util';
import { isMap, isNode, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { applyEdits, minimalEdit } from '../fix/apply-edits';
import { renderYaml, YamlEditor, type YamlValue } from '../fix/yaml-edit';
import { parseYamlFile, YamlView } from '../parse/yaml-file';
import type { TextEdit } from '../types';

/** Keys written plainly by `renderYaml`; others (quoted, odd characters) get no edit rather than a wrong one. */
const PLAIN_KEY = /^[A-Za-z_][\w.-]*$/;

/** Whether a parsed value can be written back by `renderYaml` exactly (no nulls, plain keys). */
export function isWritable(value: unknown): value is YamlValue {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isWritable);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).every(([key, child]) => PLAIN_KEY.test(key) && isWritable(child));
}

/** The value at a key path of a values file (undefined when absent or unreadable). */
export function valuesAt(text: string, path: readonly string[]): unknown {
  try {
    const document = parseDocument(text, { uniqueKeys: false });
    return document.errors.length > 0 ? undefined : at(document.toJS({ maxAliasCount: 100 }), path);
  } catch {
    return undefined;
  }
}

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );
}

/** A parsed values tree without the key at `path` (the tree is changed: pass a fresh parse). */
function without(tree: unknown, path: readonly string[]): unknown {
  const parent = at(tree, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[path[path.length - 1] ?? ''];
  return tree;
}

/**
 * The edits that set `path` to `value` in a chart's `values.yaml`, in the file's own style: a map
 * changed key by key (what stays keeps its comments), a scalar replaced in place, `lifecycle: {}` or
 * another value rewritten as a block, or the key added to its parent map when only the key is
 * missing. Undefined when that cannot be done exactly (flow maps on the way, anchors or merge keys,
 * duplicate keys, several documents); the result is re-read to check that the key now holds the value
 * and that nothing else changed.
 */
export function setValuesKey(text: string, path: readonly string[], value: YamlValue): TextEdit[] | undefined {
  const file = parseYamlFile(text);
  const [document, ...others] = file.documents;
  if (!document || others.length > 0 || document.doc.errors.length > 0 || path.length === 0) return undefined;
  const view = new YamlView(document);
  const editor = new YamlEditor(text);
  let map = view.asMap(view.root);
  for (const [i, key] of path.entries()) {
    const pairs = map && pairsOf(map);
    if (!map || !pairs) return undefined;
    const pair = pairs.get(key);
    const last = i === path.length - 1;
    if (!pair) return last ? checked(text, once(editor.insertIntoMap(view, map, { [key]: value })), path, value) : undefined;
    if (last) return checked(text, valueEdits(view, editor, map, pair, key, value), path, value);
    map = isMap(pair.value) ? pair.value : undefined;
  }
  return undefined;
}

const once = <T>(value: T | undefined): T[] | undefined => (value === undefined ? undefined : [value]);

/** A block map's pairs by key; undefined for flow or empty maps, merge keys, odd or duplicate keys. */
function pairsOf(map: YAMLMap<unknown, unknown>): Map<string, Pair<unknown, unknown>> | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<' || pairs.has(pair.key.value)) return undefined;
    pairs.set(pair.key.value, pair);
  }
  return pairs;
}

/** A pair given a new value: a block map key by key, a scalar in place (keeping its quotes), anything else rewritten whole. */
function valueEdits(
  view: YamlView,
  editor: YamlEditor,
  map: YAMLMap<unknown, unknown>,
  pair: Pair<unknown, unknown>,
  key: string,
  value: YamlValue,
): TextEdit[] | undefined {
  const current = pair.value;
  if (isMap(current) && typeof value === 'object' && !Array.isArray(value) && pairsOf(current))
    return mapEdits(view, editor, current, value as Record<string, YamlValue>);
  if (isScalar(current) && current.value !== null && (typeof value === 'string' || typeof value === 'number'))
    return once(editor.replaceScalar(view, current, value));
  const column = editor.keyColumn(view, map);
  const keyRange = view.range(pair.key);
  const end = editor.endOfPair(view, pair);
  if (column === undefined || !keyRange || end === undefined) return undefined;
  const [first = '', ...rest] = renderYaml({ [key]: value }, column, editor.style);
  // Up to the value's end: a comment after it on its last line stays, after the new value.
  return [{ range: { start: keyRange.start, end }, newText: [first.trimStart(), ...rest].join(editor.style.eol) }];
}

/** A block map made to hold `value`: keys it lacks removed, changed ones edited, new ones added after the last. */
function mapEdits(view: YamlView, editor: YamlEditor, map: YAMLMap<unknown, unknown>, value: Record<string, YamlValue>): TextEdit[] | undefined {
  const pairs = pairsOf(map);
  if (!pairs) return undefined;
  const edits: TextEdit[] = [];
  const added: Record<string, YamlValue> = {};
  for (const [key, pair] of pairs) {
    if (key in value) continue;
    const removal = editor.removePair(view, map, pair);
    if (!removal) return undefined;
    edits.push(removal);
  }
  for (const [key, child] of Object.entries(value)) {
    const pair = pairs.get(key);
    if (!pair) added[key] = child;
    else if (!isDeepStrictEqual(isNode(pair.value) ? pair.value.toJS(view.document.doc) : pair.value, child)) {
      const changed = valueEdits(view, editor, map, pair, key, child);
      if (!changed) return undefined;
      edits.push(...changed);
    }
  }
  if (Object.keys(added).length > 0) {
    const insertion = editor.insertIntoMap(view, map, added);
    if (!insertion) return undefined;
    edits.push(insertion);
  }
  return edits;
}

function checked(original: string, edits: TextEdit[] | undefined, path: readonly string[], value: YamlValue): TextEdit[] | undefined {
  if (!edits) return undefined;
  let after: string;
  try {
    after = applyEdits(original, edits);
  } catch {
    return undefined;
  }
  // The key now holds the value, and every other key keeps its own: only `path` changed.
  const [whole, before] = [valuesAt(after, []), valuesAt(original, [])];
  if (!isDeepStrictEqual(at(whole, path), value)) return undefined;
  if (!isDeepStrictEqual(without(whole, path), without(before, path))) return undefined;
  // Each edit as small as its change: a path in a probe, not the whole line.
  return edits.flatMap((e) => once(minimalEdit(original.slice(e.range.start, e.range.end), e.newText, e.range.start)) ?? []);
}
