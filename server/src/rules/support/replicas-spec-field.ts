import type { Pair, YAMLMap } from 'yaml';
import type { YamlView } from '../../parse/yaml-file';

/** A key of a map: its pair, absent for sure, or `unknown` when a template line may emit it. */
export type FieldLookup = Pair<unknown, unknown> | 'absent' | 'unknown';

/**
 * Looks up `key` in a block map, telling a truly missing key from one that a
 * Helm line such as `{{- toYaml .Values.extra | nindent 2 }}` may emit at the
 * map's level (the mask blanks such lines, so the parse cannot see what they add).
 */
export function fieldOf(view: YamlView, map: YAMLMap<unknown, unknown> | undefined, key: string): FieldLookup {
  const pair = view.pair(map, key);
  if (pair) return pair;
  return map && mayEmitKeys(view, map) ? 'unknown' : 'absent';
}

const DIRECTIVE_ONLY_LINE = /^\s*(?:\{\{.*?\}\}\s*)+$/;
const DIRECTIVE = /\{\{-?\s*(.*?)\s*-?\}\}/g;
// Directives that only steer the template; everything else (include, toYaml, tpl, .Values...) writes text.
const CONTROL = /^(?:if|else|end|with|range|define|break|continue)\b|^\/\*|^\$\w*\s*:?=/;

/** Whether a directive-only line inside the block map writes output at the map's key column (templated documents only). */
export function mayEmitKeys(view: YamlView, map: YAMLMap<unknown, unknown>): boolean {
  const { document } = view;
  const first = map.items[0];
  const firstRange = first && view.range(first.key);
  if (!document.templated || map.flow || !firstRange) return false;
  const text = document.text;
  const firstOffset = firstRange.start - document.start;
  const lineStart = text.lastIndexOf('\n', firstOffset - 1) + 1;
  const column = firstOffset - lineStart;
  const lines = text.slice(text.indexOf('\n', firstOffset) + 1).split('\n');
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (!DIRECTIVE_ONLY_LINE.test(line)) {
      if (indent < column) return false;
      continue;
    }
    for (const [, body] of line.matchAll(DIRECTIVE)) {
      if (CONTROL.test(body!)) continue;
      const indentArg = /\bn?indent\s+(\d+)/.exec(body!);
      if ((indentArg ? Number(indentArg[1]) : indent) === column) return true;
    }
  }
  return false;
}

