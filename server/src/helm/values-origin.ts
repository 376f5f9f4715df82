import { parseDocument } from 'yaml';
import { keyPathRange } from '../parse/key-path';
import { LineIndex } from '../parse/line-index';
import type { OffsetRange } from '../types';

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
  const out: ValuesKeySource[] = valuesKeyRanges(key, files, readText).map(({ path, text, range }) => ({
    path,
    line: new LineIndex(text).positionAt(range.start).line + 1,
  }));
  for (const pair of set) {
    const setKey = pair.slice(0, pair.indexOf('='));
    if (setKey === key || setKey.startsWith(`${key}.`) || key.startsWith(`${setKey}.`)) out.push({ set: pair });
  }
  return out;
}

/** The values files (in order) that set a key, with the key's range in each (block or flow mappings; every key of the path written). */
export function valuesKeyRanges(
  key: string,
  files: readonly string[],
  readText: (path: string) => string | undefined,
): Array<{ readonly path: string; readonly text: string; readonly range: OffsetRange }> {
  const segments = key.split('.');
  return files.flatMap((path) => {
    const text = readText(path);
    if (text === undefined) return [];
    const document = parseDocument(text, { uniqueKeys: false });
    // helm refuses a values file that does not parse: such a file gives no key.
    const range = document.errors.length > 0 ? undefined : keyPathRange(document.contents, segments);
    return range ? [{ path, text, range }] : [];
  });
}
