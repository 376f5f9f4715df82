import { parseDocument } from 'yaml';
import { keyPathRange } from '../parse/key-path';
import { LineIndex } from '../parse/line-index';

/** Where a values key is given to helm: a line of a values file, or a `--set` pair. */
export type ValuesKeySource = { readonly path: string; readonly line: number } | { readonly set: string };

/**
 * Every place that gives a chart's `.Values` key (`livenessProbe`, `image.tag`), in the order helm
 * applies them: the values files (the chart's `values.yaml` first, then the user's `--values`
 * files; one-based lines), then `--set` pairs that set the key, a key inside it, or a map around it.
 * Later ones win for scalars; maps merge, so every place listed may contribute.
 */
export function valuesKeySources(
  key: string,
  files: readonly string[],
  set: readonly string[],
  readText: (path: string) => string | undefined,
): ValuesKeySource[] {
  const out: ValuesKeySource[] = [];
  const segments = key.split('.');
  for (const path of files) {
    const text = readText(path);
    const offset = text === undefined ? undefined : keyOffset(text, segments);
    if (text !== undefined && offset !== undefined) out.push({ path, line: new LineIndex(text).positionAt(offset).line + 1 });
  }
  for (const pair of set) {
    const setKey = pair.slice(0, pair.indexOf('='));
    if (setKey === key || setKey.startsWith(`${key}.`) || key.startsWith(`${setKey}.`)) out.push({ set: pair });
  }
  return out;
}

/** Offset of the last key of a path in a YAML text (block or flow mappings), when every key of the path is there. */
function keyOffset(text: string, segments: readonly string[]): number | undefined {
  const document = parseDocument(text, { uniqueKeys: false });
  // helm refuses a values file that does not parse: such a file gives no key.
  if (document.errors.length > 0) return undefined;
  return keyPathRange(document.contents, segments)?.start;
}
