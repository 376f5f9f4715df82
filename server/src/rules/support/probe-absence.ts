import type { ParsedNode, YAMLMap } from 'yaml';
import type { ContainerRef } from '../../model/pod-spec';
import type { YamlView } from '../../parse/yaml-file';
import type { ProbeKey } from './probe-handler';

const DIRECTIVES_ONLY = /^(?:\{\{.*?\}\}\s*)+$/;

/**
 * Whether we are sure the container has no probe under `key`. A Helm directive on
 * a line of its own inside the container (`{{- include "app.probes" . | nindent 10 }}`)
 * may emit that key, so its absence from the parse proves nothing.
 */
export function probeSurelyAbsent(container: ContainerRef, key: ProbeKey): boolean {
  const { view } = container.pod.object;
  return view.pair(container.node, key) === undefined && !mayEmitKeys(view, container.node);
}

/**
 * Masking blanks directive-only lines, so they do not show in the map: look for
 * them in the original text from the map's first key to the first content line
 * indented left of its keys. A directive counts when it sits at the keys' column
 * or deeper, or indents its output (`nindent N`) that far.
 */
function mayEmitKeys(view: YamlView, map: YAMLMap<unknown, unknown>): boolean {
  const { document } = view;
  if (!document.templated) return false;
  if (map.items.some((item) => view.isTemplated(item.key))) return true;
  const start = (map.items[0]?.key as ParsedNode | undefined)?.range?.[0];
  if (start === undefined) return true;
  const text = document.text;
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  for (let at = text.indexOf('\n', start) + 1; at > 0 && at < text.length; ) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(at, end);
    const trimmed = line.trim();
    const indent = line.length - line.trimStart().length;
    if (DIRECTIVES_ONLY.test(trimmed)) {
      const output = /\bn?indent\s+(\d+)/.exec(trimmed);
      if (indent >= column || (output && Number(output[1]) >= column)) return true;
    } else if (trimmed !== '' && !trimmed.startsWith('#') && indent < column) {
      return false;
    }
    at = end + 1;
  }
  return false;
}
