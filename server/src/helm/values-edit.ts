import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
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
    if (document.errors.length > 0) return undefined;
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    return path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), value);
  } catch {
    return undefined;
  }
}

/**
 * The edit that sets `path` to `value` in a chart's `values.yaml`, in the file's own style: the key's
 * value replaced (a scalar in place; `lifecycle: {}` or a block by a new block), or the key added
 * to its parent map when only the key is missing. Undefined when that cannot be done exactly (flow
 * maps on the way, anchors or merge keys, duplicate keys, several documents); the result is
 * re-read to check that the key now holds the value and nothing else changed.
 */
export function setValuesKey(text: string, path: readonly string[], value: YamlValue): TextEdit | undefined {
  const file = parseYamlFile(text);
  const [document, ...others] = file.documents;
  if (!document || others.length > 0 || document.doc.errors.length > 0 || path.length === 0) return undefined;
  const view = new YamlView(document);
  const editor = new YamlEditor(text);
  let map = view.asMap(view.root);
  for (const [i, key] of path.entries()) {
    if (!map || map.flow || map.items.length === 0) return undefined;
    const pairs = map.items.filter((p) => isScalar(p.key) && p.key.value === key);
    if (map.items.some((p) => !isScalar(p.key) || p.key.value === '<<') || pairs.length > 1) return undefined;
    const pair = pairs[0];
    const last = i === path.length - 1;
    if (!pair) return last ? checked(text, editor.insertIntoMap(view, map, { [key]: value }), path, value) : undefined;
    if (last) return checked(text, replaceValue(view, editor, map, pair, key, value), path, value);
    map = isMap(pair.value) ? pair.value : undefined;
  }
  return undefined;
}

/** A pair's value replaced: a scalar by a scalar in place (keeping its quotes), anything else by the whole pair rewritten. */
function replaceValue(view: YamlView, editor: YamlEditor, map: YAMLMap<unknown, unknown>, pair: Pair<unknown, unknown>, key: string, value: YamlValue): TextEdit | undefined {
  if (isScalar(pair.value) && pair.value.value !== null && (typeof value === 'string' || typeof value === 'number'))
    return editor.replaceScalar(view, pair.value, value);
  const column = editor.keyColumn(view, map);
  const keyRange = view.range(pair.key);
  const end = editor.endOfPair(view, pair);
  if (column === undefined || !keyRange || end === undefined) return undefined;
  const [first = '', ...rest] = renderYaml({ [key]: value }, column, editor.style);
  // Up to the value's end: a comment after it on its last line stays, after the new value.
  return { range: { start: keyRange.start, end }, newText: [first.trimStart(), ...rest].join(editor.style.eol) };
}

function checked(original: string, edit: TextEdit | undefined, path: readonly string[], value: YamlValue): TextEdit | undefined {
  if (!edit) return undefined;
  const after = applyEdits(original, [edit]);
  if (!isDeepStrictEqual(valuesAt(after, path), value)) return undefined;
  // Every other key keeps its value: only `path` changed.
  const strip = (t: string) => {
    const all = valuesAt(t, []);
    let node = all as Record<string, unknown> | undefined;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    if (node && typeof node === 'object') delete node[path[path.length - 1] ?? ''];
    return all;
  };
  // As small as the change: a path in a probe, not the whole probe.
  return isDeepStrictEqual(strip(after), strip(original)) ? minimalEdit(original, after) : undefined;
}
